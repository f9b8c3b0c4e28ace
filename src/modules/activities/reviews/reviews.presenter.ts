import { formatDate, formatNumber } from '../../../platform/views/format.ts';
import { formatMinutes } from '../../champions/index.ts';
import type { ReviewFigures } from './review-figures.rules.ts';
import { OUTCOME_SHORT } from './reviews.schemas.ts';
import type { ReviewRow } from './reviews.repo.ts';

/** One line of the figures: a label, the words, and a key tests and styles can find it by. */
export interface FigureRow {
  key: string;
  label: string;
  text: string;
}

function plural(count: number, one: string, many: string): string {
  return `${formatNumber(count)} ${count === 1 ? one : many}`;
}

const POUNDS = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });

/** "£1,234.50" from pence. */
export function pounds(pence: number): string {
  return POUNDS.format(pence / 100);
}

/** What attendees pay: "Free", or the price, its note and what the period's attendances come to at it. */
export function describeAttendeeCost(cost: ReviewFigures['cost'], attendances: number): string {
  const note = cost.note ? ` (${cost.note})` : '';
  if (cost.pencePerSession === 0) {
    return `Free${note}`;
  }
  const atMost = pounds(cost.attendancesAtPricePence);
  return `${pounds(cost.pencePerSession)} a session${note}: at most ${atMost} from ${plural(attendances, 'attendance', 'attendances')} at that price`;
}

/** The approved champion expenses counted for the activity, and those that could not be. */
export function describeExpenses(expenses: ReviewFigures['expenses']): string {
  const counted =
    expenses.items === 0
      ? 'None approved for days champions gave time only at its sessions'
      : `${pounds(expenses.approvedPence)} in ${plural(expenses.items, 'item', 'items')} from ` +
        `${plural(expenses.champions, 'champion', 'champions')}, for days they gave time only at its sessions`;
  const shared =
    expenses.sharedDayItems === 0
      ? ''
      : `. Not counted: ${pounds(expenses.sharedDayPence)} in ${plural(expenses.sharedDayItems, 'item', 'items')} from days they also gave time elsewhere`;
  return `${counted}${shared}`;
}

/** "+12 (up 25%)", "-3 (down 10%)", "no change", or "+4" when the period before had none. */
export function describeChange(change: number, percent: number | null): string {
  if (change === 0) {
    return 'No change';
  }
  const signed = `${change > 0 ? '+' : '−'}${formatNumber(Math.abs(change))}`;
  return percent === null ? signed : `${signed} (${change > 0 ? 'up' : 'down'} ${Math.abs(percent)}%)`;
}

/** What the lead champions are cleared for: the activity, the role it needs, or all of its roles. */
function rolesNeededText(rolesNeeded: number): string {
  if (rolesNeeded === 0) {
    return 'the activity';
  }
  return rolesNeeded === 1 ? 'the role it needs' : `all ${rolesNeeded} roles it needs`;
}

/** The figures as the review page lists them. */
export function figureRows(figures: ReviewFigures): FigureRow[] {
  const { leaders, introductions, previous } = figures;
  return [
    { key: 'delivered', label: 'Sessions delivered', text: formatNumber(figures.sessions.delivered) },
    { key: 'cancelled', label: 'Sessions cancelled', text: formatNumber(figures.sessions.cancelled) },
    { key: 'not-recorded', label: 'Past sessions not yet recorded', text: formatNumber(figures.sessions.notRecorded) },
    { key: 'attendances', label: 'Attendances', text: formatNumber(figures.attendances) },
    { key: 'new-attendees', label: 'New attendees', text: formatNumber(figures.newAttendees) },
    {
      key: 'change',
      label: 'Attendances compared with the period before',
      text:
        `${describeChange(figures.attendanceChange, figures.attendanceChangePercent)}: ` +
        `${plural(previous.attendances, 'attendance', 'attendances')} from ${formatDate(previous.period.from)} ` +
        `to ${formatDate(previous.period.to)}`,
    },
    { key: 'champion-hours', label: 'Champion hours given', text: formatMinutes(figures.championMinutes) },
    { key: 'attendee-cost', label: 'Cost to attendees', text: describeAttendeeCost(figures.cost, figures.attendances) },
    { key: 'champion-expenses', label: 'Champion expenses approved', text: describeExpenses(figures.expenses) },
    {
      key: 'leader-cover',
      label: 'Leader cover',
      text:
        leaders.leads === 0
          ? 'No lead champions'
          : `${formatNumber(leaders.cleared)} of ${plural(leaders.leads, 'lead champion is', 'lead champions are')} ` +
            `cleared for ${rolesNeededText(leaders.rolesNeeded)}`,
    },
    {
      key: 'introductions',
      label: 'Warm introductions',
      text:
        `${formatNumber(introductions.madeInPeriod)} made in this period; ${formatNumber(introductions.pending)} ` +
        `waiting, ${formatNumber(introductions.joined)} joined, ${formatNumber(introductions.declined)} decided not to join`,
    },
  ];
}

/** A past review as the list shows it. */
export function presentReview(review: ReviewRow) {
  const figures = review.figures as Partial<ReviewFigures> | null;
  return {
    id: review.id,
    date: formatDate(review.reviewedAt),
    period: `${formatDate(review.periodStart)} to ${formatDate(review.periodEnd)}`,
    outcome: OUTCOME_SHORT[review.outcome],
    outcomeKey: review.outcome,
    outcomeNote: review.outcomeNote,
    costNote: review.costNote,
    feedback: review.feedback,
    reviewer: review.reviewerName ?? 'Someone who has left',
    sessions: figures?.sessions?.delivered ?? null,
    attendances: figures?.attendances ?? null,
    nextReview: review.nextReviewOn ? formatDate(review.nextReviewOn) : '',
  };
}
