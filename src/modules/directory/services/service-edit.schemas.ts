import { z } from 'zod';
import type { FieldErrors } from '../../../lib/errors.ts';
import { isUuid } from '../../../lib/ids.ts';
import type { FormResult } from '../../../platform/http/forms.ts';
import { DAYS, type DayValue } from '../search/directory-search.schemas.ts';
import { parsePostcode } from '../postcodes/postcodes.service.ts';
import { SERVICE_STATUSES, type ServiceStatus } from '../shared/services.schemas.ts';

/** Which week of the month a monthly session falls in: the first to the fourth, or the last. */
export type MonthWeek = '1' | '2' | '3' | '4' | '-1';

/** How often a session happens, as the form offers it: every week, or one week of each month. */
export const SESSION_WEEKS: readonly { value: '' | MonthWeek; label: string }[] = [
  { value: '', label: 'Every week' },
  { value: '1', label: 'First of the month' },
  { value: '2', label: 'Second of the month' },
  { value: '3', label: 'Third of the month' },
  { value: '4', label: 'Fourth of the month' },
  { value: '-1', label: 'Last of the month' },
];

/**
 * One session: a day and the times it opens and closes (HH:MM, UK time), every week, or only
 * in one week of each month (`week`: "1" with Monday is the first Monday of the month).
 */
export interface SessionTime {
  day: DayValue;
  opensAt: string;
  closesAt: string;
  week?: MonthWeek;
}

/** Whether a service costs money: free, a charge, or not known. */
export type CostKind = 'free' | 'paid' | 'unknown';

/**
 * The fields staff edit and others propose changes to, in one flat shape. Diffs, proposals
 * and history are all expressed in these fields.
 */
export interface ServiceDetails {
  name: string;
  description: string;
  status: ServiceStatus;
  organisation: string;
  email: string;
  phone: string;
  url: string;
  address1: string;
  address2: string;
  town: string;
  postcode: string;
  schedule: SessionTime[];
  cost: CostKind;
  costAmount: string;
  minimumAge: number | null;
  maximumAge: number | null;
  languages: string[];
  accessibility: string;
  needs: string[];
  /** Who can use the service (ORUK eligibility_description), beyond the age range. */
  eligibility: string;
}

/** A field of ServiceDetails. */
export type DetailField = keyof ServiceDetails;

/** The fields in the order forms and diffs show them, with their labels. */
export const DETAIL_FIELDS: readonly { field: DetailField; label: string }[] = [
  { field: 'name', label: 'Name' },
  { field: 'description', label: 'Description' },
  { field: 'status', label: 'Status' },
  { field: 'organisation', label: 'Organisation' },
  { field: 'email', label: 'Contact email' },
  { field: 'phone', label: 'Contact phone' },
  { field: 'url', label: 'Website' },
  { field: 'address1', label: 'Address line 1' },
  { field: 'address2', label: 'Address line 2' },
  { field: 'town', label: 'Town or city' },
  { field: 'postcode', label: 'Postcode' },
  { field: 'schedule', label: 'Opening times' },
  { field: 'cost', label: 'Cost' },
  { field: 'costAmount', label: 'Cost amount' },
  { field: 'minimumAge', label: 'Minimum age' },
  { field: 'maximumAge', label: 'Maximum age' },
  { field: 'eligibility', label: 'Who can use it' },
  { field: 'languages', label: 'Languages' },
  { field: 'accessibility', label: 'Accessibility' },
  { field: 'needs', label: 'Needs it helps with' },
];

/** Status labels as people read them. */
export const STATUS_LABELS: Record<ServiceStatus, string> = {
  active: 'Running',
  'temporarily closed': 'Temporarily closed',
  inactive: 'Not running at the moment',
  defunct: 'Closed for good',
};

/** Sessions a form offers: the existing ones and a few blank rows, up to this many. */
export const MAX_SESSIONS = 14;

/** An empty service, the starting point for a new entry. */
export const EMPTY_DETAILS: ServiceDetails = {
  name: '',
  description: '',
  status: 'active',
  organisation: '',
  email: '',
  phone: '',
  url: '',
  address1: '',
  address2: '',
  town: '',
  postcode: '',
  schedule: [],
  cost: 'unknown',
  costAmount: '',
  minimumAge: null,
  maximumAge: null,
  languages: [],
  accessibility: '',
  needs: [],
  eligibility: '',
};

const first = (value: unknown) => (Array.isArray(value) ? value[0] : value);
const text = (max: number, label: string) =>
  z.preprocess(
    (value) => (first(value) ?? '') as unknown,
    z
      .string({ error: `Enter the ${label}` })
      .transform((value) => value.replace(/\r\n/g, '\n').trim())
      .pipe(z.string().max(max, `${label[0]?.toUpperCase()}${label.slice(1)} must be ${max} characters or fewer`)),
  );
