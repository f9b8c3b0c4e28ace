import { z } from 'zod';
import type { FieldErrors } from '../../../lib/errors.ts';
import { ACTIVITY_TAXONOMY } from '../../directory/index.ts';

/** Days of the week as the "what's on" filters and describers use them (ISO numbering). */
export const WEEKDAYS = [
  { value: 'monday', iso: 1, label: 'Monday', plural: 'Mondays' },
  { value: 'tuesday', iso: 2, label: 'Tuesday', plural: 'Tuesdays' },
  { value: 'wednesday', iso: 3, label: 'Wednesday', plural: 'Wednesdays' },
  { value: 'thursday', iso: 4, label: 'Thursday', plural: 'Thursdays' },
  { value: 'friday', iso: 5, label: 'Friday', plural: 'Fridays' },
  { value: 'saturday', iso: 6, label: 'Saturday', plural: 'Saturdays' },
  { value: 'sunday', iso: 7, label: 'Sunday', plural: 'Sundays' },
] as const;
/** A day as it appears in the address ("tuesday"). */
export type WeekdayValue = (typeof WEEKDAYS)[number]['value'];
const DAY_VALUES = WEEKDAYS.map((day) => day.value) as [WeekdayValue, ...WeekdayValue[]];

/** The activity categories a visitor can pick from, in the taxonomy's order. */
export const CATEGORIES = ACTIVITY_TAXONOMY.terms.map((term) => ({ value: term.code, label: term.name }));
const CATEGORY_CODES = CATEGORIES.map((category) => category.value) as [string, ...string[]];

/** The cost choices. */
export const COSTS = [
  { value: 'any', label: 'Any cost' },
  { value: 'free', label: 'Free only' },
] as const;

/** What a visitor asked to see: ISO weekdays (empty means any day), a category, free only. */
export interface WhatsOnFilters {
  days: number[];
  category?: string;
  freeOnly: boolean;
}

/** What the filter form shows again: the choices as typed, as far as they can be shown. */
export interface WhatsOnValues {
  day: string[];
  category: string;
  cost: string;
}

/** Reading the query string: the filters, or the form's values with one message per field. */
export type WhatsOnQueryResult =
  | { ok: true; filters: WhatsOnFilters; values: WhatsOnValues }
  | { ok: false; errors: FieldErrors; values: WhatsOnValues };

const first = (value: unknown) => (Array.isArray(value) ? value[0] : value);
const blankToUndefined = (value: unknown) => {
  const single = first(value);
  return typeof single === 'string' && single.trim() === '' ? undefined : single;
};
const asList = (value: unknown) =>
  (value === undefined ? [] : Array.isArray(value) ? value : [value]).filter(
    (item) => !(typeof item === 'string' && item.trim() === ''),
  );

/** The filter form's query string: every field optional, unknown fields ignored. */
export const WhatsOnQuery = z.object({
  day: z.preprocess(
    asList,
    z
      .array(z.enum(DAY_VALUES, { error: 'Select days of the week from the list' }))
      .max(7, 'Select days of the week from the list'),
  ),
  category: z.preprocess(
    blankToUndefined,
    z.enum(CATEGORY_CODES, { error: 'Select a category from the list' }).optional(),
  ),
  cost: z.preprocess(blankToUndefined, z.enum(['any', 'free'], { error: 'Select any cost or free only' }).optional()),
});

/** Keeps what a visitor chose, trimmed to what a form field can sensibly show again. */
function valuesFrom(raw: Record<string, unknown>): WhatsOnValues {
  const text = (value: unknown) => (typeof value === 'string' ? value.slice(0, 100) : '');
  const days = asList(raw.day).filter(
    (day): day is WeekdayValue => typeof day === 'string' && (DAY_VALUES as string[]).includes(day),
  );
  return { day: [...new Set(days)], category: text(first(raw.category)), cost: text(first(raw.cost)) || 'any' };
}

/** Reads the "what's on" filters from a query string. Never throws: bad values become field errors. */
export function parseWhatsOnQuery(input: unknown): WhatsOnQueryResult {
  const raw = input && typeof input === 'object' ? (input as Record<string, unknown>) : {};
  const values = valuesFrom(raw);
  const parsed = WhatsOnQuery.safeParse(raw);
  if (!parsed.success) {
    const errors: FieldErrors = {};
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? 'day');
      errors[field] ??= issue.message;
    }
    return { ok: false, errors, values };
  }
  const days = WEEKDAYS.filter((day) => parsed.data.day.includes(day.value)).map((day) => day.iso);
  return { ok: true, filters: { days, category: parsed.data.category, freeOnly: parsed.data.cost === 'free' }, values };
}

/** True when the visitor has narrowed the list at all. */
export function hasFilters(filters: WhatsOnFilters): boolean {
  return filters.days.length > 0 || filters.category !== undefined || filters.freeOnly;
}
