import { z } from 'zod';
import type { Frequency } from '../activities.tables.ts';
import { londonToday, weekdayName } from '../../../lib/dates.ts';
import { occurrenceDates } from './recurrence.rules.ts';

/** How often a schedule repeats, as people say it. */
export const FREQUENCY_LABELS: Record<Frequency, string> = {
  once: 'Once only',
  weekly: 'Every week',
  fortnightly: 'Every other week',
  monthly_weekday: 'Once a month, on a set weekday (like the second Tuesday)',
};

/** Which week of the month, as people say it. */
export const WEEK_OF_MONTH_LABELS: Record<string, string> = {
  '1': 'First',
  '2': 'Second',
  '3': 'Third',
  '4': 'Fourth',
  '-1': 'Last',
};

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const isDate = (value: string) => DATE_PATTERN.test(value) && value >= '2000-01-01' && value <= '2099-12-31';

/**
 * Joins each NHS.UK date input's three fields (`name[day]`, `name[month]`, `name[year]`) into
 * one `name` field as YYYY-MM-DD, '' when all three are empty, or 'invalid' when they do not
 * make a real date.
 */
export function withDateFields(body: unknown, names: readonly string[]): Record<string, unknown> {
  const values = body && typeof body === 'object' ? { ...(body as Record<string, unknown>) } : {};
  for (const name of names) {
    const part = (suffix: string) => String(values[`${name}[${suffix}]`] ?? '').trim();
    const [day, month, year] = [part('day'), part('month'), part('year')];
    if (day === '' && month === '' && year === '') {
      values[name] = '';
      continue;
    }
    const iso = `${year.padStart(4, '0')}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
    const parsed = new Date(`${iso}T00:00:00Z`);
    const real =
      /^\d{1,2}$/.test(day) &&
      /^\d{1,2}$/.test(month) &&
      /^\d{4}$/.test(year) &&
      !Number.isNaN(parsed.getTime()) &&
      parsed.toISOString().slice(0, 10) === iso;
    values[name] = real ? iso : 'invalid';
  }
  return values;
}

/** The three fields of a date input, from YYYY-MM-DD, for showing a form. */
export function dateParts(iso: string | null | undefined): { day: string; month: string; year: string } {
  const [year = '', month = '', day = ''] = (iso ?? '').split('-');
  return { day: day.replace(/^0/, ''), month: month.replace(/^0/, ''), year };
}

/** A time of day typed as 14:00, 9:30 or 14.00, normalised to HH:MM; '' when it is not one. */
export function normaliseTime(text: string): string {
  const match = /^(\d{1,2})[:.](\d{2})$/.exec(text.trim());
  if (!match) {
    return '';
  }
  const [hour, minute] = [Number(match[1]), Number(match[2])];
  return hour <= 23 && minute <= 59 ? `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}` : '';
}

const text = (max: number, message: string) => z.string().trim().max(max, message).default('');
const timeField = (what: string) =>
  z
    .string()
    .trim()
    .refine((value) => value !== '', `Enter the ${what} time, like 14:00`)
    .refine(
      (value) => value === '' || normaliseTime(value) !== '',
      `The ${what} time must be a time of day in 24-hour format, like 09:30 or 14:00`,
    )
    .transform(normaliseTime);

/** The new-schedule form. */
export const ScheduleForm = z
  .object({
    frequency: z.enum(['once', 'weekly', 'fortnightly', 'monthly_weekday'], {
      error: 'Select how often the sessions happen',
    }),
    weekday: z.string().default(''),
    weekOfMonth: z.string().default(''),
    startsOn: z.string().default(''),
    endsOn: z.string().default(''),
    startTime: timeField('start'),
    endTime: timeField('end'),
    venueName: text(200, 'The venue must be 200 characters or fewer'),
  })
  .superRefine((form, issues) => {
    const fail = (path: string, message: string) => issues.addIssue({ code: 'custom', path: [path], message });
    const once = form.frequency === 'once';
    if (!once && !/^[1-7]$/.test(form.weekday)) {
      fail('weekday', 'Select the day of the week');
    }
    if (form.frequency === 'monthly_weekday' && !Object.hasOwn(WEEK_OF_MONTH_LABELS, form.weekOfMonth)) {
      fail('weekOfMonth', 'Select which week of the month');
    }
    if (form.startsOn === '') {
      fail('startsOn', once ? 'Enter the date of the session' : 'Enter the date of the first session');
    } else if (!isDate(form.startsOn)) {
      fail('startsOn', 'The date must be a real date, like 3 3 2026');
    } else if (once && form.startsOn < londonToday()) {
      fail('startsOn', 'The date must be today or in the future');
    }
    if (!once && form.endsOn !== '') {
      if (!isDate(form.endsOn)) {
        fail('endsOn', 'The end date must be a real date, like 28 7 2026');
      } else if (isDate(form.startsOn) && form.endsOn < form.startsOn) {
        fail('endsOn', 'The end date must be the same as or after the start date');
      }
    }
    if (form.startTime !== '' && form.endTime !== '' && form.endTime <= form.startTime) {
      fail('endTime', 'The end time must be after the start time');
    }
  })
  .transform((form) => {
    const once = form.frequency === 'once';
    return {
      frequency: form.frequency,
      weekday: once ? null : Number(form.weekday),
      weekOfMonth: form.frequency === 'monthly_weekday' ? Number(form.weekOfMonth) : null,
      startsOn: form.startsOn,
      endsOn: once || form.endsOn === '' ? null : form.endsOn,
      startTime: form.startTime,
      endTime: form.endTime,
      venueName: form.venueName,
    };
  })
  .superRefine((rule, issues) => {
    // A recurring schedule that never meets (ending before its first session) is a mistake.
    if (
      rule.weekday !== null &&
      rule.endsOn !== null &&
      occurrenceDates({ ...rule, exceptions: [] }, rule.startsOn, rule.endsOn).length === 0
    ) {
      issues.addIssue({
        code: 'custom',
        path: ['endsOn'],
        message: `There is no session between the start and end dates. Check the dates and the day (${weekdayName(rule.weekday)})`,
      });
    }
  });

/** What the new-schedule form holds once read. */
export type ScheduleForm = z.infer<typeof ScheduleForm>;

/** A date the schedule skips, and why. */
export const ExceptionForm = z.object({
  onDate: z
    .string()
    .default('')
    .refine((value) => value !== '', 'Enter the date with no session')
    .refine((value) => value === '' || isDate(value), 'The date must be a real date, like 25 12 2026')
    .refine((value) => !isDate(value) || value >= londonToday(), 'The date must be today or in the future'),
  reason: z
    .string({ error: 'Enter why there is no session, like "Bank holiday"' })
    .trim()
    .min(1, 'Enter why there is no session, like "Bank holiday"')
    .max(200, 'The reason must be 200 characters or fewer'),
});

/** What the exception form holds once read. */
export type ExceptionForm = z.infer<typeof ExceptionForm>;

/** Ending a schedule on a date. */
export const EndScheduleForm = z.object({
  endsOn: z
    .string()
    .default('')
    .refine((value) => value !== '', 'Enter the date of the last session')
    .refine((value) => value === '' || isDate(value), 'The date must be a real date, like 28 7 2026')
    .refine((value) => !isDate(value) || value >= londonToday(), 'The date must be today or in the future'),
});

/** Cancelling one session. */
export const CancelSessionForm = z.object({
  reason: z
    .string({ error: 'Enter why the session is cancelled, like "The hall is flooded"' })
    .trim()
    .min(1, 'Enter why the session is cancelled, like "The hall is flooded"')
    .max(200, 'The reason must be 200 characters or fewer'),
});

/** Putting a champion in a place on the rota. */
export const AssignForm = z.object({
  championId: z
    .string({ error: 'Choose a champion for this place' })
    .regex(/^[0-9a-f-]{36}$/i, 'Choose a champion for this place'),
});
