/**
 * The one place for calendar dates and London wall-clock times (luxon). Dates are YYYY-MM-DD
 * strings in Europe/London; instants are `Date`. Every module uses these, never its own copy.
 */
import { DateTime } from 'luxon';

/** The time zone everything is shown and scheduled in: the UK's wall clock. */
export const LONDON = 'Europe/London';

const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

/** Where "now" comes from: the real clock in production, a fixed one in tests. */
export interface Clock {
  now(): Date;
}

/** The real clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock stopped at one instant (tests, and replaying a job for a given day). */
export function fixedClock(at: Date | string): Clock {
  const instant = new Date(at);
  return { now: () => new Date(instant) };
}

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/**
 * One formatter for London wall-clock parts, made once: a zoned luxon DateTime per instant
 * shown (its offset arithmetic) was a tenth of the public pages' CPU (docs/performance.md).
 */
const LONDON_PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The London date (YYYY-MM-DD) and HH:MM of an instant; empty strings for an invalid one. */
function londonParts(instant: Date): { date: string; time: string } {
  if (Number.isNaN(instant.getTime())) {
    return { date: '', time: '' };
  }
  let year = '';
  let month = '';
  let day = '';
  let hour = '';
  let minute = '';
  for (const part of LONDON_PARTS.formatToParts(instant)) {
    if (part.type === 'year') {
      year = part.value;
    } else if (part.type === 'month') {
      month = part.value;
    } else if (part.type === 'day') {
      day = part.value;
    } else if (part.type === 'hour') {
      hour = part.value;
    } else if (part.type === 'minute') {
      minute = part.value;
    }
  }
  return { date: `${year.padStart(4, '0')}-${month}-${day}`, time: `${hour}:${minute}` };
}

function parts(iso: string): [number, number, number] {
  const [year = 0, month = 1, day = 1] = iso.split('-').map(Number);
  return [year, month, day];
}

/** Whether a string is a real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return false;
  }
  const [year, month, day] = parts(value);
  return DateTime.fromObject({ year, month, day }).isValid;
}

/** The London calendar date (YYYY-MM-DD) of an instant; today when none is given. */
export function londonToday(now: Date = new Date()): string {
  return londonParts(now).date;
}

/** The London calendar date of an instant (the same as `londonToday(instant)`, named for reading). */
export function londonDateOf(instant: Date): string {
  return londonToday(instant);
}

/** Adds whole days to a YYYY-MM-DD date (calendar days, no time zone involved). */
export function addDays(iso: string, days: number): string {
  const [year, month, day] = parts(iso);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const [y1, m1, d1] = parts(from);
  const [y2, m2, d2] = parts(to);
  return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / 86_400_000);
}

/** The ISO weekday (1 Monday … 7 Sunday) of a YYYY-MM-DD date. */
export function isoWeekday(iso: string): number {
  const [year, month, day] = parts(iso);
  const sundayFirst = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return sundayFirst === 0 ? 7 : sundayFirst;
}

/** The name of an ISO weekday (1 is Monday). */
export function weekdayName(weekday: number): string {
  return DAY_NAMES[weekday - 1] ?? '';
}

/** The London date and HH:MM of an instant. */
export function londonWallClock(instant: Date): { date: string; time: string } {
  return londonParts(instant);
}

/**
 * The instant a London wall-clock date and time names. Two hours a year need a rule:
 * - When the clocks go forward (last Sunday of March, 01:00 GMT becomes 02:00 BST) the times
 *   from 01:00 to 01:59 do not exist; such a time moves forward by the hour the clocks skip,
 *   as a clock on the wall would: 01:30 becomes 02:30 BST.
 * - When the clocks go back (last Sunday of October, 02:00 BST becomes 01:00 GMT) the times
 *   from 01:00 to 01:59 happen twice; the first of the two (BST) is meant.
 */
export function londonInstant(localDate: string, time: string): Date {
  const [year, month, day] = parts(localDate);
  const [hour = 0, minute = 0] = time.split(':').map(Number);
  let local = DateTime.fromObject({ year, month, day, hour, minute }, { zone: LONDON });
  const hourEarlier = local.minus({ hours: 1 });
  if (hourEarlier.day === day && hourEarlier.hour === hour && hourEarlier.minute === minute) {
    local = hourEarlier;
  }
  return local.toJSDate();
}

/** A time as NHS.UK style writes it: 9am, 10:30am, 2pm, midday, midnight. */
export function formatClock(time: string): string {
  const [hour = 0, minute = 0] = time.split(':').map(Number);
  if (minute === 0 && hour === 12) {
    return 'midday';
  }
  if (minute === 0 && hour === 0) {
    return 'midnight';
  }
  const twelve = hour % 12 === 0 ? 12 : hour % 12;
  const suffix = hour < 12 ? 'am' : 'pm';
  return minute === 0 ? `${twelve}${suffix}` : `${twelve}:${String(minute).padStart(2, '0')}${suffix}`;
}

/** "3 March 2026" */
export function formatDay(iso: string): string {
  const [year, month, day] = parts(iso);
  return `${day} ${MONTH_NAMES[month - 1] ?? ''} ${String(year).padStart(4, '0')}`;
}

/** "Tuesday 3 March 2026" */
export function formatLongDay(iso: string): string {
  return `${weekdayName(isoWeekday(iso))} ${formatDay(iso)}`;
}

/** "2pm to 3pm" */
export function formatTimeRange(startTime: string, endTime: string): string {
  return `${formatClock(startTime)} to ${formatClock(endTime)}`;
}

/** A YYYY-MM-DD date as the British "23/11/2026" (spreadsheets and exports). */
export function britishDate(isoDate: string | null | undefined): string {
  if (!isoDate) {
    return '';
  }
  const [year, month, day] = isoDate.slice(0, 10).split('-');
  return `${day}/${month}/${year}`;
}

/**
 * Joins an NHS.UK date input's three fields (`name[day]`, `name[month]`, `name[year]`) into one
 * `name` field as YYYY-MM-DD: '' when all are empty, 'invalid' when they do not make a real date.
 */
export function withDateField(body: unknown, name: string): Record<string, unknown> {
  const values = body && typeof body === 'object' ? { ...(body as Record<string, unknown>) } : {};
  const part = (suffix: string) => {
    const raw = values[`${name}[${suffix}]`];
    return typeof raw === 'string' ? raw.trim() : '';
  };
  const [day, month, year] = [part('day'), part('month'), part('year')];
  if (day === '' && month === '' && year === '') {
    values[name] = '';
    return values;
  }
  const parsed =
    /^\d{1,2}$/.test(day) && /^\d{1,2}$/.test(month) && /^\d{4}$/.test(year)
      ? DateTime.fromObject({ year: Number(year), month: Number(month), day: Number(day) })
      : null;
  values[name] = parsed?.isValid ? parsed.toISODate() : 'invalid';
  return values;
}

/** `withDateField` for several date inputs of one form. */
export function withDateFields(body: unknown, names: readonly string[]): Record<string, unknown> {
  return names.reduce<Record<string, unknown>>(
    (values, name) => withDateField(values, name),
    body && typeof body === 'object' ? { ...(body as Record<string, unknown>) } : {},
  );
}

/** The three fields of a date input, from YYYY-MM-DD, for showing a stored date in a form. */
export function dateParts(iso: string | null | undefined): { day: string; month: string; year: string } {
  const [year = '', month = '', day = ''] = (iso ?? '').split('-');
  return { day: day.replace(/^0/, ''), month: month.replace(/^0/, ''), year };
}
