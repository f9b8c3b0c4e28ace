import { sql } from 'kysely';
import type { Scope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { newId } from '../../../lib/ids.ts';

/** One champion's row of time at a session. */
export interface SessionHoursRow {
  id: string;
  champion_id: string;
  minutes: number;
  status: 'logged' | 'verified';
  worked_on: unknown;
}

/** What a new session row holds. */
interface NewSessionRow {
  championId: string;
  organisationId: string;
  sessionId: string;
  workedOn: string;
  minutes: number;
  description: string;
}

/** The champion_hours values of a session row (category 'session', carrying the session). */
function sessionValues(row: NewSessionRow) {
  return {
    id: newId(),
    organisation_id: row.organisationId,
    champion_id: row.championId,
    worked_on: row.workedOn,
    minutes: row.minutes,
    category: 'session' as const,
    description: row.description.slice(0, 500),
    session_id: row.sessionId,
  };
}

/** The hours rows recorded at one session (the caller reached the session through its scope). */
export async function sessionHoursRows(db: Executor, sessionId: string): Promise<SessionHoursRow[]> {
  return db
    .selectFrom('champion_hours')
    .select(['id', 'champion_id', 'minutes', 'status', 'worked_on'])
    .where('session_id', '=', sessionId)
    .execute();
}

/** Deletes one session row of hours. */
export async function deleteSessionRow(db: Executor, hoursId: string): Promise<void> {
  await db.deleteFrom('champion_hours').where('id', '=', hoursId).execute();
}

/** The organisation of each of these champions. */
export async function organisationsOfChampions(
  db: Executor,
  championIds: readonly string[],
): Promise<Map<string, string>> {
  const rows =
    championIds.length === 0
      ? []
      : await db
          .selectFrom('champions')
          .select(['id', 'organisation_id'])
          .where('id', 'in', [...championIds])
          .execute();
  return new Map(rows.map((row) => [row.id, row.organisation_id]));
}

/** Adds a session row for a champion the session's lead recorded. */
export async function insertSessionRow(db: Executor, row: NewSessionRow): Promise<void> {
  await db.insertInto('champion_hours').values(sessionValues(row)).execute();
}

/** Changes a session row's minutes, date and description, and sends it back to 'logged' for checking again. */
export async function updateSessionRow(
  db: Executor,
  hoursId: string,
  change: { minutes: number; workedOn: string; description: string },
): Promise<void> {
  await db
    .updateTable('champion_hours')
    .set({
      minutes: change.minutes,
      worked_on: change.workedOn,
      description: change.description,
      status: 'logged',
      verified_by: null,
      verified_at: null,
    })
    .where('id', '=', hoursId)
    .execute();
}

/**
 * Adds one champion's own time at a session in the scope; false when the organisation is outside
 * it or they already have a row for the session (one per champion per session, held by the
 * unique index).
 */
export async function insertSessionHours(db: Executor, scope: Scope, row: NewSessionRow): Promise<boolean> {
  if (!scope.organisationIds.includes(row.organisationId)) {
    return false;
  }
  const inserted = await db
    .insertInto('champion_hours')
    .values(sessionValues(row))
    .onConflict((conflict) =>
      conflict.columns(['session_id', 'champion_id']).where('session_id', 'is not', null).doNothing(),
    )
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Total minutes recorded at each of the given sessions that has any. */
export async function minutesAtSessions(
  db: Executor,
  sessionIds: readonly string[],
): Promise<{ session_id: string; minutes: number }[]> {
  const result = await sql<{ session_id: string; minutes: number }>`
    select session_id, coalesce(sum(minutes), 0)::int as minutes
    from champion_hours
    where session_id = any(${[...sessionIds]}::uuid[])
    group by session_id`.execute(db);
  return result.rows;
}
