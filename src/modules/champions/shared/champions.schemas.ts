import { z } from 'zod';
import { isIsoDate } from '../../../lib/dates.ts';
import { type FormResult, readForm } from '../../../platform/http/forms.ts';
import { DAY_PARTS, DAYS, expandAvailability, isAvailabilityValue } from './availability.rules.ts';
import { STAGES } from './stages.rules.ts';

export { AVAILABILITY } from './availability.rules.ts';
export { CHECK_LEVEL_LABELS, STAGES, STAGE_LABELS, levelSatisfies, nextStage } from './stages.rules.ts';

/** Interests people can tick on the public form. */
export const INTERESTS: Record<string, string> = {
  walking: 'Walking and being active',
  gardening: 'Gardening',
  crafts: 'Arts, crafts and knitting',
  cooking: 'Cooking and healthy eating',
  befriending: 'Befriending and chatting',
  wellbeing: 'Mental health and wellbeing',
  families: 'Young families',
  digital: 'Helping people get online',
  welcome: 'Welcoming people at the practice',
  events: 'Events and fundraising',
};

/** How people heard about the role. */
export const HEARD_VIA: Record<string, string> = {
  text_message: 'A text message from the practice',
  poster: 'A poster or leaflet',
  fun_day: 'A fun day or event',
  staff: 'Someone at the practice',
  friend: 'A friend or family member',
  social_media: 'Social media',
  other: 'Somewhere else',
};

/** Campaign channels. */
export const CHANNELS: Record<string, string> = {
  text_message: 'Text message',
  poster: 'Poster',
  fun_day: 'Fun day',
  leaflet: 'Leaflet',
  social_media: 'Social media',
  website: 'Practice website',
  word_of_mouth: 'Word of mouth',
  other: 'Other',
};

const keyOf = <T extends Record<string, string>>(labels: T, message: string) =>
  z.string().refine((value) => Object.hasOwn(labels, value), { message });

/** A checkbox group: nothing, one value or several arrive; always an array of strings. */
const ticked = z.preprocess(
  (value) => (value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value]),
  z.array(z.string().max(100)).max(40, 'Select fewer'),
);

/** Ticked availability slots (one per day and part of the day; the first form's coarse values are expanded). */
export const availabilityField = (required: boolean) =>
  ticked
    .pipe(
      z
        .array(z.string())
        .min(required ? 1 : 0, 'Select when you could help')
        .refine((values) => values.every(isAvailabilityValue), 'Select from the times listed'),
    )
    .transform(expandAvailability);

/** "Urdu, English; Polish" → ['Urdu', 'English', 'Polish'], tidied and de-duplicated. */
export function splitList(value: string): string[] {
  const seen = new Map<string, string>();
  for (const part of value.split(/[,;\n]/)) {
    const tidy = part.replace(/\s+/g, ' ').trim().slice(0, 60);
    if (tidy && !seen.has(tidy.toLowerCase())) {
      seen.set(tidy.toLowerCase(), tidy);
    }
  }
  return [...seen.values()].slice(0, 20);
}

const text = (max: number) =>
  z.preprocess(
    (value) => (typeof value === 'string' ? value.trim() : value === undefined ? '' : value),
    z.string().max(max, `Must be ${max} characters or fewer`),
  );
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ()-]{10,20}$/;

/** The public "Become a practice health champion" form. */
export const ExpressionOfInterestForm = z.object({
  fullName: text(200).pipe(z.string().min(1, 'Enter your name')),
  email: text(254).refine(
    (value) => value === '' || EMAIL.test(value),
    'Enter an email address in the correct format, like name@example.com',
  ),
  phone: text(30).refine((value) => value === '' || PHONE.test(value), 'Enter a phone number, like 07700 900 982'),
  interests: ticked.pipe(
    z
      .array(z.string())
      .min(1, 'Select at least one thing you are interested in')
      .refine((values) => values.every((value) => Object.hasOwn(INTERESTS, value)), 'Select from the interests listed'),
  ),
  skills: text(500),
  languages: text(300),
  availability: availabilityField(true),
  accessNeeds: text(1000),
  heardVia: z.preprocess(
    (value) => (typeof value === 'string' ? value : ''),
    z.string().refine((value) => value === '' || Object.hasOwn(HEARD_VIA, value), 'Select how you heard about this'),
  ),
  consent: z.preprocess(
    (value) => value === 'yes',
    z.literal(true, { error: 'Confirm you have read how we use your information' }),
  ),
  campaign: text(40),
});
/** A parsed expression of interest. */
export type ExpressionOfInterestForm = z.infer<typeof ExpressionOfInterestForm>;

const INTEREST_FIELDS = [
  'fullName',
  'email',
  'phone',
  'interests',
  'skills',
  'languages',
  'availability',
  'accessNeeds',
  'heardVia',
  'consent',
];

/**
 * Reads the public form: the schema, plus "an email or a phone number", which is checked even
 * when other fields are wrong so every problem shows at once. Errors come in page order.
 */
export function readInterestForm(body: unknown): FormResult<ExpressionOfInterestForm> {
  const form = readForm(ExpressionOfInterestForm, body);
  const values = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const blank = (value: unknown) => typeof value !== 'string' || value.trim() === '';
  const noContact = blank(values.email) && blank(values.phone);
  if (form.ok && !noContact) {
    return form;
  }
  const found: Record<string, string> = {
    ...(form.ok ? {} : form.errors),
    ...(noContact ? { email: 'Enter an email address or a phone number so we can contact you' } : {}),
  };
  const errors: Record<string, string> = {};
  for (const field of [...INTEREST_FIELDS, ...Object.keys(found)]) {
    if (found[field] && !errors[field]) {
      errors[field] = found[field];
    }
  }
  const kept = form.ok ? { ...values } : form.values;
  delete kept._csrf;
  return { ok: false, errors, values: kept };
}

