import type { FastifyInstance, FastifyReply } from 'fastify';
import { requireUser } from '../../platform/auth/plugin.ts';
import { contextFrom } from '../../platform/context.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { type FieldErrors, ValidationError } from '../../lib/errors.ts';
import { britishDate, formatMinutes, londonToday } from './exports.format.ts';
import { withDateField } from './hours.schemas.ts';
import { AddItemForm, AttendanceForm, CreateMeetingForm, InviteForm, ItemStatusForm, MEETING_KIND_LABELS, NotesForm } from './meetings.schemas.ts';
import { addItem, createMeeting, inviteChampions, meetingDetail, meetingFormContext, meetingsOf, recordAttendance, saveNotes, setItemStatus } from './meetings.service.ts';
import { readChampionForm } from './champions.schemas.ts';

type OrgParams = { Params: { organisationId: string } };
type MeetingParams = { Params: { organisationId: string; meetingId: string } };
const kindItems = Object.entries(MEETING_KIND_LABELS).map(([value, text]) => ({ value, text }));
const NOTICES: Record<string, string> = { invited: 'Invitations added.', attendance: 'Attendance recorded and hours credited.', notes: 'Notes saved.', item: 'Added.', status: 'Updated.' };

/** The ticked values of a checkbox field as read from a form: none, one or many. */
function ticked(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : typeof value === 'string' ? [value] : [];
}

async function showMeeting(ctx: ServiceContext, reply: FastifyReply, params: MeetingParams['Params'], extra: { flash?: string; errors?: FieldErrors; values?: Record<string, unknown> } = {}, status = 200) {
  const detail = await meetingDetail(ctx, params.organisationId, params.meetingId);
  const meeting = { ...detail.meeting, kindLabel: MEETING_KIND_LABELS[detail.meeting.kind], date: britishDate(detail.meeting.held_on), length: formatMinutes(detail.meeting.minutes * detail.meeting.days) };
  const items = detail.items.map((item) => ({ ...item, due: britishDate(item.due_on) }));
  const values = extra.values ?? {};
  const ownerOptions = detail.owners.map((owner) => ({ value: owner.id, text: owner.display_name, selected: values.ownerChampionId === owner.id }));
  // A form shown again keeps what was ticked on it; otherwise attendance shows what was recorded.
  const attendedTicks = values.attendedIds === undefined ? null : ticked(values.attendedIds);
  const attendanceItems = detail.invitations.map((invitation) => ({ value: invitation.id, text: invitation.display_name, checked: attendedTicks ? attendedTicks.includes(invitation.id) : invitation.attended === true }));
  const inviteTicks = ticked(values.championIds);
  const inviteItems = detail.uninvited.map((champion) => ({ value: champion.id, text: champion.display_name, checked: inviteTicks.includes(champion.id) }));
  const attendanceOpen = String(detail.meeting.held_on) <= londonToday();
  return reply.view('champions/views/meetings-show.njk', { ...detail, meeting, boardItems: items, ownerOptions, attendanceItems, inviteItems, attendanceOpen, values, errors: extra.errors, flash: extra.flash }, status);
}

/** Champion meetings: schedule, invite, attendance (crediting hours once), notes, decisions, ideas and actions. */
export async function meetingPages(app: FastifyInstance): Promise<void> {
  const base = '/organisations/:organisationId/champion-meetings';
  app.get<OrgParams>(base, { preHandler: requireUser }, async (request, reply) => {
    const { organisation, meetings } = await meetingsOf(contextFrom(request), request.params.organisationId);
    return reply.view('champions/views/meetings-list.njk', { organisation, meetings: meetings.map((meeting) => ({ ...meeting, date: britishDate(meeting.held_on), kindLabel: MEETING_KIND_LABELS[meeting.kind] })) });
  });

  app.get<OrgParams>(`${base}/new`, { preHandler: requireUser }, async (request, reply) => {
    const { organisation } = await meetingFormContext(contextFrom(request), request.params.organisationId);
    return reply.view('champions/views/meetings-new.njk', { organisation, kindItems, values: { hours: '2', minutes: '0' } });
  });

  app.post<OrgParams>(`${base}/new`, { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    const form = readChampionForm(CreateMeetingForm, withDateField(request.body, 'heldOn'));
    if (!form.ok) {
      const { organisation } = await meetingFormContext(ctx, request.params.organisationId);
      return reply.view('champions/views/meetings-new.njk', { organisation, kindItems, values: form.values, errors: form.errors }, 400);
    }
    const id = await createMeeting(ctx, request.params.organisationId, form.data);
    return reply.redirect(`/organisations/${request.params.organisationId}/champion-meetings/${id}`, 303);
  });

  app.get<MeetingParams & { Querystring: { done?: string } }>(`${base}/:meetingId`, { preHandler: requireUser }, async (request, reply) =>
    showMeeting(contextFrom(request), reply, request.params, { flash: NOTICES[request.query.done ?? ''] }),
  );

  const action = <S extends Parameters<typeof readChampionForm>[0]>(path: string, schema: S, done: string, run: (ctx: ServiceContext, params: MeetingParams['Params'], data: ReturnType<S['parse']>) => Promise<unknown>) => {
    app.post<MeetingParams>(`${base}/:meetingId/${path}`, { preHandler: requireUser }, async (request, reply) => {
      const ctx = contextFrom(request);
      const body = path === 'items' ? withDateField(request.body, 'dueOn') : request.body;
      const form = readChampionForm(schema, body);
      if (!form.ok) {
        return showMeeting(ctx, reply, request.params, { errors: form.errors, values: form.values }, 400);
      }
      try {
        await run(ctx, request.params, form.data as ReturnType<S['parse']>);
      } catch (error) {
        if (error instanceof ValidationError) {
          // What was typed (a due date's day, month and year), not the parsed form, goes back on the page.
          const { _csrf: _token, ...typed } = (body ?? {}) as Record<string, unknown>;
          return showMeeting(ctx, reply, request.params, { errors: error.errors, values: typed }, 400);
        }
        throw error;
      }
      return reply.redirect(`/organisations/${request.params.organisationId}/champion-meetings/${request.params.meetingId}?done=${done}`, 303);
    });
  };
  action('invitations', InviteForm, 'invited', (ctx, params, data) => inviteChampions(ctx, params.organisationId, params.meetingId, data.championIds));
  action('attendance', AttendanceForm, 'attendance', (ctx, params, data) => recordAttendance(ctx, params.organisationId, params.meetingId, data.attendedIds));
  action('notes', NotesForm, 'notes', (ctx, params, data) => saveNotes(ctx, params.organisationId, params.meetingId, data.notes));
  action('items', AddItemForm, 'item', (ctx, params, data) => addItem(ctx, params.organisationId, params.meetingId, data));

  app.post<{ Params: { organisationId: string; meetingId: string; itemId: string } }>(`${base}/:meetingId/items/:itemId/status`, { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    const form = readChampionForm(ItemStatusForm, request.body);
    if (!form.ok) {
      return showMeeting(ctx, reply, request.params, { errors: form.errors }, 400);
    }
    await setItemStatus(ctx, request.params.organisationId, request.params.meetingId, request.params.itemId, form.data.status);
    return reply.redirect(`/organisations/${request.params.organisationId}/champion-meetings/${request.params.meetingId}?done=status`, 303);
  });
}
