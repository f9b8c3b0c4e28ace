import { recordAudit } from '../../../platform/audit/audit.ts';
import { inTransaction, type ServiceContext } from '../../../platform/context.ts';
import { NotFoundError, ValidationError } from '../../../lib/errors.ts';
import { isUuid, newId } from '../../../lib/ids.ts';
import { insertHours } from '../hours/hours.repo.ts';
import {
  findMeeting,
  insertInvitations,
  insertMeeting,
  isChampionOf,
  listInvitableChampions,
  listInvitations,
  listMeetings,
  lockInvitees,
  markAttendanceRecorded,
  markAttended,
  removeUnattendedHours,
  updateNotes,
} from './meetings.repo.ts';
import { findItem, insertItem, listItems, updateItemStatus } from './meeting-items.repo.ts';
import { type AddItemForm, type CreateMeetingForm, MEETING_KIND_LABELS } from './meetings.schemas.ts';
import { organisationName, staffScope } from '../self-service/self-service.service.ts';
import { britishDate, londonToday } from '../../../lib/dates.ts';

async function meetingInScope(ctx: ServiceContext, organisationId: string, meetingId: string) {
  const scope = await staffScope(ctx, 'champions:meetings', organisationId);
  const meeting = isUuid(meetingId) ? await findMeeting(ctx.db, scope, meetingId) : undefined;
  if (!meeting) {
    throw new NotFoundError();
  }
  return { scope, meeting };
}

/** The organisation's meetings. */
export async function meetingsOf(ctx: ServiceContext, organisationId: string) {
  const scope = await staffScope(ctx, 'champions:meetings', organisationId);
  return {
    organisation: { id: organisationId, name: await organisationName(ctx, organisationId) },
    meetings: await listMeetings(ctx.db, scope),
  };
}

/** The organisation, for the new-meeting form (checks permission). */
export async function meetingFormContext(ctx: ServiceContext, organisationId: string) {
  await staffScope(ctx, 'champions:meetings', organisationId);
  return { organisation: { id: organisationId, name: await organisationName(ctx, organisationId) } };
}

/** Schedules a meeting. */
export async function createMeeting(
  ctx: ServiceContext,
  organisationId: string,
  form: CreateMeetingForm,
): Promise<string> {
  const scope = await staffScope(ctx, 'champions:meetings', organisationId);
  return inTransaction(ctx, async ({ db: tx }) => {
    const id = await insertMeeting(tx, scope, organisationId, form, ctx.actor?.userId ?? '');
    await recordAudit(tx, ctx.audit, {
      action: 'champion.meeting-created',
      subjectType: 'champion_meeting',
      subjectId: id,
      organisationId,
    });
    return id;
  });
}

/** A meeting with its invitations, items and who else could be invited. Viewing it (names, attendance, notes) is audited. */
export async function meetingDetail(ctx: ServiceContext, organisationId: string, meetingId: string) {
  const { scope, meeting } = await meetingInScope(ctx, organisationId, meetingId);
  const invitations = await listInvitations(ctx.db, scope, meeting.id);
  const invited = new Set(invitations.map((invitation) => invitation.id));
  const champions = await listInvitableChampions(ctx.db, scope, organisationId);
  await recordAudit(ctx.db, ctx.audit, {
    action: 'champion.meeting-viewed',
    subjectType: 'champion_meeting',
    subjectId: meeting.id,
    organisationId,
  });
  return {
    organisation: { id: organisationId, name: await organisationName(ctx, organisationId) },
    meeting,
    invitations,
    uninvited: champions.filter((champion) => !invited.has(champion.id)),
    owners: champions,
    items: await listItems(ctx.db, scope, meeting.id),
  };
}

/** Invites champions of the practice. */
export async function inviteChampions(
  ctx: ServiceContext,
  organisationId: string,
  meetingId: string,
  championIds: readonly string[],
): Promise<number> {
  const { scope, meeting } = await meetingInScope(ctx, organisationId, meetingId);
  const practice = await organisationName(ctx, organisationId);
  return inTransaction(ctx, async ({ db: tx }) => {
    const invited = await insertInvitations(tx, scope, organisationId, meeting.id, championIds);
    for (const champion of invited) {
      if (champion.email) {
        await ctx.notifier.sendEmail(tx, {
          to: champion.email,
          organisationId,
          subject: `You are invited: ${meeting.title}`,
          body:
            `${practice} invites you to "${meeting.title}" (${MEETING_KIND_LABELS[meeting.kind].toLowerCase()}) ` +
            `on ${britishDate(meeting.held_on)}${meeting.days === 2 ? ' and the day after' : ''}` +
            `${meeting.location ? `, at ${meeting.location}` : ''}.\n\nYour champion page: ${ctx.config.baseUrl}/champion`,
        });
      }
    }
    await recordAudit(tx, ctx.audit, {
      action: 'champion.meeting-invited',
      subjectType: 'champion_meeting',
      subjectId: meeting.id,
      organisationId,
      details: { count: invited.length },
    });
    return invited.length;
  });
}

