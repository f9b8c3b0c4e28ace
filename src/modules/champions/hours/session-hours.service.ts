import { sql } from 'kysely';
import type { Scope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { newId } from '../../../lib/ids.ts';

/** One champion's time at a session, as recorded by the session's lead. */
export interface SessionTime {
  championId: string;
  minutes: number;
}

/** What changed when a session's hours were replaced. */
export interface SessionHoursChange {
  added: number;
  changed: number;
  removed: number;
  /** Verified rows of champions no longer ticked: kept, because a coordinator checked them. */
  keptVerified: number;
}

/**
 * Replaces the champion_hours rows of one activity session (category 'session') with `times`,
 * inside the caller's transaction: one row per champion per session (a unique index holds
 * this), on the session's London date, in each champion's own organisation so it counts in
 * their totals. Rows of champions no longer listed are deleted while still 'logged'; a
 * verified row whose minutes change goes back to 'logged' for the coordinator to check again.
 */
export async function replaceSessionHours(
  db: Executor,
  session: { sessionId: string; workedOn: string; description: string },
  times: readonly SessionTime[],
): Promise<SessionHoursChange> {
  const existing = await db
    .selectFrom('champion_hours')
    .select(['id', 'champion_id', 'minutes', 'status', 'worked_on'])
    .where('session_id', '=', session.sessionId)
    .execute();
  const wanted = new Map(times.map((time) => [time.championId, time.minutes]));
  const change: SessionHoursChange = { added: 0, changed: 0, removed: 0, keptVerified: 0 };
  for (const row of existing) {
    if (wanted.has(row.champion_id)) {
      continue;
    }
    if (row.status === 'logged') {
      await db.deleteFrom('champion_hours').where('id', '=', row.id).execute();
      change.removed += 1;
    } else {
      change.keptVerified += 1;
    }
  }
  const description = session.description.slice(0, 500);
  const championIds = [...wanted.keys()];
  const organisations =
    championIds.length === 0
      ? []
      : await db.selectFrom('champions').select(['id', 'organisation_id']).where('id', 'in', championIds).execute();
  const organisationOf = new Map(organisations.map((row) => [row.id, row.organisation_id]));
  for (const [championId, minutes] of wanted) {
    const organisationId = organisationOf.get(championId);
    if (!organisationId) {
      continue;
    }
    const current = existing.find((row) => row.champion_id === championId);
    if (!current) {
      await db
        .insertInto('champion_hours')
        .values({
          id: newId(),
          organisation_id: organisationId,
          champion_id: championId,
          worked_on: session.workedOn,
          minutes,
          category: 'session',
          description,
          session_id: session.sessionId,
        })
        .execute();
      change.added += 1;
    } else if (current.minutes !== minutes || String(current.worked_on) !== session.workedOn) {
      await db
        .updateTable('champion_hours')
        .set({
          minutes,
          worked_on: session.workedOn,
          description,
          status: 'logged',
          verified_by: null,
          verified_at: null,
        })
        .where('id', '=', current.id)
        .execute();
      change.changed += 1;
    }
  }
  return change;
}

/**
 * Adds one champion's own time at a session, the same row replaceSessionHours writes: category
 * 'session', carrying the session, on its date, so it counts once in the session's totals and in
 * theirs (and a later record of the session by its lead lists it). False when they already have a
 * row for the session: one per champion per session, held by the unique index.
 */
export async function insertSessionHours(
  db: Executor,
  scope: Scope,
  row: {
    championId: string;
    organisationId: string;
    sessionId: string;
    workedOn: string;
    minutes: number;
    description: string;
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
      category: 'session',
      description: row.description.slice(0, 500),
      session_id: row.sessionId,
    })
    .onConflict((conflict) =>
      conflict.columns(['session_id', 'champion_id']).where('session_id', 'is not', null).doNothing(),
    )
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** The time recorded at one session, champion by champion. */
export async function listSessionHours(
  db: Executor,
  sessionId: string,
): Promise<{ championId: string; minutes: number; status: 'logged' | 'verified' }[]> {
  const rows = await db
    .selectFrom('champion_hours')
    .select(['champion_id', 'minutes', 'status'])
    .where('session_id', '=', sessionId)
    .execute();
  return rows.map((row) => ({ championId: row.champion_id, minutes: row.minutes, status: row.status }));
}

/**
 * Total minutes recorded at each of the given sessions: the same champion_hours rows that the
 * champions' own totals and the hours exports add up, so the figures reconcile by construction.
 */
export async function sessionMinutes(db: Executor, sessionIds: readonly string[]): Promise<Map<string, number>> {
  const totals = new Map<string, number>();
  if (sessionIds.length === 0) {
    return totals;
  }
  const result = await sql<{ session_id: string; minutes: number }>`
    select session_id, coalesce(sum(minutes), 0)::int as minutes
    from champion_hours
    where session_id = any(${[...sessionIds]}::uuid[])
    group by session_id`.execute(db);
  for (const row of result.rows) {
    totals.set(row.session_id, row.minutes);
  }
  return totals;
}
