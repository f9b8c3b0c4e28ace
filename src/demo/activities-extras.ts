import { type Insertable, sql, type Transaction } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import { newId } from '../lib/ids.ts';
import type { ActivityRow, ReviewOutcome } from '../modules/activities/activities.tables.ts';
import { setPublicBaseUrl, syncActivityListing } from '../modules/activities/whats-on/publishing.service.ts';
import { expenseFigures } from '../modules/activities/reviews/review-figures.service.ts';
import {
  addMonths,
  costFigures,
  type ExpenseFigures,
  londonToday,
  monthLabel,
  monthsOf,
  percentChange,
  type Period,
  previousPeriod,
  type ReviewFigures,
} from '../modules/activities/reviews/review-figures.rules.ts';
import type { DemoActivity } from './activities-catalogue.ts';
import type { IntroductionRow } from './activities-introductions.ts';
import type { SessionSummary } from './activities-sessions.ts';

// The finishing touches of the demo activities: risk assessment wording, sustain reviews with the
// figures the module works out, and the directory listings of what is running (the warm
// introductions are in activities-introductions.ts).

const DAY = 86_400_000;

/** A risk assessment's wording for the kind of activity. */
export function riskWording(def: DemoActivity): {
  hazards: string;
  controls: string;
  safeguarding: string;
  loneWorking: string;
  insurance: string;
} {
  const outdoor = def.outdoor === true;
  const hazards = outdoor
    ? 'Slips and trips on uneven or wet paths; traffic at road crossings; people becoming unwell ' +
      'or tired on the route; bad weather.'
    : def.mode === 'one_to_one'
      ? 'Lone contact with someone who may be vulnerable; disclosures of abuse or neglect; the ' +
        'champion’s own wellbeing.'
      : def.mode === 'service_support'
        ? 'Crowding and queues in a busy waiting room or clinic; people feeling faint or unwell ' +
          '(after a vaccination, say); trip hazards from bags and walking aids; fire evacuation with ' +
          'many people present.'
        : 'Trips over bags and cables; hot drinks; people becoming unwell; fire evacuation; food allergies.';
  const controls = outdoor
    ? 'Route walked and checked each season; two leaders (front and back) with a first aid kit ' +
      'and phone; walk cancelled in snow, ice or high winds; cross roads only at crossings.'
    : def.mode === 'one_to_one'
      ? 'Befrienders are DBS checked, trained and supervised monthly; contact only through the ' +
        'arranged route; no personal phone numbers exchanged.'
      : 'Room checked before each session; hot drinks served by champions; first aid kit and ' +
        'trained first aider on site; fire exits kept clear and the register of attendance taken by ' +
        'head count.';
  return {
    hazards,
    controls,
    safeguarding:
      'Champions have completed safeguarding awareness training and know to tell the practice safeguarding lead ' +
      `the same day about any concern. ${
        def.registerReason
          ? 'Children are always with their own parent or carer.'
          : 'Concerns are flagged on the session record without detail.'
      }`,
    loneWorking:
      def.mode === 'one_to_one'
        ? 'Befrienders tell the coordinator when each visit or call starts and ends; a missed ' +
          'check-in is followed up within the hour.'
        : 'Never fewer than two champions; nobody locks up alone.',
    insurance:
      'Covered by the practice’s public liability and volunteer insurance (Northvale ICB scheme, demo policy).',
  };
}

/** What a review's money figures are made from: the activity's price and its champions' expenses. */
export interface MoneyInputs {
  activity: Pick<ActivityRow, 'cost_pence' | 'cost_note'>;
  expenses: ExpenseFigures;
}

/**
 * The figures a sustain review stores (reviewFigures' shape and rules), added up from the
 * sessions just written rather than queried back: delivered, cancelled and unrecorded sessions,
 * attendance by month and against the period before, champion minutes, the price to attendees,
 * leader cover and introductions (the expenses, from the champions' claims, are queried). The
 * seed's test checks them against reviewFigures.
 */
export function figuresFrom(
  sessions: readonly SessionSummary[],
  introductions: readonly IntroductionRow[],
  leaders: ReviewFigures['leaders'],
  period: Period,
  now: Date,
  money: MoneyInputs,
): ReviewFigures {
  const within = (range: Period) =>
    sessions.filter((session) => session.localDate >= range.from && session.localDate <= range.to);
  const delivered = (list: readonly SessionSummary[]) => list.filter((session) => session.status === 'delivered');
  const sum = (list: readonly SessionSummary[], pick: (session: SessionSummary) => number) =>
    list.reduce((total, session) => total + pick(session), 0);
  const current = within(period);
  const before = previousPeriod(period);
  const earlier = delivered(within(before));
  const attendances = sum(delivered(current), (session) => session.headCount);
  const earlierAttendances = sum(earlier, (session) => session.headCount);
  const dateOf = (instant: Date) => londonToday(instant);
  return {
    period,
    sessions: {
      delivered: delivered(current).length,
      cancelled: current.filter((session) => session.status === 'cancelled').length,
      notRecorded: current.filter((session) => session.status === 'scheduled' && session.startsAt < now).length,
    },
    attendances,
    newAttendees: sum(delivered(current), (session) => session.newAttendees),
    months: monthsOf(period).map((month) => {
      const of = delivered(current).filter((session) => session.localDate.startsWith(month));
      return {
        month,
        label: monthLabel(month),
        sessions: of.length,
        attendances: sum(of, (session) => session.headCount),
        newAttendees: sum(of, (session) => session.newAttendees),
      };
    }),
    previous: { period: before, sessions: earlier.length, attendances: earlierAttendances },
    attendanceChange: attendances - earlierAttendances,
    attendanceChangePercent: percentChange(attendances, earlierAttendances),
    championMinutes: sum(current, (session) => session.minutes),
    cost: costFigures(money.activity, attendances),
    expenses: money.expenses,
    leaders,
    introductions: {
      madeInPeriod: introductions.filter(
        (introduction) => dateOf(introduction.createdAt) >= period.from && dateOf(introduction.createdAt) <= period.to,
      ).length,
      pending: introductions.filter((introduction) => introduction.status === 'pending').length,
      joined: introductions.filter((introduction) => introduction.status === 'joined').length,
      declined: introductions.filter((introduction) => introduction.status === 'declined').length,
    },
  };
}

