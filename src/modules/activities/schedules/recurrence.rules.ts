import rrulePackage from 'rrule';
import {
  addDays,
  formatDay,
  formatLongDay,
  formatTimeRange,
  isoWeekday,
  londonInstant,
  weekdayName,
} from '../../../lib/dates.ts';
import type { Frequency } from '../activities.tables.ts';

// rrule ships CommonJS to Node: its named exports are reached through the default import.
const { RRule, RRuleSet, datetime } = rrulePackage;

/** A schedule as its fields say it, in London wall-clock dates and times. */
export interface ScheduleRule {
  frequency: Frequency;
  /** YYYY-MM-DD */
  startsOn: string;
  /** YYYY-MM-DD, the last date a session may fall on; null for no end. */
  endsOn: string | null;
  /** ISO weekday, 1 (Monday) to 7 (Sunday); null for a one-off session. */
  weekday: number | null;
  /** For monthly_weekday: 1 to 4, or -1 for the last such weekday of the month. */
  weekOfMonth: number | null;
  /** HH:MM (or HH:MM:SS, as the database gives it). */
  startTime: string;
  endTime: string;
  /** Dates the schedule skips (YYYY-MM-DD). */
  exceptions?: readonly string[];
}

/** One session the schedule produces: its London date and its start and end as instants. */
export interface Occurrence {
  localDate: string;
  startsAt: Date;
  endsAt: Date;
}

const RRULE_DAYS = [RRule.MO, RRule.TU, RRule.WE, RRule.TH, RRule.FR, RRule.SA, RRule.SU] as const;
const ORDINALS: Record<number, string> = { 1: 'first', 2: 'second', 3: 'third', 4: 'fourth', [-1]: 'last' };

/** "first" … "fourth", or "last" for -1. */
export function ordinalName(weekOfMonth: number): string {
  return ORDINALS[weekOfMonth] ?? '';
}

function parts(iso: string): [number, number, number] {
  const [year = 0, month = 1, day = 1] = iso.split('-').map(Number);
  return [year, month, day];
}

/** A London calendar date as rrule's "floating" date: the wall-clock date held in UTC fields. */
function floating(iso: string): Date {
  const [year, month, day] = parts(iso);
  return datetime(year, month, day);
}

