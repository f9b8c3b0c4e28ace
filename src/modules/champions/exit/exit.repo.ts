import { type Insertable, sql } from 'kysely';
import { type Scope, requireInScope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import type { Database } from '../../../platform/db/schema.ts';
import { newId } from '../../../lib/ids.ts';

/** A champion in scope, with what the pause, leave and reference pages need. */
export async function findExitChampion(db: Executor, scope: Scope, championId: string) {
  if (scope.organisationIds.length === 0) {
    return undefined;
  }
  return db
    .selectFrom('champions')
    .select(['id', 'organisation_id', 'display_name', 'user_id', 'stage', 'created_at'])
    .where('id', '=', championId)
    .where('organisation_id', 'in', [...scope.organisationIds])
    .executeTakeFirst();
}

/** Moves a champion in scope to paused or left, with a line of stage history. */
export async function moveStage(
  db: Executor,
  scope: Scope,
  move: { championId: string; from: string; to: 'paused' | 'left'; userId: string | null; note: string; at: Date },
): Promise<void> {
  if (scope.organisationIds.length === 0) {
    return;
  }
  const moved = await db
    .updateTable('champions')
    .set({ stage: move.to, stage_changed_at: move.at, updated_at: move.at })
    .where('id', '=', move.championId)
    .where('organisation_id', 'in', [...scope.organisationIds])
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) > 0) {
    await db
      .insertInto('champion_stage_history')
      .values({
        id: newId(),
        champion_id: move.championId,
        from_stage: move.from,
        to_stage: move.to,
        changed_by: move.userId,
        note: move.note,
      })
      .execute();
  }
}

/** Records a pause or an exit. */
export async function insertDeparture(
  db: Executor,
  scope: Scope,
  row: Insertable<Database['champion_departures']>,
): Promise<void> {
  requireInScope(scope, row.organisation_id);
  await db.insertInto('champion_departures').values(row).execute();
}

/** The return date of a champion's latest pause. */
export async function latestReturnDate(db: Executor, scope: Scope, championId: string): Promise<string | null> {
  if (scope.organisationIds.length === 0) {
    return null;
  }
  const pause = await db
    .selectFrom('champion_departures')
    .select('return_on')
    .where('champion_id', '=', championId)
    .where('kind', '=', 'pause')
    .where('organisation_id', 'in', [...scope.organisationIds])
    .orderBy('recorded_at', 'desc')
    .executeTakeFirst();
  return pause?.return_on ?? null;
}

/** Takes the champion role in an organisation (in scope) away from a log-in; true when there was one. */
export async function removeChampionMembership(
  db: Executor,
  scope: Scope,
  userId: string,
  organisationId: string,
): Promise<boolean> {
  requireInScope(scope, organisationId);
  const removed = await db
    .deleteFrom('memberships')
    .where('user_id', '=', userId)
    .where('organisation_id', '=', organisationId)
    .where('role', '=', 'champion')
    .executeTakeFirst();
  return Number(removed.numDeletedRows) > 0;
}

/** Takes a champion who has left off future meetings of the organisation, and off open actions. */
export async function releaseMeetings(
  db: Executor,
  scope: Scope,
  organisationId: string,
  championId: string,
  today: string,
): Promise<void> {
  requireInScope(scope, organisationId);
  const future = db
    .selectFrom('champion_meetings')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('held_on', '>=', today);
  await db
    .deleteFrom('champion_meeting_invitations')
    .where('champion_id', '=', championId)
    .where('meeting_id', 'in', future)
    .execute();
  await db
    .updateTable('champion_meeting_items')
    .set({ owner_champion_id: null })
    .where('owner_champion_id', '=', championId)
    .where('status', '=', 'open')
    .execute();
}

/** Ends every role a champion (reached through the scope) holds. */
export async function endRoles(db: Executor, scope: Scope, championId: string, at: Date): Promise<void> {
  if (scope.organisationIds.length === 0) {
    return;
  }
  await db
    .updateTable('champion_role_assignments')
    .set({ ended_at: at })
    .where('champion_id', '=', championId)
    .where('ended_at', 'is', null)
    .execute();
}

/** What a reference letter is written from: roles held, hours in the organisation, and when they became active and left. */
export async function referenceFacts(db: Executor, scope: Scope, organisationId: string, championId: string) {
  requireInScope(scope, organisationId);
  const roles = await db
    .selectFrom('champion_role_assignments')
    .innerJoin('champion_role_templates', 'champion_role_templates.id', 'champion_role_assignments.role_template_id')
    .select([
      'champion_role_templates.name',
      'champion_role_templates.description',
      'champion_role_assignments.assigned_at',
      'champion_role_assignments.ended_at',
    ])
    .where('champion_role_assignments.champion_id', '=', championId)
    .orderBy('champion_role_assignments.assigned_at')
    .execute();
  const hours = await sql<{
    minutes: number;
    verified: number;
    first: string | null;
    last: string | null;
    meetings: number;
  }>`
    select coalesce(sum(minutes), 0)::int as minutes, coalesce(sum(minutes) filter (where status = 'verified'), 0)::int as verified,
      min(worked_on)::text as first, max(worked_on)::text as last, count(meeting_id)::int as meetings
    from champion_hours where champion_id = ${championId} and organisation_id = ${organisationId}`.execute(db);
  const exit = await db
    .selectFrom('champion_departures')
    .select('left_on')
    .where('champion_id', '=', championId)
    .where('kind', '=', 'exit')
    .orderBy('recorded_at', 'desc')
    .executeTakeFirst();
  const active = await db
    .selectFrom('champion_stage_history')
    .select('changed_at')
    .where('champion_id', '=', championId)
    .where('to_stage', '=', 'active')
    .orderBy('changed_at')
    .limit(1)
    .executeTakeFirst();
  return {
    roles,
    hours: hours.rows[0] ?? { minutes: 0, verified: 0, first: null, last: null, meetings: 0 },
    exit,
    active,
  };
}
