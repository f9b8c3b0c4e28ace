import { sql } from 'kysely';
import { type Scope, requireInScope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { newId } from '../../../lib/ids.ts';
import type { CreateMeetingForm } from './meetings.schemas.ts';

const inScope = (scope: Scope) => [...scope.organisationIds];

/** Stores a new meeting. */
export async function insertMeeting(
  db: Executor,
  scope: Scope,
  organisationId: string,
  form: CreateMeetingForm,
  userId: string,
): Promise<string> {
  requireInScope(scope, organisationId);
  const id = newId();
  const days = form.kind === 'two_day_launch_workshop' ? 2 : 1;
  await db
    .insertInto('champion_meetings')
    .values({
      id,
      organisation_id: organisationId,
      kind: form.kind,
      title: form.title,
      held_on: form.heldOn,
      minutes: form.hours * 60 + form.minutes,
      days,
      location: form.location,
      created_by: userId,
    })
    .execute();
  return id;
}

/** Meetings of the organisations in scope, newest first. */
export async function listMeetings(db: Executor, scope: Scope) {
  return db
    .selectFrom('champion_meetings')
    .select(['id', 'kind', 'title', 'held_on', 'attendance_recorded_at'])
    .where('organisation_id', 'in', inScope(scope))
    .orderBy('held_on', 'desc')
    .limit(200)
    .execute();
}

/** One meeting in scope. */
export async function findMeeting(db: Executor, scope: Scope, meetingId: string) {
  return db
    .selectFrom('champion_meetings')
    .selectAll()
    .where('id', '=', meetingId)
    .where('organisation_id', 'in', inScope(scope))
    .executeTakeFirst();
}

/** Who was invited and whether they came. */
export async function listInvitations(db: Executor, scope: Scope, meetingId: string) {
  return db
    .selectFrom('champion_meeting_invitations')
    .innerJoin('champions', 'champions.id', 'champion_meeting_invitations.champion_id')
    .select(['champions.id', 'champions.display_name', 'champion_meeting_invitations.attended'])
    .where('champion_meeting_invitations.meeting_id', '=', meetingId)
    .where('champion_meeting_invitations.organisation_id', 'in', inScope(scope))
    .orderBy('champions.display_name')
    .execute();
}

/** Champions of the organisation who can be invited (not left). */
export async function listInvitableChampions(db: Executor, scope: Scope, organisationId: string) {
  return db
    .selectFrom('champions')
    .select(['id', 'display_name', 'stage'])
    .where('organisation_id', '=', organisationId)
    .where('organisation_id', 'in', inScope(scope))
    .where('stage', 'not in', ['left'])
    .orderBy('display_name')
    .execute();
}

/** Invites champions of the meeting's organisation; others are ignored. Returns those newly invited, with their emails. */
export async function insertInvitations(
  db: Executor,
  scope: Scope,
  organisationId: string,
  meetingId: string,
  championIds: readonly string[],
): Promise<{ id: string; email: string | null }[]> {
  requireInScope(scope, organisationId);
  if (championIds.length === 0) {
    return [];
  }
  const valid = await db
    .selectFrom('champions')
    .select(['id', 'email'])
    .where('organisation_id', '=', organisationId)
    .where('id', 'in', [...championIds])
    .where('stage', '<>', 'left')
    .execute();
  if (valid.length === 0) {
    return [];
  }
  const inserted = await db
    .insertInto('champion_meeting_invitations')
    .values(valid.map((row) => ({ meeting_id: meetingId, champion_id: row.id, organisation_id: organisationId })))
    .onConflict((conflict) => conflict.doNothing())
    .returning('champion_id')
    .execute();
  const added = new Set(inserted.map((row) => row.champion_id));
  return valid.filter((row) => added.has(row.id));
}

/** Upcoming meetings a champion is invited to. */
export async function listUpcomingFor(db: Executor, scope: Scope, championId: string, today: string) {
  return db
    .selectFrom('champion_meeting_invitations')
    .innerJoin('champion_meetings', 'champion_meetings.id', 'champion_meeting_invitations.meeting_id')
    .select([
      'champion_meetings.id',
      'champion_meetings.title',
      'champion_meetings.kind',
      'champion_meetings.held_on',
      'champion_meetings.location',
    ])
    .where('champion_meeting_invitations.champion_id', '=', championId)
    .where('champion_meeting_invitations.organisation_id', 'in', inScope(scope))
    .where('champion_meetings.held_on', '>=', today)
    .orderBy('champion_meetings.held_on')
    .execute();
}

/** Open actions a champion owns, soonest due first. */
export async function listOpenActionsFor(db: Executor, scope: Scope, championId: string) {
  return db
    .selectFrom('champion_meeting_items')
    .innerJoin('champion_meetings', 'champion_meetings.id', 'champion_meeting_items.meeting_id')
    .select([
      'champion_meeting_items.id',
      'champion_meeting_items.text',
      'champion_meeting_items.due_on',
      'champion_meetings.title as meeting_title',
    ])
    .where('champion_meeting_items.owner_champion_id', '=', championId)
    .where('champion_meeting_items.organisation_id', 'in', inScope(scope))
    .where('champion_meeting_items.kind', '=', 'action')
    .where('champion_meeting_items.status', '=', 'open')
    .orderBy('champion_meeting_items.due_on')
    .execute();
}

/** The champions invited to a meeting, locked until the transaction ends (attendance is recorded once at a time). */
export async function lockInvitees(db: Executor, scope: Scope, meetingId: string): Promise<{ champion_id: string }[]> {
  if (scope.organisationIds.length === 0) {
    return [];
  }
  return db
    .selectFrom('champion_meeting_invitations')
    .select('champion_id')
    .where('meeting_id', '=', meetingId)
    .where('organisation_id', 'in', inScope(scope))
    .forUpdate()
    .execute();
}

/** Marks who came to a meeting (and that everyone else did not). */
export async function markAttended(
  db: Executor,
  scope: Scope,
  meetingId: string,
  attended: readonly string[],
): Promise<void> {
  if (scope.organisationIds.length === 0) {
    return;
  }
  await db
    .updateTable('champion_meeting_invitations')
    .set({ attended: sql<boolean>`champion_id = any(${[...attended]}::uuid[])` })
    .where('meeting_id', '=', meetingId)
    .where('organisation_id', 'in', inScope(scope))
    .execute();
}

/** Takes back the (unverified) meeting hours of everyone not in `attended`. */
export async function removeUnattendedHours(
  db: Executor,
  scope: Scope,
  meetingId: string,
  attended: readonly string[],
): Promise<void> {
  if (scope.organisationIds.length === 0) {
    return;
  }
  let removal = db
    .deleteFrom('champion_hours')
    .where('meeting_id', '=', meetingId)
    .where('status', '=', 'logged')
    .where('organisation_id', 'in', inScope(scope));
  if (attended.length > 0) {
    removal = removal.where('champion_id', 'not in', [...attended]);
  }
  await removal.execute();
}

/** Notes when a meeting's attendance was recorded. */
export async function markAttendanceRecorded(db: Executor, scope: Scope, meetingId: string, at: Date): Promise<void> {
  if (scope.organisationIds.length === 0) {
    return;
  }
  await db
    .updateTable('champion_meetings')
    .set({ attendance_recorded_at: at })
    .where('id', '=', meetingId)
    .where('organisation_id', 'in', inScope(scope))
    .execute();
}

/** Saves a meeting's notes. */
export async function updateNotes(db: Executor, scope: Scope, meetingId: string, notes: string): Promise<void> {
  if (scope.organisationIds.length === 0) {
    return;
  }
  await db
    .updateTable('champion_meetings')
    .set({ notes })
    .where('id', '=', meetingId)
    .where('organisation_id', 'in', inScope(scope))
    .execute();
}

/** Whether a champion belongs to this organisation (in scope). */
export async function isChampionOf(
  db: Executor,
  scope: Scope,
  organisationId: string,
  championId: string,
): Promise<boolean> {
  if (!scope.organisationIds.includes(organisationId)) {
    return false;
  }
  const owner = await db
    .selectFrom('champions')
    .select('id')
    .where('id', '=', championId)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  return owner !== undefined;
}