function fromFloating(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function clockParts(time: string): [number, number] {
  const [hour = 0, minute = 0] = time.split(':').map(Number);
  return [hour, minute];
}

function minutesOf(time: string): number {
  const [hour, minute] = clockParts(time);
  return hour * 60 + minute;
}

/** The start and end instants of a session on a London date. */
export function sessionTimes(localDate: string, startTime: string, endTime: string): Occurrence {
  const startsAt = londonInstant(localDate, startTime);
  let endsAt = londonInstant(localDate, endTime);
  if (endsAt <= startsAt) {
    // Only around the skipped hour in March (a start moved forward past its end): keep the length.
    endsAt = new Date(startsAt.getTime() + (minutesOf(endTime) - minutesOf(startTime)) * 60_000);
  }
  return { localDate, startsAt, endsAt };
}

/** The first date on or after `iso` that falls on an ISO weekday. */
function onOrAfter(iso: string, weekday: number): string {
  return addDays(iso, (weekday - isoWeekday(iso) + 7) % 7);
}

/** The rrule options (without start or end) for a repeating schedule. */
function ruleOptions(rule: ScheduleRule) {
  const day = RRULE_DAYS[(rule.weekday ?? 1) - 1] ?? RRule.MO;
  switch (rule.frequency) {
    case 'weekly':
      return { freq: RRule.WEEKLY, byweekday: [day] };
    case 'fortnightly':
      // Weeks start on Monday (WKST=MO, the RFC 5545 default), so no WKST is written.
      return { freq: RRule.WEEKLY, interval: 2, byweekday: [day] };
    default:
      return { freq: RRule.MONTHLY, byweekday: [day.nth(rule.weekOfMonth ?? 1)] };
  }
}

/** Where the rule's series is anchored: a fortnight counts from the first matching day on or after the start. */
function seriesStart(rule: ScheduleRule): string {
  return rule.frequency === 'weekly' || rule.frequency === 'fortnightly'
    ? onOrAfter(rule.startsOn, rule.weekday ?? 1)
    : rule.startsOn;
}

/**
 * The London dates the schedule meets on between `from` and `to` (inclusive), in order. The
 * recurrence is worked out by rrule on floating (wall-clock) dates, so clock changes cannot
 * move a session to another day; exceptions are EXDATEs unless `withExceptions` is false.
 */
export function occurrenceDates(
  rule: ScheduleRule,
  from: string,
  to: string,
  options: { withExceptions?: boolean } = {},
): string[] {
  const start = from > rule.startsOn ? from : rule.startsOn;
  const end = rule.endsOn !== null && rule.endsOn < to ? rule.endsOn : to;
  if (start > end) {
    return [];
  }
  const skipped = new Set(options.withExceptions === false ? [] : (rule.exceptions ?? []));
  if (rule.frequency === 'once') {
    return start <= rule.startsOn && rule.startsOn <= end && !skipped.has(rule.startsOn) ? [rule.startsOn] : [];
  }
  const set = new RRuleSet();
  set.rrule(
    new RRule({
      ...ruleOptions(rule),
      dtstart: floating(seriesStart(rule)),
      until: rule.endsOn ? floating(rule.endsOn) : null,
    }),
  );
  for (const date of skipped) {
    set.exdate(floating(date));
  }
  return set.between(floating(start), floating(end), true).map(fromFloating);
}

/** The sessions (dates and instants) the schedule produces between two London dates, inclusive. */
export function occurrencesBetween(rule: ScheduleRule, from: string, to: string): Occurrence[] {
  return occurrenceDates(rule, from, to).map((date) => sessionTimes(date, rule.startTime, rule.endTime));
}

/** The schedule's first date (exceptions ignored), or null if it never meets. */
export function firstDate(rule: ScheduleRule): string | null {
  if (rule.frequency === 'once') {
    return rule.startsOn;
  }
  const first = new RRule({
    ...ruleOptions(rule),
    dtstart: floating(seriesStart(rule)),
    until: rule.endsOn ? floating(rule.endsOn) : null,
  }).after(floating(rule.startsOn), true);
  return first ? fromFloating(first) : null;
}

function utcStamp(instant: Date): string {
  return `${instant.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;
}

/**
 * The RFC 5545 RRULE value for the schedule (without the "RRULE:" name), for feeds whose
 * DTSTART is the first session in Europe/London: "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
 * "FREQ=MONTHLY;BYDAY=-1FR". An end date becomes UNTIL in UTC, as RFC 5545 requires with a
 * zoned DTSTART. A one-off session has no rule: ''.
 */
export function rruleFor(rule: ScheduleRule): string {
  if (rule.frequency === 'once') {
    return '';
  }
  // rrule writes "+2TU"; the sign is optional in RFC 5545 and "2TU" is how it is usually seen.
  const base = new RRule(ruleOptions(rule))
    .toString()
    .replace(/^RRULE:/, '')
    .replace('BYDAY=+', 'BYDAY=');
  return rule.endsOn ? `${base};UNTIL=${utcStamp(londonInstant(rule.endsOn, rule.startTime))}` : base;
}

/**
 * The schedule in plain English: "Every other Tuesday, 2pm to 3pm, from 3 March 2026",
 * "The last Friday of every month, 10am to 11am, from 27 March 2026 until 18 December 2026".
 */
export function describeSchedule(rule: ScheduleRule): string {
  const times = formatTimeRange(rule.startTime, rule.endTime);
  if (rule.frequency === 'once') {
    return `Once, on ${formatLongDay(rule.startsOn)}, ${times}`;
  }
  const day = weekdayName(rule.weekday ?? 1);
  const pattern = {
    weekly: `Every ${day}`,
    fortnightly: `Every other ${day}`,
    monthly_weekday: `The ${ordinalName(rule.weekOfMonth ?? 1)} ${day} of every month`,
  }[rule.frequency];
  const from = firstDate(rule) ?? rule.startsOn;
  const until = rule.endsOn ? ` until ${formatDay(rule.endsOn)}` : '';
  return `${pattern}, ${times}, from ${formatDay(from)}${until}`;
}
