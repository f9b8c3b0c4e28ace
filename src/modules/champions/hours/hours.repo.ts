import type { Scope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { newId } from '../../../lib/ids.ts';
import type { HoursCategory } from '../champion-activity.tables.ts';

/** Records time gifted. Meeting hours are recorded once per meeting and champion. */
export async function insertHours(
  db: Executor,
  scope: Scope,
  row: {
    championId: string;
    organisationId: string;
    workedOn: string;
    minutes: number;
    category: HoursCategory;
    description: string;
    meetingId?: string;
  },
): Promise<boolean> {
  if (!scope.organisationIds.includes(row.organisationId)) {
    return false;
  }
  const inserted = await db
    .insertInto('champion_hours')
    .values({
      id: newId(),
      organisation_id: row.organisationId,
      champion_id: row.championId,
      worked_on: row.workedOn,
      minutes: row.minutes,
      category: row.category,
      description: row.description,
      meeting_id: row.meetingId ?? null,
    })
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
    .select([
      'champion_hours.id',
      'champion_hours.worked_on',
      'champion_hours.minutes',
      'champion_hours.category',
      'champion_hours.description',
      'champions.display_name',
    ])
    .where('champion_hours.organisation_id', '=', organisationId)
    .where('champion_hours.organisation_id', 'in', [...scope.organisationIds])
    .where('champion_hours.status', '=', 'logged')
    .orderBy('champion_hours.worked_on')
    .orderBy('champion_hours.created_at')
    .limit(500)
    .execute();
}

/** Marks the given rows verified; rows outside the organisation are ignored. Returns the count. */
export async function markHoursVerified(
  db: Executor,
  scope: Scope,
  organisationId: string,
  hoursIds: readonly string[],
  userId: string,
): Promise<number> {
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

/** Which of these sessions the champion already has hours for. */
export async function sessionsWithHours(
  db: Executor,
  scope: Scope,
  championId: string,
  sessionIds: readonly string[],
): Promise<Set<string>> {
  if (scope.organisationIds.length === 0 || sessionIds.length === 0) {
    return new Set();
  }
  const rows = await db
    .selectFrom('champion_hours')
    .select('session_id')
    .where('champion_id', '=', championId)
    .where('organisation_id', 'in', [...scope.organisationIds])
    .where('session_id', 'in', [...sessionIds])
    .execute();
  return new Set(rows.map((row) => row.session_id).filter((id): id is string => id !== null));
}