/** What each activity's latest sustain review decided, and when (weeks ago); two are overdue. */
function reviewOf(def: DemoActivity): { outcome: ReviewOutcome; weeksAgo: number; note: string; feedback: string } {
  if (def.status === 'paused' || def.status === 'closed') {
    return {
      outcome: def.status === 'paused' ? 'pause' : 'close',
      weeksAgo: def.stoppedWeeksAgo ?? 4,
      note: def.stopNote ?? '',
      feedback: 'Regulars were sorry; we have pointed them to similar groups nearby.',
    };
  }
  const overdue = ['hillside-cuppa', 'millbrook-singing'].includes(def.key);
  const weeksAgo = overdue ? 14 + (def.key.length % 2) : 2 + (def.key.length % 9);
  if (def.key === 'canal-cuppa') {
    return {
      outcome: 'adapt',
      weeksAgo,
      note: 'Busy enough to move into the larger waiting area on Friday mornings, with a second host.',
      feedback: '“It’s the highlight of my week.” Some found the small room cramped.',
    };
  }
  return {
    outcome: 'continue',
    weeksAgo,
    note: 'Going well: steady numbers and enough cleared leads.',
    feedback: 'Warm feedback from regulars; two people came back after their GP suggested it.',
  };
}

/** An activity as the reviews need it. */
export interface ReviewSubject {
  def: DemoActivity;
  row: ActivityRow;
  reviewerId: string | null;
  activeAt: Date;
  leaders: ReviewFigures['leaders'];
}

/**
 * A sustain review for every activity that has run for more than a quarter: the latest review
 * of each (two of them overdue now), with the figures of the three months before it; the pause
 * and the close came from a review. Written in one statement.
 */
export async function addReviews(
  tx: Transaction<Database>,
  subjects: readonly ReviewSubject[],
  sessions: readonly SessionSummary[],
  introductions: readonly IntroductionRow[],
  now: Date,
): Promise<void> {
  const rows: Insertable<Database['activity_reviews']>[] = [];
  for (const { def, row, reviewerId, activeAt, leaders } of subjects) {
    if (!['active', 'paused', 'closed'].includes(def.status) || now.getTime() - activeAt.getTime() < 16 * 7 * DAY) {
      continue;
    }
    const review = reviewOf(def);
    const reviewedAt = new Date(now.getTime() - review.weeksAgo * 7 * DAY);
    const periodEnd = londonToday(reviewedAt);
    const period = { from: addMonths(periodEnd, -3), to: periodEnd };
    const figures = figuresFrom(
      sessions.filter((session) => session.activityId === row.id),
      introductions.filter((introduction) => introduction.activityId === row.id),
      leaders,
      period,
      now,
      { activity: row, expenses: await expenseFigures(tx, row.id, period) },
    );
    rows.push({
      id: newId(),
      activity_id: row.id,
      organisation_id: row.organisation_id,
      period_start: period.from,
      period_end: period.to,
      figures: JSON.stringify(figures),
      cost_note:
        row.cost_pence > 0
          ? 'Hall hire is covered by the session charge.'
          : 'No costs beyond tea and biscuits, from the practice’s champion budget.',
      feedback: review.feedback,
      outcome: review.outcome,
      outcome_note: review.note,
      next_review_on: review.outcome === 'close' ? null : addMonths(periodEnd, 3),
      reviewed_by: reviewerId,
      reviewed_at: reviewedAt,
    });
  }
  if (rows.length === 0) {
    return;
  }
  await tx.insertInto('activity_reviews').values(rows).execute();
  // As saving a review does: the activity's review date is the next review.
  await tx
    .updateTable('activities')
    .set({
      review_on: sql<string>`(select r.next_review_on from activity_reviews r where r.activity_id = activities.id)`,
    })
    .where(
      'id',
      'in',
      rows.filter((review) => review.next_review_on !== null).map((review) => review.activity_id),
    )
    .execute();
}

/** Publishes every public activity that is running (or paused) to the directory, as the lifecycle does. */
export async function publishActivities(
  tx: Transaction<Database>,
  activities: readonly { row: ActivityRow; reviewerId: string | null }[],
  baseUrl: string,
): Promise<number> {
  setPublicBaseUrl(baseUrl);
  let published = 0;
  for (const { row, reviewerId } of activities) {
    if (row.public && (row.status === 'active' || row.status === 'paused')) {
      await syncActivityListing(tx, row.id, { userId: reviewerId });
      published += 1;
    }
  }
  return published;
}
