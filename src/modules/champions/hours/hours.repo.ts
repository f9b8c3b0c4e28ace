import type { Scope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { newId } from '../../../lib/ids.ts';
import type { HoursCategory } from '../champion-activity.tables.ts';

/** Records time gifted. Meeting hours are recorded once per meeting and champion. */
export async function insertHours(
  db: Executor,
  scope: Scope,
  row: { championId: string; organisationId: string; workedOn: string; minutes: number; category: HoursCategory; description: string; meetingId?: string },
): Promise<boolean> {
  if (!scope.organisationIds.includes(row.organisationId)) {
    return false;
  }
  const inserted = await db
    .insertInto('champion_hours')
    .values({ id: newId(), organisation_id: row.organisationId, champion_id: row.championId, worked_on: row.workedOn, minutes: row.minutes, category: row.category, description: row.description, meeting_id: row.meetingId ?? null })
    .onConflict((conflict) => conflict.columns(['meeting_id', 'champion_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** One champion's hours, newest first. */
export async function listHoursForChampion(db: Executor, scope: Scope, championId: string) {
  return db
    .selectFrom('champion_hours')
    .select(['id', 'worked_on', 'minutes', 'category', 'description', 'status', 'verified_at'])
    .where('organisation_id', 'in', [...scope.organisationIds])
    .where('champion_id', '=', championId)
    .orderBy('worked_on', 'desc')
    .orderBy('created_at', 'desc')
    .execute();
}

/** Hours in an organisation waiting for verification, oldest first. */
export async function listUnverifiedHours(db: Executor, scope: Scope, organisationId: string) {
  return db
    .selectFrom('champion_hours')
    .innerJoin('champions', 'champions.id', 'champion_hours.champion_id')
    .select(['champion_hours.id', 'champion_hours.worked_on', 'champion_hours.minutes', 'champion_hours.category', 'champion_hours.description', 'champions.display_name'])
    .where('champion_hours.organisation_id', '=', organisationId)
    .where('champion_hours.organisation_id', 'in', [...scope.organisationIds])
    .where('champion_hours.status', '=', 'logged')
    .orderBy('champion_hours.worked_on')
    .orderBy('champion_hours.created_at')
    .limit(500)
    .execute();
}

/** Marks the given rows verified; rows outside the organisation are ignored. Returns the count. */
export async function markHoursVerified(db: Executor, scope: Scope, organisationId: string, hoursIds: readonly string[], userId: string): Promise<number> {
  const result = await db
    .updateTable('champion_hours')
    .set({ status: 'verified', verified_by: userId, verified_at: new Date() })
    .where('organisation_id', '=', organisationId)
    .where('organisation_id', 'in', [...scope.organisationIds])
    .where('status', '=', 'logged')
    .where('id', 'in', [...hoursIds])
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Champions of an organisation with their names, for the coordinator's totals table. */
export async function listChampionsOf(db: Executor, scope: Scope, organisationId: string) {
  return db
    .selectFrom('champions')
    .select(['id', 'display_name', 'stage', 'user_id'])
    .where('organisation_id', '=', organisationId)
    .where('organisation_id', 'in', [...scope.organisationIds])
    .orderBy('display_name')
    .execute();
}

/** A session a champion gave time to, and whether they already have hours for it. */
export interface LoggableSession {
  id: string;
  activity_name: string;
  starts_at: Date;
  ends_at: Date;
  local_date: string;
  logged: boolean;
}

/**
 * The champion's own sessions (they held a place on its rota or lead its activity) in the scope's
 * organisations that have started, were not cancelled and fell on or after `from`, newest first:
 * one session when `sessionId` is given. `logged` says whether they already have hours for it.
 */
export async function listLoggableSessions(db: Executor, scope: Scope, championId: string, window: { from: string; now: Date; sessionId?: string }): Promise<LoggableSession[]> {
  if (scope.organisationIds.length === 0) {
    return [];
  }
  let query = db
    .selectFrom('activity_sessions')
    .innerJoin('activities', 'activities.id', 'activity_sessions.activity_id')
    .select((eb) => [
      'activity_sessions.id',
      'activities.name as activity_name',
      'activity_sessions.starts_at',
      'activity_sessions.ends_at',
      'activity_sessions.local_date',
      eb.exists(eb.selectFrom('champion_hours').select('champion_hours.id').whereRef('champion_hours.session_id', '=', 'activity_sessions.id').where('champion_hours.champion_id', '=', championId)).as('logged'),
    ])
    .where('activity_sessions.organisation_id', 'in', [...scope.organisationIds])
    .where('activity_sessions.status', '<>', 'cancelled')
    .where('activity_sessions.starts_at', '<=', window.now)
    .where('activity_sessions.local_date', '>=', window.from)
    .where((eb) =>
      eb.or([
        eb.exists(eb.selectFrom('activity_rota_places').select('activity_rota_places.id').whereRef('activity_rota_places.session_id', '=', 'activity_sessions.id').where('activity_rota_places.champion_id', '=', championId)),
        eb.exists(eb.selectFrom('activity_leads').select('activity_leads.champion_id').whereRef('activity_leads.activity_id', '=', 'activity_sessions.activity_id').where('activity_leads.champion_id', '=', championId)),
      ]),
    );
  if (window.sessionId) {
    query = query.where('activity_sessions.id', '=', window.sessionId);
  }
  const rows = await query.orderBy('activity_sessions.starts_at', 'desc').limit(100).execute();
  return rows.map((row) => ({ ...row, local_date: String(row.local_date), logged: Boolean(row.logged) }));
}
