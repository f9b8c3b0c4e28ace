import { addDays, isoWeekday } from '../lib/dates.ts';
import { hashOf, seededRandom } from './random.ts';

// The calendar and the weather of the demo year, as pure functions of the date, so the demo's
// attendance follows the seasons the same way on every machine: walks thin out in winter,
// parents' groups in the school holidays, cafés dip at Christmas, flu clinics run only in the
// autumn, and bank holidays and snow cancel sessions.

function iso(year: number, month: number, day: number): string {
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}

/** Easter Sunday of a year (the Gregorian computus). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return iso(year, month, day);
}

/** The first (or, with -1, last) given ISO weekday of a month. */
function weekdayOfMonth(year: number, month: number, weekday: number, which: 1 | -1): string {
  if (which === 1) {
    const first = iso(year, month, 1);
    return addDays(first, (weekday - isoWeekday(first) + 7) % 7);
  }
  const last = addDays(iso(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1), -1);
  return addDays(last, -((isoWeekday(last) - weekday + 7) % 7));
}

/** A holiday that falls at a weekend moves to the next weekday not already a holiday. */
function substitute(date: string, taken: Set<string>): string {
  let day = date;
  while (isoWeekday(day) >= 6 || taken.has(day)) {
    day = addDays(day, 1);
  }
  return day;
}

/** England's bank holidays in a year, by date, with their names. */
export function bankHolidays(year: number): Map<string, string> {
  const holidays = new Map<string, string>();
  const taken = new Set<string>();
  const add = (date: string, name: string, moves = false) => {
    const day = moves ? substitute(date, taken) : date;
    holidays.set(day, name);
    taken.add(day);
  };
  add(iso(year, 1, 1), 'New Year’s Day', true);
  const easter = easterSunday(year);
  add(addDays(easter, -2), 'Good Friday');
  add(addDays(easter, 1), 'Easter Monday');
  add(weekdayOfMonth(year, 5, 1, 1), 'Early May bank holiday');
  add(weekdayOfMonth(year, 5, 1, -1), 'Spring bank holiday');
  add(weekdayOfMonth(year, 8, 1, -1), 'Summer bank holiday');
  add(iso(year, 12, 25), 'Christmas Day', true);
  add(iso(year, 12, 26), 'Boxing Day', true);
  return holidays;
}

/** The bank holiday on a date, or null. */
export function bankHolidayOn(date: string): string | null {
  return bankHolidays(Number(date.slice(0, 4))).get(date) ?? null;
}

/** True in the (approximate) school holidays of West Yorkshire: half terms, Easter, summer and Christmas. */
export function isSchoolHoliday(date: string): boolean {
  const year = Number(date.slice(0, 4));
  const monthDay = date.slice(5);
  const easter = easterSunday(year);
  const ranges: [string, string][] = [
    ['01-01', '01-04'],
    ['02-14', '02-22'],
    ['05-24', '05-31'],
    ['07-22', '09-03'],
    ['10-24', '11-01'],
    ['12-20', '12-31'],
  ];
  if (date >= addDays(easter, -9) && date <= addDays(easter, 8)) {
    return true;
  }
  return ranges.some(([from, to]) => monthDay >= from && monthDay <= to);
}

/** True between Christmas Eve and New Year's Day, when groups take a break. */
export function isChristmasBreak(date: string): boolean {
  const monthDay = date.slice(5);
  return monthDay >= '12-24' || monthDay <= '01-01';
}

/** The snow days of a year's winter: three in January and one in February, different every year but the same on every machine. */
export function snowDays(year: number): Set<string> {
  const random = seededRandom(hashOf(`snow:${year}`));
  const january = 8 + Math.floor(random() * 14);
  const february = 2 + Math.floor(random() * 20);
  return new Set([iso(year, 1, january), iso(year, 1, january + 1), iso(year, 1, january + 2), iso(year, 2, february)]);
}

/** True when snow and ice closed paths and venues on this date. */
export function isSnowDay(date: string): boolean {
  return snowDays(Number(date.slice(0, 4))).has(date);
}

/** How attendance moves through the year for a kind of activity. */
export type AttendancePattern =
  | 'walk'
  | 'parents'
  | 'parents_walk'
  | 'social'
  | 'exercise'
  | 'greeting'
  | 'flu'
  | 'event'
  | 'one_to_one'
  | 'research';

