import { z } from 'zod';
import type { FieldErrors } from '../../../lib/errors.ts';
import { isUuid } from '../../../lib/ids.ts';
import { parsePostcode } from '../postcodes/postcodes.service.ts';

/** Days of the week with their iCalendar codes (ORUK schedules use BYDAY=MO,TU…). */
export const DAYS = [
  { value: 'monday', code: 'MO', label: 'Monday', short: 'Mon' },
  { value: 'tuesday', code: 'TU', label: 'Tuesday', short: 'Tue' },
  { value: 'wednesday', code: 'WE', label: 'Wednesday', short: 'Wed' },
  { value: 'thursday', code: 'TH', label: 'Thursday', short: 'Thu' },
  { value: 'friday', code: 'FR', label: 'Friday', short: 'Fri' },
  { value: 'saturday', code: 'SA', label: 'Saturday', short: 'Sat' },
  { value: 'sunday', code: 'SU', label: 'Sunday', short: 'Sun' },
] as const;
/** A day as it appears in a search address ("tuesday"). */
export type DayValue = (typeof DAYS)[number]['value'];
const DAY_VALUES = DAYS.map((day) => day.value) as [DayValue, ...DayValue[]];

/** Parts of the day a receptionist asks about; a session matches when it overlaps the part. */
export const TIMES_OF_DAY = {
  morning: { label: 'Morning (before 12pm)', from: '06:00', to: '12:00' },
  afternoon: { label: 'Afternoon (12pm to 5pm)', from: '12:00', to: '17:00' },
  evening: { label: 'Evening (after 5pm)', from: '17:00', to: '23:59' },
} as const;

/**
 * Accessibility needs people ask about, matched against a location's accessibility notes.
 * Free text is what ORUK holds, so these are patterns rather than coded values.
 */
export const ACCESS_NEEDS = {
  'step-free': { label: 'Step-free or wheelchair access', pattern: 'wheelchair|step[- ]free|level access|ramp|lift' },
  'hearing-loop': { label: 'Hearing loop', pattern: 'hearing loop|induction loop|loop system' },
  'accessible-toilet': { label: 'Accessible toilet', pattern: 'accessible toilet|disabled toilet|changing places' },
  parking: { label: 'Accessible parking', pattern: 'blue badge|disabled parking|accessible parking' },
} as const;
/** One of the accessibility needs above. */
export type AccessNeed = keyof typeof ACCESS_NEEDS;

/** Search radius choices, in miles. */
export const DISTANCES_MILES = [1, 3, 5, 10, 25] as const;
/** Results per page. */
export const SEARCH_PAGE_SIZE = 20;
/** Metres in a mile. */
export const METRES_PER_MILE = 1609.344;

const first = (value: unknown) => (Array.isArray(value) ? value[0] : value);
const blankToUndefined = (value: unknown) => {
  const single = first(value);
  return typeof single === 'string' && single.trim() === '' ? undefined : single;
};
// Control characters never belong in a search and would only confuse the text parser.
const cleanText = (value: string) => value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();

const optionalText = (max: number, message: string) =>
  z.preprocess(
    blankToUndefined,
    z.string({ error: message }).transform(cleanText).pipe(z.string().max(max, message)).optional(),
  );

