import { daysBetween, londonDateOf } from '../../../lib/dates.ts';
import { DAYS, METRES_PER_MILE } from '../search/directory-search.schemas.ts';

/** "today", "yesterday", "5 days ago", "3 weeks ago", "4 months ago", "2 years ago" (UK calendar days). */
export function relativeAge(then: Date, now: Date = new Date()): string {
  const days = daysBetween(londonDateOf(then), londonDateOf(now));
  const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? '' : 's'} ago`;
  if (days <= 0) {
    return 'today';
  }
  if (days === 1) {
    return 'yesterday';
  }
  if (days < 14) {
    return plural(days, 'day');
  }
  if (days < 56) {
    return plural(Math.floor(days / 7), 'week');
  }
  if (days < 730) {
    return plural(Math.max(2, Math.floor(days / 30.44)), 'month');
  }
  return plural(Math.floor(days / 365.25), 'year');
}

/** How fresh an entry is, as a tag: its words and an NHS.UK tag colour. */
export interface Freshness {
  fresh: boolean;
  text: string;
  colour: 'green' | 'orange' | 'grey';
}

/** Freshness from the verification fields: checked recently, needs checking, or never checked. */
export function freshnessOf(
  service: { lastVerifiedAt: Date | null; stale: boolean; reviewDueAt: Date | null },
  now: Date = new Date(),
): Freshness {
  if (service.stale || (service.reviewDueAt !== null && service.reviewDueAt.getTime() <= now.getTime())) {
    return { fresh: false, text: 'Needs checking', colour: 'orange' };
  }
  if (!service.lastVerifiedAt) {
    return { fresh: false, text: 'Not checked yet', colour: 'grey' };
  }
  return { fresh: true, text: `Checked ${relativeAge(service.lastVerifiedAt, now)}`, colour: 'green' };
}

/** One session as stored: iCalendar BYDAY (MO,TU or 1TU) and HH:MM times. */
export interface ScheduleLine {
  byday: string | null;
  opensAt: string | null;
  closesAt: string | null;
  freq?: string | null;
  description?: string | null;
}

const ORDINALS: Record<string, string> = { '1': 'first', '2': 'second', '3': 'third', '4': 'fourth', '-1': 'last' };

function dayWords(byday: string): string {
  const parts = byday
    .toUpperCase()
    .split(',')
    .map((token) => token.trim())
    .map((token) => {
      const match = /^(-?\d)?([A-Z]{2})$/.exec(token);
      const day = DAYS.find((entry) => entry.code === match?.[2]);
      if (!match || !day) {
        return null;
      }
      return match[1] ? `${ORDINALS[match[1]] ?? `${match[1]}th`} ${day.label} of the month` : day.label;
    })
    .filter((text): text is string => text !== null);
  if (parts.length <= 1) {
    return parts[0] ?? '';
  }
  return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

const hhmm = (time: string | null) => (time ? time.slice(0, 5) : '');

/** "Tuesday 10:00 to 12:00", or the schedule's own description when it has no days. */
export function describeSession(line: ScheduleLine): string {
  const days = line.byday ? dayWords(line.byday) : '';
  const times =
    line.opensAt && line.closesAt
      ? `${hhmm(line.opensAt)} to ${hhmm(line.closesAt)}`
      : hhmm(line.opensAt)
        ? `from ${hhmm(line.opensAt)}`
        : '';
  const text = [days, times].filter(Boolean).join(' ');
  return text || (line.description ?? '').trim();
}

/** Every session of a service, in weekday order, described. */
export function describeSchedule(lines: readonly ScheduleLine[]): string[] {
  const dayIndex = (line: ScheduleLine) => {
    const code = /([A-Z]{2})/.exec((line.byday ?? '').toUpperCase())?.[1];
    const index = DAYS.findIndex((day) => day.code === code);
    return index < 0 ? 99 : index;
  };
  return [...lines]
    .sort((a, b) => dayIndex(a) - dayIndex(b) || hhmm(a.opensAt).localeCompare(hhmm(b.opensAt)))
    .map(describeSession)
    .filter((text) => text !== '');
}

/** A cost option as stored (ORUK: amount, option, amount_description). */
export interface CostLine {
  amount: number | string | null;
  option: string | null;
  amountDescription?: string | null;
}

const money = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });

/** "Free", "£3.50 per session", or the words the provider gave; empty when nothing is known. */
export function describeCost(lines: readonly CostLine[], fees: string | null = null): string {
  const paid = lines.filter((line) => line.amount !== null && Number(line.amount) > 0);
  if (paid.length > 0) {
    return paid
      .map((line) =>
        [
          money.format(Number(line.amount)),
          line.option && !/^(cost|paid|per session)$/i.test(line.option) ? line.option : line.amountDescription,
        ]
          .filter(Boolean)
          .join(' '),
      )
      .join('; ');
  }
  if (
    lines.some((line) => Number(line.amount) === 0 && line.amount !== null) ||
    lines.some((line) => /\bfree\b/i.test(`${line.option ?? ''} ${line.amountDescription ?? ''}`))
  ) {
    return 'Free';
  }
  return (fees ?? lines.map((line) => line.amountDescription ?? line.option ?? '').join(' ')).trim();
}

/** "0.4 miles", "12 miles" or "less than 0.1 miles". */
export function describeDistance(metres: number | null | undefined): string {
  if (metres === null || metres === undefined) {
    return '';
  }
  const miles = metres / METRES_PER_MILE;
  if (miles < 0.1) {
    return 'less than 0.1 miles';
  }
  return miles < 10 ? `${miles.toFixed(1)} miles` : `${Math.round(miles)} miles`;
}

/** "Ages 18 and over", "Ages 0 to 5", "All ages". */
export function describeAges(minimum: number | null, maximum: number | null): string {
  if (minimum !== null && maximum !== null) {
    return `Ages ${minimum} to ${maximum}`;
  }
  if (minimum !== null && minimum > 0) {
    return `Ages ${minimum} and over`;
  }
  if (maximum !== null) {
    return `Ages up to ${maximum}`;
  }
  return 'All ages';
}

/** How a check was made, as people say it. */
export const VERIFICATION_METHODS = {
  phone: 'Phoned the provider',
  email: 'Emailed the provider',
  visit: 'Visited',
  provider: 'The provider confirmed',
  import: 'Imported',
} as const;

/**
 * The words of a refusal (a ConflictError's field errors) for pages that show a conflict as one
 * banner rather than beside a field: someone else saved first, or the task has moved on.
 */
export function conflictMessage(errors: Readonly<Record<string, string>>): string {
  return Object.values(errors).join(' ');
}
