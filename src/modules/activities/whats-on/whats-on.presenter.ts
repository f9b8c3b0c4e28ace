import { FIVE_WAYS_TAXONOMY } from '../../directory/index.ts';
import type { Frequency, ReferralRoute, SessionStatus } from '../activities.tables.ts';
import {
  addDays,
  formatClock,
  formatDay,
  formatLongDay,
  formatTimeRange,
  isoWeekday,
  londonToday,
  londonWallClock,
} from '../../../lib/dates.ts';
import { CATEGORIES, WEEKDAYS } from './whats-on.schemas.ts';

/** The schedule fields a plain-English description needs. */
export interface ScheduleShape {
  frequency: Frequency;
  weekday: number | null;
  week_of_month: number | null;
  starts_on: string;
  ends_on: string | null;
  start_time: string;
  end_time: string;
}

/** The session fields a public listing shows. */
export interface SessionShape {
  starts_at: Date;
  ends_at: Date;
  status: SessionStatus;
  cancel_reason: string;
  venue_name: string;
}

/** One session as a visitor reads it. */
export interface PublicSession {
  date: string;
  time: string;
  venue: string;
  cancelled: boolean;
  cancelReason: string;
}

const ORDINALS: Record<number, string> = { 1: 'First', 2: 'Second', 3: 'Third', 4: 'Fourth', [-1]: 'Last' };

/** How patients are asked to join by each route, in the words a patient would use. */
export const ROUTE_PHRASES: Record<ReferralRoute, string> = {
  self: 'Just turn up',
  reception: 'Ask at reception',
  gp: 'Ask your GP',
  link_worker: 'Ask your social prescribing link worker',
};
const ROUTE_ORDER: readonly ReferralRoute[] = ['self', 'reception', 'gp', 'link_worker'];

function weekdayOf(schedule: ScheduleShape): (typeof WEEKDAYS)[number] | undefined {
  const iso = schedule.weekday ?? isoWeekday(schedule.starts_on);
  return WEEKDAYS.find((day) => day.iso === iso);
}

/**
 * A schedule in plain English: "Tuesdays, 2pm to 3pm", "Every other Friday, 10am to
 * 11:30am", "Second Tuesday of the month, 2pm to 3pm", "Saturday 5 December 2026, 10am to 1pm",
 * with "from …" when it has not started yet and "until …" when it has an end.
 */
export function describeSchedule(schedule: ScheduleShape, today: string): string {
  const day = weekdayOf(schedule);
  const times = formatTimeRange(schedule.start_time, schedule.end_time);
  if (schedule.frequency === 'once' || !day) {
    return `${formatLongDay(schedule.starts_on)}, ${times}`;
  }
  const pattern =
    schedule.frequency === 'weekly'
      ? day.plural
      : schedule.frequency === 'fortnightly'
        ? `Every other ${day.label}`
        : `${ORDINALS[schedule.week_of_month ?? 1] ?? 'First'} ${day.label} of the month`;
  const from = schedule.starts_on > today ? ` from ${formatDay(schedule.starts_on)}` : '';
  const until = schedule.ends_on ? ` until ${formatDay(schedule.ends_on)}` : '';
  return `${pattern}, ${times}${from}${until}`;
}

/** "Free", or "£3.50", with the cost note after it when there is one. */
export function describeCost(costPence: number, costNote: string): string {
  const amount = costPence === 0 ? 'Free' : `£${(costPence / 100).toFixed(2)}`;
  return costNote.trim() ? `${amount} (${costNote.trim()})` : amount;
}

/** The ways in, in a fixed order, as a patient would read them. */
export function joinPhrases(routes: readonly string[]): string[] {
  return ROUTE_ORDER.filter((route) => routes.includes(route)).map((route) => ROUTE_PHRASES[route]);
}

/** The category's name, or '' for none or an unknown code. */
export function categoryName(code: string | null): string {
  return CATEGORIES.find((category) => category.value === code)?.label ?? '';
}

/** The Five Ways to Wellbeing names for the tags an activity carries. */
export function fiveWaysNames(codes: readonly string[]): string[] {
  return FIVE_WAYS_TAXONOMY.terms.filter((term) => codes.includes(term.code)).map((term) => term.name);
}

/** The first sentence or so of a description, for a listing. */
export function shortDescription(description: string, limit = 200): string {
  const text = description.replace(/\s+/g, ' ').trim();
  if (text.length <= limit) {
    return text;
  }
  const cut = text.slice(0, limit);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), limit / 2)).replace(/[\s,;:.]+$/, '')}…`;
}

/** Where an activity meets: venue, address and postcode, joined for one line. */
export function venueLine(parts: { venue_name: string; venue_address: string; venue_postcode: string }): string {
  return [parts.venue_name, parts.venue_address, parts.venue_postcode]
    .map((part) => part.trim())
    .filter(Boolean)
    .join(', ');
}

/** "Tuesday 1 December 2026, 2pm" for the next session of a listing. */
export function describeStart(startsAt: Date): string {
  const start = londonWallClock(startsAt);
  return `${formatLongDay(start.date)}, ${formatClock(start.time)}`;
}

/** One session as a visitor reads it, with its own venue when it differs from the activity's. */
export function presentSession(session: SessionShape, activityVenue: string): PublicSession {
  const start = londonWallClock(session.starts_at);
  const end = londonWallClock(session.ends_at);
  return {
    date: formatLongDay(start.date),
    time: formatTimeRange(start.time, end.time),
    venue:
      session.venue_name.trim() && session.venue_name.trim() !== activityVenue.trim() ? session.venue_name.trim() : '',
    cancelled: session.status === 'cancelled',
    cancelReason: session.status === 'cancelled' ? session.cancel_reason : '',
  };
}

/** The London date `plusDays` days after `now`'s, 'YYYY-MM-DD'. */
export function londonDate(now: Date, plusDays = 0): string {
  return addDays(londonToday(now), plusDays);
}