/**
 * Reads a champions form as readForm does, except that a field the browser did not send at all
 * counts as left empty: the field's own message ("Enter a title") is shown, never zod's
 * "Invalid input: expected string, received undefined". Fields with a default keep it.
 * Anything else zod cannot read (a list where one value was expected) gets a plain message.
 */
export function readChampionForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.infer<S>> {
  const values = body && typeof body === 'object' ? { ...(body as Record<string, unknown>) } : {};
  if (schema instanceof z.ZodObject) {
    for (const [name, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
      if (values[name] === undefined && !field.safeParse(undefined).success) {
        values[name] = '';
      }
    }
  }
  const form = readForm(schema, values);
  if (form.ok) {
    return form;
  }
  const errors = Object.fromEntries(
    Object.entries(form.errors).map(([field, message]) => [
      field,
      message.startsWith('Invalid input') ? 'Check this answer: it is not in a form we can read' : message,
    ]),
  );
  return { ...form, errors };
}

/** Search and filter on the pipeline and talent register (a GET form). */
export const ChampionSearchQuery = z.object({
  q: z.preprocess((value) => (typeof value === 'string' ? value.trim().slice(0, 100) : ''), z.string()),
  stage: z.preprocess(
    (value) => (typeof value === 'string' && (STAGES as readonly string[]).includes(value) ? value : ''),
    z.string(),
  ),
  interest: z.preprocess(
    (value) => (typeof value === 'string' && Object.hasOwn(INTERESTS, value) ? value : ''),
    z.string(),
  ),
  day: z.preprocess((value) => (typeof value === 'string' && Object.hasOwn(DAYS, value) ? value : ''), z.string()),
  part: z.preprocess(
    (value) => (typeof value === 'string' && Object.hasOwn(DAY_PARTS, value) ? value : ''),
    z.string(),
  ),
  language: z.preprocess((value) => (typeof value === 'string' ? value.trim().slice(0, 60) : ''), z.string()),
  skill: z.preprocess((value) => (typeof value === 'string' ? value.trim().slice(0, 60) : ''), z.string()),
  role: z.preprocess((value) => (typeof value === 'string' ? value.trim().slice(0, 120) : ''), z.string()),
  page: z.preprocess((value) => {
    const number = typeof value === 'string' ? Number.parseInt(value, 10) : 1;
    return Number.isFinite(number) && number >= 1 && number <= 10_000 ? number : 1;
  }, z.number().int()),
});
/** Parsed search filters. */
export type ChampionSearchQuery = z.infer<typeof ChampionSearchQuery>;

/** Moving a person to another stage; a move to 'role_offered' names the role offered. */
export const ChangeStageForm = z.object({
  stage: z.preprocess(
    (value) => (typeof value === 'string' ? value : ''),
    z.string().refine((value) => (STAGES as readonly string[]).includes(value), 'Select a stage'),
  ),
  offeredRole: text(40),
  note: text(500),
});

/** The record page's "Move to …" button: only a move to 'role_offered' sends the role offered. */
export const NextStageForm = z.object({ offeredRole: text(40) });

/** A new recruitment campaign. */
export const CampaignForm = z
  .object({
    name: text(200).pipe(z.string().min(1, 'Enter a name for the campaign')),
    channel: z.preprocess(
      (value) => (typeof value === 'string' ? value : ''),
      keyOf(CHANNELS, 'Select how the campaign reaches people'),
    ),
    startsOn: text(10).refine((value) => value === '' || isPlausibleDate(value), 'Enter a real start date'),
    endsOn: text(10).refine((value) => value === '' || isPlausibleDate(value), 'Enter a real end date'),
  })
  .superRefine((form, context) => {
    if (form.startsOn && form.endsOn && form.endsOn < form.startsOn) {
      context.addIssue({
        code: 'custom',
        path: ['endsOn'],
        message: 'The end date must be on or after the start date',
      });
    }
  });

/** A real calendar date written YYYY-MM-DD, and one a champion's records can hold (1900 to 2200). */
export function isPlausibleDate(value: string): boolean {
  return isIsoDate(value) && value >= '1900-01-01' && value <= '2200-12-31';
}

/**
 * A form schema for `submitForm` made from a champions form reader, so the errors (their words
 * and their order) are the reader's own.
 */
export function formReader<T>(read: (body: unknown) => FormResult<T>): z.ZodType<T> {
  return z.unknown().transform((body, ctx): T => {
    const form = read(body);
    if (form.ok) {
      return form.data;
    }
    for (const [field, message] of Object.entries(form.errors)) {
      ctx.addIssue({ code: 'custom', message, path: field === 'form' ? [] : [field] });
    }
    return z.NEVER;
  });
}

/**
 * A champions form schema for `submitForm`: it reads the body as `readChampionForm` does, so a
 * field the browser left out gets the field's own message and unreadable answers a plain one.
 */
export function championForm<S extends z.ZodType>(schema: S): z.ZodType<z.infer<S>> {
  return formReader((body) => readChampionForm(schema, body));
}
