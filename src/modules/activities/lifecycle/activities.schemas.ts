import { z } from 'zod';
import { ACTIVITY_TAXONOMY, FIVE_WAYS_TAXONOMY } from '../../directory/index.ts';
import type { ActivityStatus, DeliveryMode, ReferralRoute } from '../activities.tables.ts';
import { cleanLine, cleanMultiline } from '../shared/text.rules.ts';
import { proposalGaps } from './lifecycle.rules.ts';

/** How an activity is delivered, as people say it (domain §2.1). */
export const DELIVERY_MODE_LABELS: Record<DeliveryMode, string> = {
  group: 'A group that meets',
  one_to_one: 'One to one',
  event: 'An event',
  service_support: 'Helping at a practice service, like a flu clinic',
  information: 'An information resource, like a folder or stand',
};

/** Who may send people to an activity. */
export const REFERRAL_ROUTE_LABELS: Record<ReferralRoute, string> = {
  self: 'People can come by themselves',
  reception: 'Reception and care navigators',
  gp: 'GPs and other clinicians',
  link_worker: 'Social prescribing link workers',
};

/** Activity categories (the directory's activity-categories taxonomy), code → name. */
export const CATEGORY_LABELS: Record<string, string> = Object.fromEntries(
  ACTIVITY_TAXONOMY.terms.map((term) => [term.code, term.name]),
);

/** The Five Ways to Wellbeing, code → name. */
export const FIVE_WAYS_LABELS: Record<string, string> = Object.fromEntries(
  FIVE_WAYS_TAXONOMY.terms.map((term) => [term.code, term.name]),
);

/** Every status, in lifecycle order. */
export const STATUSES: readonly ActivityStatus[] = [
  'idea',
  'proposed',
  'risk_assessed',
  'approved',
  'active',
  'paused',
  'closed',
];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const POSTCODE = /^([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})$/;

/** A UK postcode in its usual form (upper case, one space), or null when it is not one. */
export function normalisePostcode(value: string): string | null {
  const match = POSTCODE.exec(value.trim().toUpperCase());
  return match ? `${match[1]} ${match[2]}` : null;
}

/** One line of text: control characters removed, at most `max` characters. */
export function line(max: number, tooLong: string) {
  return z.string({ error: tooLong }).default('').transform(cleanLine).pipe(z.string().max(max, tooLong));
}

/** Text from a textarea: control characters other than newline and tab removed, at most `max` characters. */
export function paragraph(max: number, tooLong: string) {
  return z.string({ error: tooLong }).default('').transform(cleanMultiline).pipe(z.string().max(max, tooLong));
}

/** Ticked boxes: none, one or many values, each one of `allowed`. */
function ticked<T extends string>(allowed: readonly T[], message: string) {
  return z
    .union([z.string(), z.array(z.string())], { error: message })
    .optional()
    .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]))
    .refine(
      (list) => list.length <= 100 && list.every((item) => (allowed as readonly string[]).includes(item)),
      message,
    )
    .transform((list) => [...new Set(list)] as T[]);
}

/** Ticked ids (checked against the real options by the service). */
function tickedIds(message: string) {
  return z
    .union([z.string(), z.array(z.string())], { error: message })
    .optional()
    .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]))
    .refine((list) => list.length <= 200 && list.every((id) => UUID.test(id)), message)
    .transform((list) => [...new Set(list.map((id) => id.toLowerCase()))]);
}

const optionalId = (message: string) =>
  z.union([z.literal(''), z.string().regex(UUID, message)], { error: message }).default('');

const CODES = {
  categories: ACTIVITY_TAXONOMY.terms.map((term) => term.code),
  fiveWays: FIVE_WAYS_TAXONOMY.terms.map((term) => term.code),
  deliveryModes: Object.keys(DELIVERY_MODE_LABELS) as DeliveryMode[],
  routes: Object.keys(REFERRAL_ROUTE_LABELS) as ReferralRoute[],
};

/** Places needed per role are sent as `places-<role template id>` fields. */
export const PLACES_PREFIX = 'places-';

/**
 * The proposal form (new and edit). "Save as idea" (intent `idea`) needs only a name; "Submit
 * proposal" and saving a proposed or later activity (intents `proposal`, `save`) need the full
 * proposal (lifecycle.proposalGaps).
 */
