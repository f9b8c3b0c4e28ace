import type { FastifyInstance } from 'fastify';
import { requireUser } from '../../../platform/auth/plugin.ts';
import { contextFrom, type ServiceContext } from '../../../platform/context.ts';
import { readForm } from '../../../platform/http/forms.ts';
import { londonToday } from './recurrence.rules.ts';
import { endsText, newScheduleValues, presentSessionLine, presentSkipped, refusalOf, scheduleFormChoices } from './schedules.presenter.ts';
import { EndScheduleForm, ExceptionForm, ScheduleForm, withDateFields } from './schedules.schemas.ts';
import { activityForNewSchedule, addException, createSchedule, endSchedule, scheduleOf, schedulesOverview } from './schedules.service.ts';

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

  app.get<ActivityParams & { Querystring: { done?: string } }>(base, { preHandler: requireUser }, async (request, reply) => {
    const overview = await schedulesOverview(contextFrom(request), request.params.activityId);
    return reply.view('activities/schedules/views/schedules.njk', {
      ...overview,
      schedules: overview.schedules.map((schedule) => ({ ...schedule, skipped: schedule.skipped.map(presentSkipped), endsOn: endsText(schedule.ends_on) })),
      sessions: overview.sessions.map((line) => presentSessionLine(overview.activity.id, line)),
      flash: NOTICES[request.query.done ?? ''],
    });
  });

  app.get<ActivityParams>(`${base}/new`, { preHandler: requireUser }, async (request, reply) => {
    const activity = await activityForNewSchedule(contextFrom(request), request.params.activityId);
    return reply.view('activities/schedules/views/schedule-new.njk', { activity, ...scheduleFormChoices(), values: newScheduleValues(activity.venue_name, londonToday()) });
  });

  app.post<ActivityParams>(`${base}/new`, { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    const activity = await activityForNewSchedule(ctx, request.params.activityId);
    const form = readForm(ScheduleForm, withDateFields(request.body, ['startsOn', 'endsOn']));
    if (!form.ok) {
      return reply.view('activities/schedules/views/schedule-new.njk', { activity, ...scheduleFormChoices(), values: form.values, errors: form.errors }, 400);
    }
    await createSchedule(ctx, activity.id, form.data);
    return reply.redirect(`/activities/${activity.id}/schedules?done=created`, 303);
  });

  app.get<ScheduleParams>(`${base}/:scheduleId/exceptions`, { preHandler: requireUser }, async (request, reply) =>
    reply.view('activities/schedules/views/schedule-exception.njk', { ...(await scheduleFormPage(contextFrom(request), request.params.scheduleId, request.params.activityId)), values: {} }),
  );

  app.post<ScheduleParams>(`${base}/:scheduleId/exceptions`, { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    const { activityId, scheduleId } = request.params;
    const form = readForm(ExceptionForm, withDateFields(request.body, ['onDate']));
    const refusal = form.ok ? await refusalOf('onDate', () => addException(ctx, activityId, scheduleId, form.data)) : { status: 400, errors: form.errors };
    if (refusal) {
      return reply.view('activities/schedules/views/schedule-exception.njk', { ...(await scheduleFormPage(ctx, scheduleId, activityId)), values: form.ok ? (request.body ?? {}) : form.values, errors: refusal.errors }, refusal.status);
    }
    return reply.redirect(`/activities/${activityId}/schedules?done=skipped`, 303);
  });

  app.get<ScheduleParams>(`${base}/:scheduleId/end`, { preHandler: requireUser }, async (request, reply) =>
    reply.view('activities/schedules/views/schedule-end.njk', { ...(await scheduleFormPage(contextFrom(request), request.params.scheduleId, request.params.activityId)), values: {} }),
  );

  app.post<ScheduleParams>(`${base}/:scheduleId/end`, { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    const { activityId, scheduleId } = request.params;
    const form = readForm(EndScheduleForm, withDateFields(request.body, ['endsOn']));
    const refusal = form.ok ? await refusalOf('endsOn', () => endSchedule(ctx, activityId, scheduleId, form.data.endsOn)) : { status: 400, errors: form.errors };
    if (refusal) {
      return reply.view('activities/schedules/views/schedule-end.njk', { ...(await scheduleFormPage(ctx, scheduleId, activityId)), values: form.ok ? (request.body ?? {}) : form.values, errors: refusal.errors }, refusal.status);
    }
    return reply.redirect(`/activities/${activityId}/schedules?done=ended`, 303);
  });
}
