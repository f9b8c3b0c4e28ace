import { sql } from 'kysely';
import type { Executor } from '../../../platform/db/transaction.ts';
import type { ActivityRow } from '../activities.tables.ts';

// The money side of a sustain review (domain W4 step 7: "cost"), from what is recorded rather
// than typed in: what attendees pay, and the champions' expenses that can honestly be put down
// to the activity. Expense claims name no activity or session (a claim is a champion's
// out-of-pocket costs on dates), so an approved expense line counts only when its champion's
// recorded time that day was at this activity's sessions and nowhere else. Lines from days they
// also gave time elsewhere (another activity, a meeting, ad hoc hours) are counted separately
// and left out of the total: they cannot be split fairly.

/** What attendees pay. */
export interface CostFigures {
  /** The price of one session to one attendee, in pence (0 when free). */
  pencePerSession: number;
  /** The activity's own note on the price ("concessions free"), or ''. */
  note: string;
  /** The period's attendances at that price, in pence: the most attendees can have paid. */
  attendancesAtPricePence: number;
}

/** Approved champion expenses that can be put down to the activity in the period. */
export interface ExpenseFigures {
  /** Total of the approved lines counted, in pence. */
  approvedPence: number;
  /** How many expense lines, from how many champions. */
  items: number;
  champions: number;
  /** Approved lines from session days when the champion also gave time elsewhere: not counted. */
  sharedDayItems: number;
  sharedDayPence: number;
}

/** What attendees pay for the activity, and what the period's attendances come to at that price. */
export function costFigures(activity: Pick<ActivityRow, 'cost_pence' | 'cost_note'>, attendances: number): CostFigures {
  return { pencePerSession: activity.cost_pence, note: activity.cost_note.trim(), attendancesAtPricePence: activity.cost_pence * attendances };
}

/**
 * Approved champion expenses for days in the period on which the champion gave time at this
 * activity's sessions (the champion_hours rows session recording writes, on the session's
 * London date) and at nothing else.
 */
export async function expenseFigures(db: Executor, activityId: string, period: { from: string; to: string }): Promise<ExpenseFigures> {
  const result = await sql<{ pence: string | number; items: string | number; champions: string | number; shared: string | number; shared_pence: string | number }>`
    with session_days as (
      select distinct h.champion_id, h.worked_on
      from champion_hours h
      join activity_sessions s on s.id = h.session_id
      where s.activity_id = ${activityId} and h.worked_on between ${period.from}::date and ${period.to}::date
    ),
    shared_days as (
      select distinct h.champion_id, h.worked_on
      from champion_hours h
      join session_days d on d.champion_id = h.champion_id and d.worked_on = h.worked_on
      left join activity_sessions s on s.id = h.session_id
      where s.activity_id is distinct from ${activityId}
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
    approvedPence: Number(row?.pence ?? 0),
    items: Number(row?.items ?? 0),
    champions: Number(row?.champions ?? 0),
    sharedDayItems: Number(row?.shared ?? 0),
    sharedDayPence: Number(row?.shared_pence ?? 0),
  };
}
