import type { FastifyInstance, FastifyReply } from 'fastify';
import type { z } from 'zod';
import { requireUser } from '../../../platform/auth/plugin.ts';
import { contextFrom } from '../../../platform/context.ts';
import type { ServiceContext } from '../../../platform/context.ts';
import { submitForm } from '../../../platform/http/forms.ts';
import type { FieldErrors } from '../../../lib/errors.ts';
import {
  AddItemForm,
  AttendanceForm,
  CreateMeetingForm,
  InviteForm,
  ItemStatusForm,
  MEETING_KIND_LABELS,
  NotesForm,
} from './meetings.schemas.ts';
import {
  addItem,
  createMeeting,
  inviteChampions,
  meetingDetail,
  meetingFormContext,
  meetingsOf,
  recordAttendance,
  saveNotes,
  setItemStatus,
} from './meetings.service.ts';
import { championForm } from '../shared/champions.schemas.ts';
import { londonToday, withDateField } from '../../../lib/dates.ts';
import { presentMeeting, presentMeetingList } from './meetings.presenter.ts';

type OrgParams = { Params: { organisationId: string } };
type MeetingParams = { Params: { organisationId: string; meetingId: string } };
const kindItems = Object.entries(MEETING_KIND_LABELS).map(([value, text]) => ({ value, text }));
const NOTICES: Record<string, string> = {
  invited: 'Invitations added.',
  attendance: 'Attendance recorded and hours credited.',
  notes: 'Notes saved.',
  item: 'Added.',
  status: 'Updated.',
};

async function showMeeting(
  ctx: ServiceContext,
  reply: FastifyReply,
  params: MeetingParams['Params'],
  extra: { flash?: string; errors?: FieldErrors; values?: Record<string, unknown> } = {},
  status = 200,
) {
  const detail = await meetingDetail(ctx, params.organisationId, params.meetingId);
  const attendanceOpen = String(detail.meeting.held_on) <= londonToday(ctx.clock.now());
  return reply.view(
    'champions/meetings/views/meetings-show.njk',
    presentMeeting(detail, attendanceOpen, extra),
    status,
  );
}

/** Champion meetings: schedule, invite, attendance (crediting hours once), notes, decisions, ideas and actions. */
export async function meetingPages(app: FastifyInstance): Promise<void> {
  const base = '/organisations/:organisationId/champion-meetings';
  app.get<OrgParams>(base, { preHandler: requireUser }, async (request, reply) => {
    const data = await meetingsOf(contextFrom(request), request.params.organisationId);
    return reply.view('champions/meetings/views/meetings-list.njk', presentMeetingList(data));
  });

  app.get<OrgParams>(`${base}/new`, { preHandler: requireUser }, async (request, reply) => {
    const { organisation } = await meetingFormContext(contextFrom(request), request.params.organisationId);
    return reply.view('champions/meetings/views/meetings-new.njk', {
      organisation,
      kindItems,
      values: { hours: '2', minutes: '0' },
    });
  });

  app.post<OrgParams>(`${base}/new`, { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    const { organisationId } = request.params;
    return submitForm(reply, {
      schema: championForm(CreateMeetingForm),
      body: withDateField(request.body, 'heldOn'),
      submit: (data) => createMeeting(ctx, organisationId, data),
      redirect: (id) => `/organisations/${organisationId}/champion-meetings/${id}`,
      show: async (state, status) =>
        reply.view(
          'champions/meetings/views/meetings-new.njk',
          { organisation: (await meetingFormContext(ctx, organisationId)).organisation, kindItems, ...state },
          status,
        ),
    });
  });

  app.get<MeetingParams & { Querystring: { done?: string } }>(
    `${base}/:meetingId`,
    { preHandler: requireUser },
    async (request, reply) =>
      showMeeting(contextFrom(request), reply, request.params, { flash: NOTICES[request.query.done ?? ''] }),
  );

  const action = <S extends z.ZodType>(
    path: string,
    schema: S,
    done: string,
    run: (ctx: ServiceContext, params: MeetingParams['Params'], data: z.infer<S>) => Promise<unknown>,
  ) => {
    app.post<MeetingParams>(`${base}/:meetingId/${path}`, { preHandler: requireUser }, async (request, reply) => {
      const ctx = contextFrom(request);
      return submitForm(reply, {
        schema: championForm(schema),
        // What was typed (a due date's day, month and year) goes back on the page with the errors.
        body: path === 'items' ? withDateField(request.body, 'dueOn') : request.body,
        submit: (data) => run(ctx, request.params, data),
        redirect: () =>
          `/organisations/${request.params.organisationId}/champion-meetings/${request.params.meetingId}?done=${done}`,
        show: (state, status) => showMeeting(ctx, reply, request.params, state, status),
      });
    });
  };
  action('invitations', InviteForm, 'invited', (ctx, params, data) =>
    inviteChampions(ctx, params.organisationId, params.meetingId, data.championIds),
  );
  action('attendance', AttendanceForm, 'attendance', (ctx, params, data) =>
    recordAttendance(ctx, params.organisationId, params.meetingId, data.attendedIds),
  );
  action('notes', NotesForm, 'notes', (ctx, params, data) =>
    saveNotes(ctx, params.organisationId, params.meetingId, data.notes),
  );
  action('items', AddItemForm, 'item', (ctx, params, data) =>
    addItem(ctx, params.organisationId, params.meetingId, data),
  );

  app.post<{ Params: { organisationId: string; meetingId: string; itemId: string } }>(
    `${base}/:meetingId/items/:itemId/status`,
    { preHandler: requireUser },
    async (request, reply) => {
      const ctx = contextFrom(request);
      const { organisationId, meetingId, itemId } = request.params;
      return submitForm(reply, {
        schema: championForm(ItemStatusForm),
        body: request.body,
        submit: (data) => setItemStatus(ctx, organisationId, meetingId, itemId, data.status),
        redirect: () => `/organisations/${organisationId}/champion-meetings/${meetingId}?done=status`,
        show: (state, status) => showMeeting(ctx, reply, request.params, { errors: state.errors }, status),
      });
    },
  );
}