const age = (label: string) =>
  z.preprocess(
    (value) => (first(value) ?? '') as unknown,
    z
      .string()
      .trim()
      .refine((value) => value === '' || /^\d{1,3}$/.test(value), `Enter the ${label} in years, like 18`)
      .transform((value) => (value === '' ? null : Number(value)))
      .refine((value) => value === null || value <= 130, `Enter a ${label} of 130 or under`),
  );

const BaseForm = z.object({
  name: text(200, 'name').pipe(z.string().min(1, 'Enter the name of the service')),
  description: text(4000, 'description'),
  status: z.preprocess(first, z.enum(SERVICE_STATUSES, { error: 'Select whether the service is running' })),
  organisation: text(200, 'organisation name'),
  email: text(254, 'email address').refine(
    (value) => value === '' || z.email().safeParse(value).success,
    'Enter an email address in the correct format, like name@example.com',
  ),
  phone: text(30, 'phone number').refine(
    (value) => value === '' || /^\+?[0-9 ()-]{6,25}$/.test(value),
    'Enter a phone number, like 0113 496 0000',
  ),
  url: text(500, 'web address')
    .transform((value) => (value !== '' && !/^[a-z]+:\/\//i.test(value) ? `https://${value}` : value))
    .refine(
      (value) => value === '' || (URL.canParse(value) && /^https?:\/\/[^\s/]+\.[^\s/]+/i.test(value)),
      'Enter a web address, like https://example.org',
    ),
  address1: text(200, 'first line of the address'),
  address2: text(200, 'second line of the address'),
  town: text(100, 'town or city'),
  postcode: text(10, 'postcode').transform((value) => value.toUpperCase()),
  cost: z.preprocess(
    (value) => first(value) ?? 'unknown',
    z.enum(['free', 'paid', 'unknown'], { error: 'Select whether the service is free' }),
  ),
  costAmount: text(10, 'amount'),
  minimumAge: age('minimum age'),
  maximumAge: age('maximum age'),
  eligibility: text(2000, 'description of who can use it'),
  languages: text(500, 'languages'),
  accessibility: text(2000, 'accessibility information'),
  needs: z.preprocess(
    (value) => (value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value]),
    z.array(z.string().refine(isUuid, 'Select needs from the list')).max(40),
  ),
});

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const DAY_VALUES: readonly string[] = DAYS.map((day) => day.value);
const WEEK_VALUES: readonly string[] = SESSION_WEEKS.map((week) => week.value);

/** "9:30", "0930" and "09.30" all mean 09:30. */
export function tidyTime(value: string): string {
  const match = /^(\d{1,2})[:.]?(\d{2})$/.exec(value.trim());
  return match ? `${match[1]?.padStart(2, '0')}:${match[2]}` : value.trim();
}

function readSessions(body: Record<string, unknown>, errors: FieldErrors): SessionTime[] {
  const sessions: SessionTime[] = [];
  for (let index = 0; index < MAX_SESSIONS; index += 1) {
    const day = String(first(body[`day${index}`]) ?? '').trim();
    const week = String(first(body[`week${index}`]) ?? '').trim();
    const opensAt = tidyTime(String(first(body[`opens${index}`]) ?? ''));
    const closesAt = tidyTime(String(first(body[`closes${index}`]) ?? ''));
    if (day === '' && week === '' && opensAt === '' && closesAt === '') {
      continue;
    }
    const number = `session ${sessions.length + 1}`;
    if (!DAY_VALUES.includes(day)) {
      errors[`day${index}`] ??= `Select the day of ${number}`;
    }
    if (!WEEK_VALUES.includes(week)) {
      errors[`week${index}`] ??= `Select how often ${number} happens`;
    }
    if (!TIME.test(opensAt)) {
      errors[`opens${index}`] ??= `Enter the time ${number} starts, like 09:30`;
    }
    if (!TIME.test(closesAt)) {
      errors[`closes${index}`] ??= `Enter the time ${number} ends, like 12:00`;
    } else if (TIME.test(opensAt) && closesAt <= opensAt) {
      errors[`closes${index}`] ??= `The end of ${number} must be after its start`;
    }
    sessions.push(
      week === ''
        ? { day: day as DayValue, opensAt, closesAt }
        : { day: day as DayValue, opensAt, closesAt, week: week as MonthWeek },
    );
  }
  return sessions;
}

/** Splits "English, Urdu; Polish" into distinct names, keeping the first spelling of each. */
export function splitLanguages(value: string): string[] {
  const seen = new Set<string>();
  return value
    .split(/[,;\n]+/)
    .map((name) => name.trim().replace(/\s+/g, ' '))
    .filter((name) => name !== '' && !seen.has(name.toLowerCase()) && seen.add(name.toLowerCase()));
}

type BaseFields = z.infer<typeof BaseForm>;

/** Checks across fields, on whichever fields parsed (so every problem is listed at once). */
function crossCheck(form: Partial<BaseFields>, errors: FieldErrors): void {
  const anyAddress = form.address1 || form.address2 || form.town || form.postcode;
  if (anyAddress) {
    if (form.address1 === '') {
      errors.address1 ??= 'Enter the first line of the address';
    }
    if (form.town === '') {
      errors.town ??= 'Enter the town or city';
    }
    if (form.postcode !== undefined && parsePostcode(form.postcode)?.kind !== 'unit') {
      errors.postcode ??= 'Enter a full postcode, like LS28 7AA';
    }
  }
  const amount = (form.costAmount ?? '').replace(/^£/, '');
  if (form.cost === 'paid' && form.costAmount !== undefined && !/^\d{1,4}(\.\d{1,2})?$/.test(amount)) {
    errors.costAmount ??= 'Enter the cost in pounds, like 3.50';
  } else if (form.cost === 'paid' && form.costAmount !== undefined && Number(amount) <= 0) {
    errors.costAmount ??= 'Enter a cost of more than £0, or choose free';
  }
  if (form.minimumAge != null && form.maximumAge != null && form.maximumAge < form.minimumAge) {
    errors.maximumAge ??= 'The maximum age must be the same as or more than the minimum age';
  }
  if (form.languages !== undefined && splitLanguages(form.languages).length > 20) {
    errors.languages ??= 'Enter 20 languages or fewer';
  }
}

/** Reads the service form. Errors are keyed by field id; the typed values come back on failure. */
export function readServiceForm(body: unknown): FormResult<ServiceDetails> {
  const raw = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const values: Record<string, unknown> = { ...raw };
  delete values._csrf;
  const errors: FieldErrors = {};
  // Field by field, so one bad field does not hide the checks that depend on the others.
  const form: Partial<BaseFields> = {};
  for (const [key, schema] of Object.entries(BaseForm.shape)) {
    const parsed = (schema as z.ZodType).safeParse(raw[key]);
    if (parsed.success) {
      (form as Record<string, unknown>)[key] = parsed.data;
    } else {
      errors[key] ??= parsed.error.issues[0]?.message ?? 'Enter a valid value';
    }
  }
  const schedule = readSessions(raw, errors);
  crossCheck(form, errors);
  if (Object.keys(errors).length > 0) {
    return { ok: false, errors: orderErrors(errors), values };
  }
  const full = form as BaseFields;
  const postcode = parsePostcode(full.postcode);
  return {
    ok: true,
    data: {
      ...full,
      postcode: postcode?.kind === 'unit' ? postcode.postcode : full.postcode,
      costAmount: full.cost === 'paid' ? Number(full.costAmount.replace(/^£/, '')).toFixed(2) : '',
      schedule: sortSessions(schedule),
      languages: splitLanguages(full.languages),
      needs: [...new Set(full.needs)].sort(),
    },
  };
}

/** Errors in the order the fields appear on the page, for the error summary. */
function orderErrors(errors: FieldErrors): FieldErrors {
  const order = DETAIL_FIELDS.map((entry) => entry.field as string);
  const rank = (key: string) => {
    const session = /^(day|week|opens|closes)(\d+)$/.exec(key);
    const base = order.indexOf(session ? 'schedule' : key);
    return (
      (base < 0 ? 99 : base) * 100 +
      (session ? Number(session[2]) * 4 + ['day', 'week', 'opens', 'closes'].indexOf(session[1] ?? '') : 0)
    );
  };
  return Object.fromEntries(Object.entries(errors).sort(([a], [b]) => rank(a) - rank(b)));
}

/** Sessions in weekday order, then by start time, weekly before monthly. */
export function sortSessions(sessions: readonly SessionTime[]): SessionTime[] {
  const dayIndex = (day: string) => DAY_VALUES.indexOf(day);
  const weekIndex = (week: string | undefined) => WEEK_VALUES.indexOf(week ?? '');
  return [...sessions].sort(
    (a, b) =>
      dayIndex(a.day) - dayIndex(b.day) ||
      a.opensAt.localeCompare(b.opensAt) ||
      a.closesAt.localeCompare(b.closesAt) ||
      weekIndex(a.week) - weekIndex(b.week),
  );
}
