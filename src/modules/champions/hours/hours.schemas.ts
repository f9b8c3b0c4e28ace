import { z } from 'zod';
import type { HoursCategory } from '../champion-activity.tables.ts';
import { londonToday } from '../../../lib/dates.ts';

/** What time was given to, as people say it (every kind, for lists and exports of older rows too). */
export const HOURS_CATEGORY_LABELS: Record<HoursCategory, string> = {
  preparation: 'Preparation',
  directory_research: 'Directory research',
  travel: 'Travel',
  meeting: 'Meeting',
  session: 'Running a session',
  other: 'Something else',
};

/**
 * The kinds of ad hoc time a champion logs on its own. Time at a session is logged against that
 * session (or recorded by its lead) and time at a meeting comes from its attendance: a row of
 * either kind with nothing to link it would count the same time twice.
 */
export const AD_HOC_CATEGORIES = [
  'preparation',
  'directory_research',
  'travel',
  'other',
] as const satisfies readonly HoursCategory[];
/** One of the ad hoc kinds. */
export type AdHocCategory = (typeof AD_HOC_CATEGORIES)[number];

/** The three fields of a date input, from YYYY-MM-DD, for re-showing a form. */
export function dateParts(iso: string | null | undefined): { day: string; month: string; year: string } {
  const [year = '', month = '', day = ''] = (iso ?? '').split('-');
  return { day: day.replace(/^0/, ''), month: month.replace(/^0/, ''), year };
}

/** A real date, not in the future, not before 2000. */
export function pastDate(what: string) {
  return z
    .string()
    .refine((value) => value !== '', `Enter the date ${what}`)
    .refine(
      (value) => value === '' || /^\d{4}-\d{2}-\d{2}$/.test(value),
      `The date ${what} must be a real date, like 14 3 2026`,
    )
    .refine(
      (value) => !/^\d{4}-\d{2}-\d{2}$/.test(value) || (value >= '2000-01-01' && value <= londonToday()),
      `The date ${what} must be today or in the past`,
    );
}

const wholeNumber = (label: string, max: number) =>
  z
    .string()
    .trim()
    .transform((text) => (text === '' ? '0' : text))
    .refine((text) => /^\d{1,4}$/.test(text), `${label} must be a whole number`)
    .transform(Number)
    .refine((value) => value <= max, `${label} must be ${max} or fewer`);

/** The log-hours form for ad hoc time: a date, hours and minutes, a kind of ad hoc time and a short note. */
export const LogHoursForm = z
  .object({
    workedOn: pastDate('you did this'),
    hours: wholeNumber('Hours', 24),
    minutes: wholeNumber('Minutes', 59),
    category: z.enum(AD_HOC_CATEGORIES, { error: 'Select what the time was for' }),
    description: z
      .string()
      .trim()
      .min(1, 'Enter a short description of what you did')
      .max(500, 'Description must be 500 characters or fewer'),
  })
  .refine((form) => form.hours * 60 + form.minutes >= 1, {
    path: ['hours'],
    error: 'Enter how long you spent, like 1 hour 30 minutes',
  })
  .refine((form) => form.hours * 60 + form.minutes <= 1440, {
    path: ['hours'],
    error: 'You can log up to 24 hours for one day',
  });

/** What the log-hours form holds once read. */
export type LogHoursForm = z.infer<typeof LogHoursForm>;

/** Hours at one of the champion's own sessions: which session, and how long they gave. */
export const SessionHoursForm = z
  .object({
    sessionId: z
      .string()
      .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'Select the session you gave time to'),
    hours: wholeNumber('Hours', 24),
    minutes: wholeNumber('Minutes', 59),
  })
  .refine((form) => form.hours * 60 + form.minutes >= 1, {
    path: ['hours'],
    error: 'Enter how long you spent, like 1 hour 30 minutes',
  })
  .refine((form) => form.hours * 60 + form.minutes <= 1440, {
    path: ['hours'],
    error: 'You can log up to 24 hours for one session',
  });

/** What the session hours form holds once read. */
export type SessionHoursForm = z.infer<typeof SessionHoursForm>;

/** The bulk verification form: the ticked hours rows. */
export const VerifyHoursForm = z.object({
  hoursIds: z
    .union([z.string(), z.array(z.string())], { error: 'Select the hours to verify' })
    .transform((value) => (Array.isArray(value) ? value : [value]))
    .refine((ids) => ids.length >= 1 && ids.length <= 500, 'Select between 1 and 500 rows')
    .refine((ids) => ids.every((id) => /^[0-9a-f-]{36}$/i.test(id)), 'Select the hours to verify'),
});