/** The search form (staff and public pages, and the JSON API): every field optional. */
export const SearchQuery = z.object({
  q: optionalText(100, 'Search words must be 100 characters or fewer'),
  need: z.preprocess(blankToUndefined, z.string().refine(isUuid, 'Select a need from the list').optional()),
  day: z.preprocess(blankToUndefined, z.enum(DAY_VALUES, { error: 'Select a day from the list' }).optional()),
  time: z.preprocess(
    blankToUndefined,
    z
      .string()
      .refine(
        (value) => Object.hasOwn(TIMES_OF_DAY, value) || /^([01]\d|2[0-3]):[0-5]\d$/.test(value),
        'Select a time of day, or enter a time like 14:30',
      )
      .optional(),
  ),
  free: z
    .preprocess(
      blankToUndefined,
      z.enum(['yes', 'true', 'on', '1'], { error: 'Tick the box to show only free services' }).optional(),
    )
    .transform((value) => value !== undefined),
  age: z.preprocess(
    blankToUndefined,
    z
      .string({ error: 'Enter an age in years, like 67' })
      .trim()
      .regex(/^\d{1,3}$/, 'Enter an age in years, like 67')
      .transform(Number)
      .pipe(z.number().max(130, 'Enter an age of 130 or under'))
      .optional(),
  ),
  access: z.preprocess(
    blankToUndefined,
    z
      .string()
      .refine((value) => Object.hasOwn(ACCESS_NEEDS, value), 'Select an accessibility need from the list')
      .optional(),
  ) as z.ZodType<AccessNeed | undefined>,
  language: optionalText(50, 'Language must be 50 characters or fewer'),
  near: z.preprocess(
    blankToUndefined,
    z
      .string({ error: 'Enter a postcode, like LS28 7AA, or the first half, like LS28' })
      .refine((value) => parsePostcode(value) !== null, 'Enter a postcode, like LS28 7AA, or the first half, like LS28')
      .transform((value) => {
        const parsed = parsePostcode(value);
        return parsed?.kind === 'unit' ? parsed.postcode : (parsed?.outcode ?? value);
      })
      .optional(),
  ),
  within: z.preprocess(
    blankToUndefined,
    z
      .string()
      .refine(
        (value) => (DISTANCES_MILES as readonly number[]).includes(Number(value)),
        'Select a distance from the list',
      )
      .transform(Number)
      .optional(),
  ),
  page: z
    .preprocess(
      blankToUndefined,
      z
        .string()
        .regex(/^\d{1,4}$/, 'Page must be a number')
        .transform(Number)
        .pipe(z.number().min(1, 'Page must be 1 or more'))
        .optional(),
    )
    .transform((value) => value ?? 1),
});
/** A valid search. */
export type SearchQuery = z.infer<typeof SearchQuery>;

/** The outcome of reading a search: the query, or what was typed plus one message per field. */
export type SearchQueryResult =
  | { ok: true; query: SearchQuery }
  | { ok: false; errors: FieldErrors; values: Record<string, string> };

/** Reads a query string into a search. Never throws: bad values become field errors. */
export function parseSearchQuery(input: unknown): SearchQueryResult {
  const raw = input && typeof input === 'object' ? (input as Record<string, unknown>) : {};
  const parsed = SearchQuery.safeParse(raw);
  if (parsed.success) {
    return { ok: true, query: parsed.data };
  }
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? 'q');
    errors[field] ??= issue.message;
  }
  const values: Record<string, string> = {};
  for (const key of Object.keys(SearchQuery.shape)) {
    const value = first(raw[key]);
    if (typeof value === 'string') {
      values[key] = value.slice(0, 200);
    }
  }
  return { ok: false, errors, values };
}

/** True when the search asks for anything at all (an empty form shows no results yet). */
export function isEmptySearch(query: SearchQuery): boolean {
  return (
    !query.q &&
    !query.need &&
    !query.day &&
    !query.time &&
    !query.free &&
    query.age === undefined &&
    !query.access &&
    !query.language &&
    !query.near
  );
}

/** The query string for a search (without `page` unless given), for links and pagination. */
export function searchQueryString(query: SearchQuery, page?: number): string {
  const pairs: [string, string][] = [];
  const add = (key: string, value: string | number | undefined) => {
    if (value !== undefined && value !== '') {
      pairs.push([key, String(value)]);
    }
  };
  add('q', query.q);
  add('need', query.need);
  add('day', query.day);
  add('time', query.time);
  add('free', query.free ? 'yes' : undefined);
  add('age', query.age);
  add('access', query.access);
  add('language', query.language);
  add('near', query.near);
  add('within', query.near ? query.within : undefined);
  add('page', page && page > 1 ? page : undefined);
  return new URLSearchParams(pairs).toString();
}

/** The ids chosen for printing: `ids=a&ids=b` or `ids=a,b`, valid UUIDs only, at most 20. */
export function parsePrintIds(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  const ids = list
    .flatMap((item) => (typeof item === 'string' ? item.split(',') : []))
    .map((item) => item.trim().toLowerCase());
  return [...new Set(ids.filter(isUuid))].slice(0, 20);
}