/**
 * Records who came. Each attendee is credited the meeting's time once (the hours row is keyed
 * by meeting and champion, so marking attendance again never doubles it); someone unticked
 * loses the credit unless it has already been verified. Nobody has come to a meeting that has
 * not started, so attendance waits for its day: hours are never credited for the future.
 */
export async function recordAttendance(
  ctx: ServiceContext,
  organisationId: string,
  meetingId: string,
  attendedIds: readonly string[],
): Promise<number> {
  const { scope, meeting } = await meetingInScope(ctx, organisationId, meetingId);
  if (String(meeting.held_on) > londonToday(ctx.clock.now())) {
    throw new ValidationError({
      attendedIds: `This meeting has not happened yet. You can record who came from ${britishDate(meeting.held_on)}`,
    });
  }
  return inTransaction(ctx, async ({ db: tx }) => {
    const invitees = await lockInvitees(tx, scope, meeting.id);
    const attended = invitees.map((row) => row.champion_id).filter((id) => attendedIds.includes(id));
    if (attendedIds.some((id) => !attended.includes(id))) {
      throw new ValidationError({ attendedIds: 'Only invited champions can be marked as attending' });
    }
    await markAttended(tx, scope, meeting.id, attended);
    let credited = 0;
    for (const championId of attended) {
      const added = await insertHours(tx, scope, {
        championId,
        organisationId,
        workedOn: meeting.held_on,
        minutes: meeting.minutes * meeting.days,
        category: 'meeting',
        description: meeting.title,
        meetingId: meeting.id,
      });
      credited += added ? 1 : 0;
    }
    await removeUnattendedHours(tx, scope, meeting.id, attended);
    await markAttendanceRecorded(tx, scope, meeting.id, ctx.clock.now());
    await recordAudit(tx, ctx.audit, {
      action: 'champion.meeting-attendance',
      subjectType: 'champion_meeting',
      subjectId: meeting.id,
      organisationId,
      details: { attended: attended.length, credited },
    });
    return credited;
  });
}

/** Saves the meeting's notes. */
export async function saveNotes(
  ctx: ServiceContext,
  organisationId: string,
  meetingId: string,
  notes: string,
): Promise<void> {
  return inTransaction(ctx, async (tx) => {
    const { scope, meeting } = await meetingInScope(tx, organisationId, meetingId);
    await updateNotes(tx.db, scope, meeting.id, notes);
  });
}

/** Adds a decision, idea or action (actions may have an owner from the practice and a due date). */
export async function addItem(
  ctx: ServiceContext,
  organisationId: string,
  meetingId: string,
  form: AddItemForm,
): Promise<void> {
  return inTransaction(ctx, async (tx) => {
    const { scope, meeting } = await meetingInScope(tx, organisationId, meetingId);
    if (form.ownerChampionId) {
      if (!(await isChampionOf(tx.db, scope, organisationId, form.ownerChampionId))) {
        throw new ValidationError({ ownerChampionId: 'Select an owner from this practice' });
      }
    }
    await insertItem(tx.db, scope, {
      id: newId(),
      meeting_id: meeting.id,
      organisation_id: organisationId,
      kind: form.kind,
      text: form.text,
      owner_champion_id: form.ownerChampionId || null,
      due_on: form.dueOn || null,
    });
  });
}

/** Marks an action done, or an idea as proposed for the activities module to pick up. */
export async function setItemStatus(
  ctx: ServiceContext,
  organisationId: string,
  meetingId: string,
  itemId: string,
  status: 'done' | 'proposed_activity',
): Promise<void> {
  return inTransaction(ctx, async (tx) => {
    const { scope, meeting } = await meetingInScope(tx, organisationId, meetingId);
    const item = isUuid(itemId) ? await findItem(tx.db, scope, meeting.id, itemId) : undefined;
    if (!item) {
      throw new NotFoundError();
    }
    if (status === 'proposed_activity' && item.kind !== 'idea') {
      throw new ValidationError({ status: 'Only ideas can be proposed as activities' });
    }
    await updateItemStatus(tx.db, scope, item.id, status);
    await recordAudit(tx.db, tx.audit, {
      action: status === 'done' ? 'champion.meeting-item-done' : 'champion.meeting-item-proposed',
      subjectType: 'champion_meeting_item',
      subjectId: item.id,
      organisationId,
    });
  });
}
