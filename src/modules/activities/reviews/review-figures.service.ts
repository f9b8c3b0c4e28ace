import { trustedScope } from '../../../platform/auth/policy.ts';
import { sql } from 'kysely';
import { DateTime } from 'luxon';
import type { Executor } from '../../../platform/db/transaction.ts';
import { clearanceFor } from '../../champions/index.ts';
import type { ActivityRow } from '../activities.tables.ts';
import { type CostFigures, type ExpenseFigures, costFigures, expenseFigures } from './review-costs.service.ts';

// The figures a sustain review is decided on (domain §1.10, W4 step 7): sessions, the
// attendance trend by month and against the quarter before, champion hours (the same
// champion_hours rows the champions module totals), what it costs attendees, the champions'
// approved expenses that can be put down to it (reviews.costs.ts), leader cover and introductions.

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

/** Today in Europe/London (YYYY-MM-DD). */
export function londonToday(now: Date = new Date()): string {
  return DateTime.fromJSDate(now).setZone(ZONE).toISODate() ?? '';
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

async function sessionTotals(db: Executor, activityId: string, period: Period) {
  const row = await db
    .selectFrom('activity_sessions')
    .select([
      sql<number>`count(*) filter (where status = 'delivered')`.as('delivered'),
      sql<number>`count(*) filter (where status = 'cancelled')`.as('cancelled'),
      sql<number>`count(*) filter (where status = 'scheduled' and starts_at < now())`.as('not_recorded'),
      sql<number>`coalesce(sum(head_count) filter (where status = 'delivered'), 0)`.as('attendances'),
      sql<number>`coalesce(sum(new_attendees) filter (where status = 'delivered'), 0)`.as('new_attendees'),
    ])
    .where('activity_id', '=', activityId)
    .where('local_date', '>=', period.from)
    .where('local_date', '<=', period.to)
    .executeTakeFirst();
  return { delivered: Number(row?.delivered ?? 0), cancelled: Number(row?.cancelled ?? 0), notRecorded: Number(row?.not_recorded ?? 0), attendances: Number(row?.attendances ?? 0), newAttendees: Number(row?.new_attendees ?? 0) };
}

async function monthlyFigures(db: Executor, activityId: string, period: Period): Promise<MonthFigures[]> {
  const rows = await db
    .selectFrom('activity_sessions')
    .select([
      sql<string>`to_char(local_date, 'YYYY-MM')`.as('month'),
      sql<number>`count(*)`.as('sessions'),
      sql<number>`coalesce(sum(head_count), 0)`.as('attendances'),
      sql<number>`coalesce(sum(new_attendees), 0)`.as('new_attendees'),
    ])
    .where('activity_id', '=', activityId)
    .where('status', '=', 'delivered')
    .where('local_date', '>=', period.from)
    .where('local_date', '<=', period.to)
    .groupBy(sql`to_char(local_date, 'YYYY-MM')`)
    .execute();
  const byMonth = new Map(rows.map((row) => [row.month, row]));
  return monthsOf(period).map((month) => {
    const row = byMonth.get(month);
    return { month, label: monthLabel(month), sessions: Number(row?.sessions ?? 0), attendances: Number(row?.attendances ?? 0), newAttendees: Number(row?.new_attendees ?? 0) };
  });
}

/** Champion time given at the activity's sessions in the period (the champions module's own rows). */
async function championMinutes(db: Executor, activityId: string, period: Period): Promise<number> {
  const row = await db
    .selectFrom('champion_hours')
    .innerJoin('activity_sessions', 'activity_sessions.id', 'champion_hours.session_id')
    .select(sql<number>`coalesce(sum(champion_hours.minutes), 0)`.as('minutes'))
    .where('activity_sessions.activity_id', '=', activityId)
    .where('activity_sessions.local_date', '>=', period.from)
    .where('activity_sessions.local_date', '<=', period.to)
    .executeTakeFirst();
  return Number(row?.minutes ?? 0);
}

/** How many of the activity's lead champions are cleared, today, for every role its sessions need. */
export async function leaderCover(db: Executor, activity: Pick<ActivityRow, 'id' | 'organisation_id'>): Promise<ReviewFigures['leaders']> {
  const leads = await db
    .selectFrom('activity_leads')
    .innerJoin('champions', 'champions.id', 'activity_leads.champion_id')
    .select(['champions.id', 'champions.organisation_id', 'champions.stage'])
    .where('activity_leads.activity_id', '=', activity.id)
    .execute();
  const roles = await db.selectFrom('activity_roles').select('role_template_id').where('activity_id', '=', activity.id).execute();
  let cleared = 0;
  for (const lead of leads) {
    if (lead.stage === 'left') {
      continue;
    }
    const scope = trustedScope([lead.organisation_id, activity.organisation_id], 'linked');
    let coversAll = true;
    for (const role of roles) {
      if (!(await clearanceFor(db, scope, lead.id, role.role_template_id)).cleared) {
        coversAll = false;
        break;
      }
    }
    cleared += coversAll ? 1 : 0;
  }
  return { leads: leads.length, cleared, rolesNeeded: roles.length };
}

async function introductionFigures(db: Executor, activityId: string, period: Period): Promise<ReviewFigures['introductions']> {
  const row = await db
    .selectFrom('activity_introductions')
    .select([
      sql<number>`count(*) filter (where (created_at at time zone 'Europe/London')::date between ${period.from}::date and ${period.to}::date)`.as('made'),
      sql<number>`count(*) filter (where status = 'pending')`.as('pending'),
      sql<number>`count(*) filter (where status = 'joined')`.as('joined'),
      sql<number>`count(*) filter (where status = 'declined')`.as('declined'),
    ])
    .where('activity_id', '=', activityId)
    .executeTakeFirst();
  return { madeInPeriod: Number(row?.made ?? 0), pending: Number(row?.pending ?? 0), joined: Number(row?.joined ?? 0), declined: Number(row?.declined ?? 0) };
}

/** The figures for an activity over a period, as the reviewer sees them and the review stores them. */
export async function reviewFigures(db: Executor, activity: Pick<ActivityRow, 'id' | 'organisation_id' | 'cost_pence' | 'cost_note'>, period: Period): Promise<ReviewFigures> {
  const current = await sessionTotals(db, activity.id, period);
  const before = previousPeriod(period);
  const earlier = await sessionTotals(db, activity.id, before);
  return {
    period,
    sessions: { delivered: current.delivered, cancelled: current.cancelled, notRecorded: current.notRecorded },
    attendances: current.attendances,
    newAttendees: current.newAttendees,
    months: await monthlyFigures(db, activity.id, period),
    previous: { period: before, sessions: earlier.delivered, attendances: earlier.attendances },
    attendanceChange: current.attendances - earlier.attendances,
    attendanceChangePercent: percentChange(current.attendances, earlier.attendances),
    championMinutes: await championMinutes(db, activity.id, period),
    cost: costFigures(activity, current.attendances),
    expenses: await expenseFigures(db, activity.id, period),
    leaders: await leaderCover(db, activity),
    introductions: await introductionFigures(db, activity.id, period),
  };
}
