import { DateTime } from 'luxon';
import { type ScheduleRecord, stableId } from '../../directory/index.ts';
import type { ActivityScheduleRow } from '../activities.tables.ts';

// An activity's schedules as the directory lists them: ORUK's iCalendar-style schedule records
// and the sentences that describe them, as pure functions of the schedule rows.

const ZONE = 'Europe/London';
/** ISO weekday (1 = Monday) as an iCalendar day code. */
const DAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
const ORDINALS: Record<number, string> = { 1: 'first', 2: 'second', 3: 'third', 4: 'fourth', [-1]: 'last' };

/** "10:00" from "10:00:00". */
function hhmm(time: string): string {
  return time.slice(0, 5);
}

/** The first date on or after `from` that a schedule produces a session (for ORUK dtstart). */
export function firstOccurrence(
  schedule: Pick<ActivityScheduleRow, 'frequency' | 'starts_on' | 'weekday' | 'week_of_month'>,
): string {
  const start = DateTime.fromISO(schedule.starts_on, { zone: ZONE });
  if (schedule.frequency === 'once' || schedule.weekday === null) {
    return schedule.starts_on;
  }
  const weekday = schedule.weekday;
  if (schedule.frequency !== 'monthly_weekday' || schedule.week_of_month === null) {
    return start.plus({ days: (weekday - start.weekday + 7) % 7 }).toISODate() ?? schedule.starts_on;
  }
  const week = schedule.week_of_month;
  for (let month = start.startOf('month'); month < start.plus({ years: 2 }); month = month.plus({ months: 1 })) {
    const candidate = nthWeekdayOf(month, weekday, week);
    if (candidate && candidate >= start) {
      return candidate.toISODate() ?? schedule.starts_on;
    }
  }
  return schedule.starts_on;
}

/** The nth (or last, for -1) given weekday of a month. */
function nthWeekdayOf(month: DateTime, weekday: number, week: number): DateTime | null {
  if (week === -1) {
    const last = month.endOf('month').startOf('day');
    return last.minus({ days: (last.weekday - weekday + 7) % 7 });
  }
  const first = month.plus({ days: (weekday - month.weekday + 7) % 7 });
  const found = first.plus({ weeks: week - 1 });
  return found.month === month.month ? found : null;
}

/** How a schedule reads in the directory: "Every Tuesday, 14:00 to 15:00". */
export function describeSchedule(
  schedule: Pick<
    ActivityScheduleRow,
    'frequency' | 'starts_on' | 'weekday' | 'week_of_month' | 'start_time' | 'end_time'
  >,
): string {
  const times = `${hhmm(schedule.start_time)} to ${hhmm(schedule.end_time)}`;
  const day = schedule.weekday === null ? '' : (DAY_NAMES[schedule.weekday - 1] ?? '');
  switch (schedule.frequency) {
    case 'weekly':
      return `Every ${day}, ${times}`;
    case 'fortnightly':
      return `Every other ${day}, ${times}`;
    case 'monthly_weekday':
      return `The ${ORDINALS[schedule.week_of_month ?? 1] ?? 'first'} ${day} of each month, ${times}`;
    default:
      return `${DateTime.fromISO(schedule.starts_on, { zone: ZONE }).setLocale('en-GB').toFormat('cccc d MMMM yyyy')}, ${times}`;
  }
}

/** "Not on 25 December 2026 or 1 January 2027" for the next few dates a schedule skips; null when none. */
export function describeExceptions(dates: readonly string[]): string | null {
  const shown = [...dates]
    .sort()
    .slice(0, 6)
    .map((date) => DateTime.fromISO(date, { zone: ZONE }).setLocale('en-GB').toFormat('d MMMM yyyy'));
  if (shown.length === 0) {
    return null;
  }
  const last = shown.pop();
  return `Not on ${shown.length > 0 ? `${shown.join(', ')} or ${last}` : last}`;
}

/** One activity schedule in ORUK's iCalendar-style shape (times are local, Europe/London). */
export function scheduleRecord(
  serviceId: string,
  schedule: ActivityScheduleRow,
  skipped: readonly string[] = [],
): ScheduleRecord {
  const code = schedule.weekday === null ? null : (DAY_CODES[schedule.weekday - 1] ?? null);
  const once = schedule.frequency === 'once';
  return {
    id: stableId(`activity-listing:${serviceId}:schedule:${schedule.id}`),
    validFrom: schedule.starts_on,
    validTo: once ? schedule.starts_on : schedule.ends_on,
    dtstart: firstOccurrence(schedule),
    freq: once ? null : schedule.frequency === 'monthly_weekday' ? 'MONTHLY' : 'WEEKLY',
    interval: once ? null : schedule.frequency === 'fortnightly' ? 2 : 1,
    byday:
      code === null ? null : schedule.frequency === 'monthly_weekday' ? `${schedule.week_of_month ?? 1}${code}` : code,
    bymonthday: null,
    opensAt: schedule.start_time.length === 5 ? `${schedule.start_time}:00` : schedule.start_time,
    closesAt: schedule.end_time.length === 5 ? `${schedule.end_time}:00` : schedule.end_time,
    description: describeSchedule(schedule),
    scheduleLink: null,
    attendingType: 'In person',
    notes: describeExceptions(skipped),
  };
}
