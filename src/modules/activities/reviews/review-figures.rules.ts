import { DateTime } from 'luxon';
import { londonToday } from '../../../lib/dates.ts';
import type { ActivityRow } from '../activities.tables.ts';

/** Today in Europe/London (YYYY-MM-DD), from the one date library. */
export { londonToday };

// The figures a sustain review is decided on (domain §1.10, W4 step 7): sessions, the
// attendance trend by month and against the quarter before, champion hours (the same
// champion_hours rows the champions module totals), what it costs attendees, the champions'
// approved expenses that can be put down to it (below), leader cover and introductions.

const ZONE = 'Europe/London';

/** A period of whole days, both ends included (YYYY-MM-DD). */
export interface Period {
  from: string;
  to: string;
}

/** One month's delivered sessions, attendances and new attendees. */
export interface MonthFigures {
  month: string;
  label: string;
  sessions: number;
  attendances: number;
  newAttendees: number;
}

/** Everything a review shows, as stored with it (figures jsonb). */
export interface ReviewFigures {
  period: Period;
  sessions: { delivered: number; cancelled: number; notRecorded: number };
  attendances: number;
  newAttendees: number;
  months: MonthFigures[];
  previous: { period: Period; sessions: number; attendances: number };
  /** Attendances now minus the period before; percent when the period before had any. */
  attendanceChange: number;
  attendanceChangePercent: number | null;
  championMinutes: number;
  cost: CostFigures;
  expenses: ExpenseFigures;
  leaders: { leads: number; cleared: number; rolesNeeded: number };
  introductions: { madeInPeriod: number; pending: number; joined: number; declined: number };
}

/** `months` months after (or before, when negative) a YYYY-MM-DD date, clamped to month ends. */
export function addMonths(date: string, months: number): string {
  return DateTime.fromISO(date, { zone: ZONE }).plus({ months }).toISODate() ?? date;
}

/** The review's default period: the three months to today. */
export function defaultPeriod(today: string): Period {
  return { from: addMonths(today, -3), to: today };
}

/** The months a period touches, as YYYY-MM, in order. */
export function monthsOf(period: Period): string[] {
  const months: string[] = [];
  let month = DateTime.fromISO(period.from, { zone: ZONE }).startOf('month');
  const last = DateTime.fromISO(period.to, { zone: ZONE }).startOf('month');
  while (month <= last && months.length < 120) {
    months.push(month.toFormat('yyyy-MM'));
    month = month.plus({ months: 1 });
  }
  return months;
}

/** The period of the same length that ends the day before this one starts. */
export function previousPeriod(period: Period): Period {
  const from = DateTime.fromISO(period.from, { zone: ZONE });
  const days = Math.round(DateTime.fromISO(period.to, { zone: ZONE }).diff(from, 'days').days);
  const to = from.minus({ days: 1 });
  return { from: to.minus({ days }).toISODate() ?? period.from, to: to.toISODate() ?? period.from };
}

/** The change from `before` to `now`, as a whole percentage; null when there was nothing before. */
export function percentChange(now: number, before: number): number | null {
  return before === 0 ? null : Math.round(((now - before) / before) * 100);
}

/** "March 2026" for "2026-03". */
export function monthLabel(month: string): string {
  return DateTime.fromISO(`${month}-01`, { zone: ZONE }).setLocale('en-GB').toFormat('LLLL yyyy');
}

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
  return {
    pencePerSession: activity.cost_pence,
    note: activity.cost_note.trim(),
    attendancesAtPricePence: activity.cost_pence * attendances,
  };
}
