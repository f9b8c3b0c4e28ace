import type { FastifyInstance } from 'fastify';
import { requireUser } from '../../../platform/auth/plugin.ts';
import { contextFrom, type ServiceContext } from '../../../platform/context.ts';
import { submitForm } from '../../../platform/http/forms.ts';
import { refusedOn } from '../shared/refusals.rules.ts';
import { londonToday } from '../../../lib/dates.ts';
import {
  endsText,
  newScheduleValues,
  presentSessionLine,
  presentSkipped,
  scheduleFormChoices,
} from './schedules.presenter.ts';
import { EndScheduleForm, ExceptionForm, ScheduleForm, withDateFields } from './schedules.schemas.ts';
import {
  activityForNewSchedule,
  addException,
  createSchedule,
  endSchedule,
  scheduleOf,
  schedulesOverview,
} from './schedules.service.ts';

type ActivityParams = { Params: { activityId: string } };
type ScheduleParams = { Params: { activityId: string; scheduleId: string } };

const NOTICES: Record<string, string> = {
  created: 'Schedule added. Its sessions for the next 12 weeks are listed below.',
  skipped: 'The date has been skipped.',
  ended: 'The schedule has been ended.',
};

async function scheduleFormPage(ctx: ServiceContext, scheduleId: string, activityId: string) {
  const { activity, schedule, skipped, description } = await scheduleOf(ctx, activityId, scheduleId);
  return { activity, schedule, description, skipped: skipped.map(presentSkipped), endsOn: endsText(schedule.ends_on) };
}

/** Schedules with recurrence, exceptions and ends: the schedules of an activity and their forms. */
export async function schedulePages(app: FastifyInstance): Promise<void> {
  const base = '/activities/:activityId/schedules';

  app.get<ActivityParams & { Querystring: { done?: string } }>(
    base,
    { preHandler: requireUser },
    async (request, reply) => {
      const overview = await schedulesOverview(contextFrom(request), request.params.activityId);
      return reply.view('activities/schedules/views/schedules.njk', {
        ...overview,
        schedules: overview.schedules.map((schedule) => ({
          ...schedule,
          skipped: schedule.skipped.map(presentSkipped),
          endsOn: endsText(schedule.ends_on),
        })),
        sessions: overview.sessions.map((line) => presentSessionLine(overview.activity.id, line)),
        flash: NOTICES[request.query.done ?? ''],
      });
    },
  );

  app.get<ActivityParams>(`${base}/new`, { preHandler: requireUser }, async (request, reply) => {
    const activity = await activityForNewSchedule(contextFrom(request), request.params.activityId);
    return reply.view('activities/schedules/views/schedule-new.njk', {
      activity,
      ...scheduleFormChoices(),
      values: newScheduleValues(activity.venue_name, londonToday()),
    });
  });

  app.post<ActivityParams>(`${base}/new`, { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    const activity = await activityForNewSchedule(ctx, request.params.activityId);
    return submitForm(reply, {
      schema: ScheduleForm,
      body: withDateFields(request.body, ['startsOn', 'endsOn']),
      submit: (data) => createSchedule(ctx, activity.id, data),
      redirect: () => `/activities/${activity.id}/schedules?done=created`,
      show: (state, status) =>
        reply.view(
          'activities/schedules/views/schedule-new.njk',
          { activity, ...scheduleFormChoices(), ...state },
          status,
        ),
    });
  });

  app.get<ScheduleParams>(`${base}/:scheduleId/exceptions`, { preHandler: requireUser }, async (request, reply) =>
    reply.view('activities/schedules/views/schedule-exception.njk', {
      ...(await scheduleFormPage(contextFrom(request), request.params.scheduleId, request.params.activityId)),
      values: {},
    }),
  );

  app.post<ScheduleParams>(`${base}/:scheduleId/exceptions`, { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    const { activityId, scheduleId } = request.params;
    return submitForm(reply, {
      schema: ExceptionForm,
      body: withDateFields(request.body, ['onDate']),
      submit: (data) => refusedOn('onDate', () => addException(ctx, activityId, scheduleId, data)),
      redirect: () => `/activities/${activityId}/schedules?done=skipped`,
      show: async (state, status) =>
        reply.view(
          'activities/schedules/views/schedule-exception.njk',
          { ...(await scheduleFormPage(ctx, scheduleId, activityId)), ...state },
          status,
        ),
    });
  });

  app.get<ScheduleParams>(`${base}/:scheduleId/end`, { preHandler: requireUser }, async (request, reply) =>
    reply.view('activities/schedules/views/schedule-end.njk', {
      ...(await scheduleFormPage(contextFrom(request), request.params.scheduleId, request.params.activityId)),
      values: {},
    }),
  );

  app.post<ScheduleParams>(`${base}/:scheduleId/end`, { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    const { activityId, scheduleId } = request.params;
    return submitForm(reply, {
      schema: EndScheduleForm,
      body: withDateFields(request.body, ['endsOn']),
      submit: (data) => refusedOn('endsOn', () => endSchedule(ctx, activityId, scheduleId, data.endsOn)),
      redirect: () => `/activities/${activityId}/schedules?done=ended`,
      show: async (state, status) =>
        reply.view(
          'activities/schedules/views/schedule-end.njk',
          { ...(await scheduleFormPage(ctx, scheduleId, activityId)), ...state },
          status,
        ),
    });
  });
}
