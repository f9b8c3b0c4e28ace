import { z } from 'zod';
import type { ReviewOutcome } from '../activities.tables.ts';
import { addMonths, londonToday } from './review-figures.rules.ts';

/** What a sustain review can decide, as people say it. */
export const OUTCOME_LABELS: Record<ReviewOutcome, string> = {
  continue: 'Continue as it is',
  adapt: 'Adapt it',
  pause: 'Pause it',
  close: 'Close it',
};

/** Short outcome words for lists. */
export const OUTCOME_SHORT: Record<ReviewOutcome, string> = {
  continue: 'Continue',
  adapt: 'Adapt',
  pause: 'Pause',
  close: 'Close',
};

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True when a YYYY-MM-DD string is a real calendar date. */
export function isRealDate(value: string): boolean {
  const parsed = new Date(`${value}T00:00:00Z`);
  return ISO_DATE.test(value) && !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

/**
 * Joins an NHS.UK date input's three fields (`name[day]`, `name[month]`, `name[year]`) into
 * one `name` field: YYYY-MM-DD, '' when all are empty, 'invalid' when they make no real date.
 * Other fields are copied as they are.
 */
export function withDateFields(body: unknown, names: readonly string[]): Record<string, unknown> {
  const values = body && typeof body === 'object' ? { ...(body as Record<string, unknown>) } : {};
  for (const name of names) {
    const part = (suffix: string) => {
      const raw = values[`${name}[${suffix}]`];
      return typeof raw === 'string' ? raw.trim() : '';
    };
    const [day, month, year] = [part('day'), part('month'), part('year')];
    if (day === '' && month === '' && year === '') {
      continue;
    }
    const iso = `${year.padStart(4, '0')}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
    values[name] =
      /^\d{1,2}$/.test(day) && /^\d{1,2}$/.test(month) && /^\d{4}$/.test(year) && isRealDate(iso) ? iso : 'invalid';
  }
  return values;
}

/** The three fields of a date input for a YYYY-MM-DD date (for filling a form). */
export function dateParts(name: string, iso: string): Record<string, string> {
  const [year = '', month = '', day = ''] = iso.split('-');
  return {
    [`${name}[day]`]: day.replace(/^0/, ''),
    [`${name}[month]`]: month.replace(/^0/, ''),
    [`${name}[year]`]: year,
  };
}

const dateField = (what: string) =>
  z
    .string({ error: `Enter the date ${what}` })
    .refine((value) => value !== '', `Enter the date ${what}`)
    .refine((value) => value === '' || isRealDate(value), `The date ${what} must be a real date, like 14 3 2026`);

/** The period the figures cover: from and to, not in the future, at most two years long. */
export const PeriodForm = z
  .object({
    from: dateField('the period starts'),
    to: dateField('the period ends'),
  })
  .refine((period) => !isRealDate(period.to) || period.to <= londonToday(), {
    path: ['to'],
    error: 'The period must end today or earlier',
  })
  .refine((period) => !isRealDate(period.from) || !isRealDate(period.to) || period.from <= period.to, {
    path: ['from'],
    error: 'The period must start before it ends',
  })
  .refine((period) => !isRealDate(period.from) || !isRealDate(period.to) || period.from >= addMonths(period.to, -24), {
    path: ['from'],
    error: 'The period can be at most two years long',
  });

const note = (max: number, label: string) =>
  z.string().trim().max(max, `${label} must be ${max} characters or fewer`).default('');

/** The review itself: the period it covers (from the page), notes, the outcome and the next date. */
export const ReviewForm = z
  .object({
    periodStart: z.string().refine(isRealDate, 'Choose the period again'),
    periodEnd: z.string().refine(isRealDate, 'Choose the period again'),
    costNote: note(1000, 'Cost notes'),
    feedback: note(2000, 'Feedback'),
    outcome: z.enum(['continue', 'adapt', 'pause', 'close'], { error: 'Select what happens next' }),
    outcomeNote: note(1000, 'The reason'),
    nextReviewOn: z.string().default(''),
  })
  .superRefine((form, context) => {
    if (form.periodEnd > londonToday() || form.periodStart > form.periodEnd) {
      context.addIssue({ code: 'custom', path: ['periodStart'], message: 'Choose the period again' });
    }
    if (form.outcome !== 'continue' && form.outcomeNote === '') {
      context.addIssue({ code: 'custom', path: ['outcomeNote'], message: `Say why you decided to ${form.outcome} it` });
    }
    if (form.outcome === 'close') {
      return;
    }
    if (form.nextReviewOn === '') {
      context.addIssue({ code: 'custom', path: ['nextReviewOn'], message: 'Enter the date of the next review' });
    } else if (!isRealDate(form.nextReviewOn)) {
      context.addIssue({
        code: 'custom',
        path: ['nextReviewOn'],
        message: 'The date of the next review must be a real date, like 14 3 2026',
      });
    } else if (form.nextReviewOn <= londonToday() || form.nextReviewOn > addMonths(londonToday(), 12)) {
      context.addIssue({
        code: 'custom',
        path: ['nextReviewOn'],
        message: 'The next review must be after today and within a year',
      });
    }
  });

/** What the review form holds once read. */
export type ReviewForm = z.infer<typeof ReviewForm>;