/** Outdoor walking by month (January first): half in deep winter, a third more in early summer. */
const WALK_BY_MONTH = [0.5, 0.55, 0.75, 0.9, 1.15, 1.25, 1.2, 1.05, 1, 0.85, 0.7, 0.55];
/** Indoor exercise: a New Year rush, a summer lull. */
const EXERCISE_BY_MONTH = [1.3, 1.15, 1.05, 1, 0.95, 0.9, 0.85, 0.8, 1, 1, 1, 0.9];

/** The factor a date's season applies to an activity's usual attendance. */
export function seasonalFactor(pattern: AttendancePattern, date: string): number {
  const month = Number(date.slice(5, 7));
  const christmas = date.slice(5) >= '12-18' || date.slice(5) <= '01-06';
  switch (pattern) {
    case 'walk':
      return WALK_BY_MONTH[month - 1] ?? 1;
    case 'parents':
      return isSchoolHoliday(date) ? 0.55 : 1;
    case 'parents_walk':
      return (isSchoolHoliday(date) ? 0.55 : 1) * (WALK_BY_MONTH[month - 1] ?? 1);
    case 'social':
      return christmas ? 0.6 : month === 8 ? 0.85 : 1;
    case 'exercise':
      return (EXERCISE_BY_MONTH[month - 1] ?? 1) * (christmas ? 0.7 : 1);
    case 'greeting':
      return month === 12 || month <= 2 ? 1.2 : month === 8 ? 0.85 : 1;
    default:
      return 1;
  }
}

/** Whether a session on this date is rained (or snowed) off: outdoor ones on snow days; any on a bank holiday. */
export function cancellationReason(date: string, outdoor: boolean, random: () => number): string | null {
  const holiday = bankHolidayOn(date);
  if (holiday) {
    return `Bank holiday (${holiday}): no session`;
  }
  if (isSnowDay(date) && (outdoor || random() < 0.5)) {
    return outdoor ? 'Snow and ice: not safe to walk' : 'Snow: the venue closed for the day';
  }
  if (random() < 0.015) {
    return (
      [
        'The leads were unwell and there was no cover',
        'The venue was double-booked',
        'The heating at the venue was broken',
      ][Math.floor(random() * 3)] ?? 'No cover'
    );
  }
  return null;
}

/** The counts a lead records for one delivered session. */
export interface SessionCounts {
  headCount: number;
  newAttendees: number;
  referred: { self: number; reception: number; gp: number; link_worker: number };
  peopleSupported: number | null;
}

const ROUTE_WEIGHTS = { self: 0.5, reception: 0.2, gp: 0.15, link_worker: 0.15 } as const;

/**
 * A session's counts: the usual attendance times its season and some noise, within capacity;
 * some new people (more in January and in an activity's first weeks); some of those who came
 * sent by each accepted route; and, for service support, the people supported. New people and
 * referrals never exceed the people who came.
 */
export function sessionCounts(
  options: {
    pattern: AttendancePattern;
    usual: number;
    capacity: number | null;
    routes: readonly ('self' | 'reception' | 'gp' | 'link_worker')[];
    serviceSupport: boolean;
    weeksRunning: number;
  },
  date: string,
  random: () => number,
): SessionCounts {
  const { pattern, usual } = options;
  const noise = 0.82 + random() * 0.36;
  let headCount = pattern === 'research' ? 0 : Math.max(1, Math.round(usual * seasonalFactor(pattern, date) * noise));
  if (options.capacity !== null && pattern !== 'flu' && pattern !== 'greeting') {
    headCount = Math.min(headCount, options.capacity);
  }
  const fresh =
    options.weeksRunning < 6 ? 0.3 : pattern === 'flu' || pattern === 'event' ? 0.5 : 0.04 + random() * 0.08;
  const newAttendees = Math.min(headCount, Math.round(headCount * fresh * (date.slice(5, 7) === '01' ? 1.5 : 1)));
  const referred = { self: 0, reception: 0, gp: 0, link_worker: 0 };
  const share = pattern === 'flu' || pattern === 'greeting' ? 0.1 : 0.25 + random() * 0.35;
  let left = Math.round(headCount * share);
  const weightTotal = options.routes.reduce((sum, route) => sum + ROUTE_WEIGHTS[route], 0);
  for (const route of options.routes) {
    const count = Math.min(left, Math.round((headCount * share * ROUTE_WEIGHTS[route]) / (weightTotal || 1)));
    referred[route] = count;
    left -= count;
  }
  const peopleSupported = options.serviceSupport
    ? Math.round(headCount * (pattern === 'flu' ? 0.85 + random() * 0.1 : 0.3 + random() * 0.2))
    : null;
  return { headCount, newAttendees, referred, peopleSupported };
}