export const ActivityForm = z
  .looseObject({
    intent: z
      .enum(['idea', 'proposal', 'save'], { error: 'Choose whether to save an idea or submit a proposal' })
      .default('proposal'),
    name: line(120, 'Name must be 120 characters or fewer').pipe(z.string().min(1, 'Enter a name for the activity')),
    description: paragraph(2000, 'Description must be 2,000 characters or fewer'),
    category: z
      .union([z.literal(''), z.enum(CODES.categories as [string, ...string[]])], {
        error: 'Choose a category from the list',
      })
      .default(''),
    fiveWays: ticked(CODES.fiveWays, 'Choose from the Five Ways to Wellbeing listed'),
    targetGroups: line(500, 'Keep who it is for under 500 characters')
      .transform((text) => [
        ...new Set(
          text
            .split(',')
            .map((part) => part.trim())
            .filter(Boolean),
        ),
      ])
      .refine((groups) => groups.length <= 20, 'Enter up to 20 groups')
      .refine((groups) => groups.every((group) => group.length <= 60), 'Keep each group to 60 characters or fewer'),
    deliveryMode: z
      .union([z.literal(''), z.enum(CODES.deliveryModes as [DeliveryMode, ...DeliveryMode[]])], {
        error: 'Choose how it is delivered from the list',
      })
      .default(''),
    hostIds: tickedIds('Choose host practices from the list'),
    venueName: line(200, 'Venue name must be 200 characters or fewer'),
    venueAddress: paragraph(300, 'Venue address must be 300 characters or fewer'),
    venuePostcode: line(10, 'Enter a real postcode, like LS28 7AA').refine(
      (value) => value === '' || normalisePostcode(value) !== null,
      'Enter a real postcode, like LS28 7AA',
    ),
    accessibilityNotes: paragraph(1000, 'Accessibility notes must be 1,000 characters or fewer'),
    cost: z.enum(['free', 'paid'], { error: 'Choose whether it is free or costs money' }).default('free'),
    costPounds: line(20, 'Enter the cost in pounds and pence, like 2.50'),
    costNote: line(200, 'Cost note must be 200 characters or fewer'),
    referralRoutes: ticked(CODES.routes, 'Choose from the ways listed'),
    howToJoin: paragraph(1000, 'How to join must be 1,000 characters or fewer'),
    capacity: line(10, 'Capacity must be a whole number, like 15')
      .refine((text) => text === '' || /^\d{1,5}$/.test(text), 'Capacity must be a whole number, like 15')
      .refine(
        (text) => text === '' || (Number(text) >= 1 && Number(text) <= 10000),
        'Capacity must be between 1 and 10,000',
      ),
    leadChampionIds: tickedIds('Choose lead champions from the list'),
    staffSponsorUserId: optionalId('Choose a staff sponsor from the list'),
    reviewOn: z
      .string({ error: 'Review date must be a real date, like 14 3 2027' })
      .default('')
      .refine(
        (value) =>
          value === '' || (/^\d{4}-\d{2}-\d{2}$/.test(value) && value >= '2000-01-01' && value <= '2099-12-31'),
        'Review date must be a real date, like 14 3 2027',
      ),
    namedRegisterReason: paragraph(500, 'The reason for a named register must be 500 characters or fewer'),
    public: z.enum(['yes', 'no'], { error: "Choose whether to show it on the public what's on" }).default('yes'),
    meetingItemId: optionalId('That idea could not be found'),
  })
  .superRefine(
    (form, context) => {
      // A field that failed its own check may hold anything here (an array for a text box).
      const text = (value: unknown) => (typeof value === 'string' ? value : '');
      const list = (value: unknown) => (Array.isArray(value) ? value.map(String) : []);
      if (form.cost === 'paid' && pounds(text(form.costPounds)) === null) {
        context.addIssue({
          code: 'custom',
          path: ['costPounds'],
          message: 'Enter the cost in pounds and pence, between £0.01 and £1,000, like 2.50',
        });
      }
      for (const [key, value] of Object.entries(form)) {
        if (
          key.startsWith(PLACES_PREFIX) &&
          !(typeof value === 'string' && /^\s*\d{0,2}\s*$/.test(value) && Number(value.trim() || '0') <= 50)
        ) {
          context.addIssue({ code: 'custom', path: [key], message: 'Enter a number of places from 0 to 50' });
        }
      }
      if (form.intent !== 'idea') {
        const gaps = proposalGaps({
          description: text(form.description),
          category: text(form.category) || null,
          deliveryMode: text(form.deliveryMode) || null,
          fiveWays: list(form.fiveWays),
          referralRoutes: list(form.referralRoutes),
          howToJoin: text(form.howToJoin),
          venueName: text(form.venueName),
        });
        for (const [field, message] of Object.entries(gaps)) {
          // Only where the field itself was fine: one message per field.
          context.addIssue({ code: 'custom', path: [field], message });
        }
      }
      // Run even when a field had the wrong type, so every problem is listed at once.
    },
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
  )
  .transform((form) => ({
    intent: form.intent,
    name: form.name,
    description: form.description,
    category: form.category || null,
    fiveWays: form.fiveWays,
    targetGroups: form.targetGroups,
    deliveryMode: (form.deliveryMode || null) as DeliveryMode | null,
    hostIds: form.hostIds,
    venueName: form.venueName,
    venueAddress: form.venueAddress,
    venuePostcode: form.venuePostcode === '' ? '' : (normalisePostcode(form.venuePostcode) ?? ''),
    accessibilityNotes: form.accessibilityNotes,
    costPence: form.cost === 'paid' ? (pounds(form.costPounds) ?? 0) : 0,
    costNote: form.costNote,
    referralRoutes: form.referralRoutes,
    howToJoin: form.howToJoin,
    capacity: form.capacity === '' ? null : Number(form.capacity),
    leadChampionIds: form.leadChampionIds,
    staffSponsorUserId: form.staffSponsorUserId === '' ? null : form.staffSponsorUserId.toLowerCase(),
    reviewOn: form.reviewOn === '' ? null : form.reviewOn,
    namedRegisterReason: form.namedRegisterReason === '' ? null : form.namedRegisterReason,
    public: form.public === 'yes',
    meetingItemId: form.meetingItemId === '' ? null : form.meetingItemId.toLowerCase(),
    places: placesFrom(form),
  }));

