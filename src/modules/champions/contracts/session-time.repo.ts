import { sql } from 'kysely';
import type { Executor } from '../../../platform/db/transaction.ts';

// Read contract for other modules (activities): the champion_hours rows that session recording
// writes, as a session's "in use" test and a sustain review's figures.

/** True when any champion time is recorded against the session. */
export async function sessionHasTime(db: Executor, sessionId: string): Promise<boolean> {
  const row = await db.selectFrom('champion_hours').select('id').where('session_id', '=', sessionId).executeTakeFirst();
  return row !== undefined;
}

/** Approved expenses on days champions gave time at one activity's sessions. */
export interface SessionDayExpenses {
  pence: number;
  items: number;
  champions: number;
  /** Lines from days the champion also gave time elsewhere: counted, but left out of the total. */
  shared: number;
  sharedPence: number;
}

/**
 * Approved expense lines for days in the period on which the champion gave time at the given
 * sessions (all of one activity's) and at nothing else; lines from days shared with other
 * work are counted apart.
 */
export async function expensesOnSessionDays(
  db: Executor,
  sessionIds: readonly string[],
  period: { from: string; to: string },
): Promise<SessionDayExpenses> {
  const ids = [...sessionIds];
  const result = await sql<{
    pence: string | number;
    items: string | number;
    champions: string | number;
    shared: string | number;
    shared_pence: string | number;
  }>`
    with session_days as (
      select distinct h.champion_id, h.worked_on
      from champion_hours h
      where h.session_id = any(${ids}::uuid[]) and h.worked_on between ${period.from}::date and ${period.to}::date
    ),
    shared_days as (
      select distinct h.champion_id, h.worked_on
      from champion_hours h
      join session_days d on d.champion_id = h.champion_id and d.worked_on = h.worked_on
      where h.session_id is null or not (h.session_id = any(${ids}::uuid[]))
    )
    select
      coalesce(sum(i.amount_pence) filter (where x.champion_id is null), 0) as pence,
      count(*) filter (where x.champion_id is null) as items,
      count(distinct i.champion_id) filter (where x.champion_id is null) as champions,
      count(*) filter (where x.champion_id is not null) as shared,
      coalesce(sum(i.amount_pence) filter (where x.champion_id is not null), 0) as shared_pence
    from expense_items i
    join expense_claims c on c.id = i.claim_id and c.status = 'approved'
    join session_days d on d.champion_id = i.champion_id and d.worked_on = i.spent_on
    left join shared_days x on x.champion_id = i.champion_id and x.worked_on = i.spent_on`.execute(db);
  const row = result.rows[0];
  return {
    pence: Number(row?.pence ?? 0),
    items: Number(row?.items ?? 0),
    champions: Number(row?.champions ?? 0),
    shared: Number(row?.shared ?? 0),
    sharedPence: Number(row?.shared_pence ?? 0),
  };
}