/** What the proposal form holds once read. */
export type ActivityInput = z.output<typeof ActivityForm>;

/** An amount in pounds ("2.50", "£3") as pence, from 1p to £1,000; null when it is not one. */
export function pounds(text: string): number | null {
  const match = /^£?\s*(\d{1,4})(?:\.(\d{1,2}))?$/.exec(text.trim().replace(/,/g, ''));
  if (!match) {
    return null;
  }
  const pence = Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
  return pence >= 1 && pence <= 100_000 ? pence : null;
}

/** Places per role template id, from the `places-<id>` fields (zero or blank means not needed). */
function placesFrom(form: Record<string, unknown>): Record<string, number> {
  const places: Record<string, number> = {};
  for (const [key, value] of Object.entries(form)) {
    const id = key.slice(PLACES_PREFIX.length).toLowerCase();
    if (
      key.startsWith(PLACES_PREFIX) &&
      UUID.test(id) &&
      typeof value === 'string' &&
      Number(value.trim() || '0') > 0
    ) {
      places[id] = Number(value.trim());
    }
  }
  return places;
}

/** Moving an activity on from its page; closing needs a reason. Risk assessment has its own form. */
export const StatusForm = z
  .object({
    to: z.enum(['proposed', 'approved', 'active', 'paused', 'closed'], {
      error: 'Choose what to do with this activity',
    }),
    note: paragraph(500, 'Keep the note to 500 characters or fewer'),
  })
  .superRefine((form, context) => {
    if (form.to === 'closed' && form.note === '') {
      context.addIssue({ code: 'custom', path: ['note'], message: 'Say why the activity is closing' });
    }
  });

/** What the status form holds once read. */
export type StatusForm = z.infer<typeof StatusForm>;

/** The list's filter: a status, or everything (anything else is ignored). */
export const ListQuery = z.object({
  status: z
    .enum(STATUSES as [ActivityStatus, ...ActivityStatus[]])
    .optional()
    .catch(undefined),
});
