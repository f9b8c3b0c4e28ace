import { z } from 'zod';
import type { FieldErrors } from '../../../lib/errors.ts';
import type { ExpenseKind, Vehicle } from '../champion-activity.tables.ts';
import { penceFromPounds } from '../shared/format.presenter.ts';
import { pastDate } from '../hours/hours.schemas.ts';
import { VEHICLE_LABELS } from './mileage.rules.ts';

/** Out-of-pocket cost kinds (domain §1.7); mileage is its own kind of line. Never a flat allowance. */
export const EXPENSE_KIND_LABELS: Record<ExpenseKind, string> = {
  travel: 'Bus, train, taxi or parking',
  meals: 'Meal (over 4 hours volunteering)',
  dependant_care: 'Care for a child or dependant',
  clothing: 'Protective clothing',
  postage_phone: 'Postage or phone',
  other: 'Something else',
  mileage: 'Mileage',
};

/** How many item lines and journey lines the claim form offers. */
export const ITEM_LINES = 4;
/** Journey lines on the claim form. */
export const JOURNEY_LINES = 3;

/** A cost line as read from the form. */
export interface ItemLine {
  kind: Exclude<ExpenseKind, 'mileage'>;
  spentOn: string;
  description: string;
  amountPence: number;
}

/** A journey line as read from the form (priced later from the rate table). */
export interface JourneyLine {
  spentOn: string;
  vehicle: Vehicle;
  miles: number;
  description: string;
}

const itemKinds = Object.keys(EXPENSE_KIND_LABELS).filter((kind) => kind !== 'mileage') as [
  Exclude<ExpenseKind, 'mileage'>,
  ...Exclude<ExpenseKind, 'mileage'>[],
];

const ItemLineSchema = z.object({
  spentOn: pastDate('you paid'),
  kind: z.enum(itemKinds, { error: 'Select what the cost was for' }),
  description: z
    .string()
    .trim()
    .min(1, 'Enter what you paid for')
    .max(200, 'Description must be 200 characters or fewer'),
  amount: z.string().transform((text, context) => {
    const pence = penceFromPounds(text);
    if (pence === null || pence < 1 || pence > 100_000) {
      context.addIssue({ code: 'custom', message: 'Enter an amount in pounds and pence, like 4.50, up to £1,000' });
      return z.NEVER;
    }
    return pence;
  }),
});

const JourneyLineSchema = z.object({
  spentOn: pastDate('of the journey'),
  vehicle: z.enum(Object.keys(VEHICLE_LABELS) as [Vehicle, ...Vehicle[]], { error: 'Select how you travelled' }),
  miles: z
    .string()
    .trim()
    .refine(
      (text) => /^\d{1,4}$/.test(text) && Number(text) >= 1 && Number(text) <= 1000,
      'Enter the miles as a whole number from 1 to 1,000',
    )
    .transform(Number),
  description: z
    .string()
    .trim()
    .min(1, 'Enter where you went and why')
    .max(200, 'Description must be 200 characters or fewer'),
});

/** Reads the claim form's numbered lines; blank lines are skipped, at least one is needed. */
export function readClaimLines(
  fields: Record<string, string>,
): { ok: true; items: ItemLine[]; journeys: JourneyLine[] } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const items: ItemLine[] = [];
  const journeys: JourneyLine[] = [];
  const blank = (names: string[]) => names.every((name) => (fields[name] ?? '').trim() === '');
  for (let index = 0; index < ITEM_LINES; index += 1) {
    const names = {
      spentOn: `itemDate-${index}`,
      kind: `itemKind-${index}`,
      description: `itemDescription-${index}`,
      amount: `itemAmount-${index}`,
    };
    if (blank([names.spentOn, names.description, names.amount])) {
      continue;
    }
    const parsed = ItemLineSchema.safeParse({
      spentOn: fields[names.spentOn] ?? '',
      kind: fields[names.kind],
      description: fields[names.description] ?? '',
      amount: fields[names.amount] ?? '',
    });
    if (parsed.success) {
      items.push({
        kind: parsed.data.kind,
        spentOn: parsed.data.spentOn,
        description: parsed.data.description,
        amountPence: parsed.data.amount,
      });
    } else {
      for (const issue of parsed.error.issues) {
        errors[names[issue.path[0] as keyof typeof names]] ??= `Cost ${index + 1}: ${issue.message}`;
      }
    }
  }
  for (let index = 0; index < JOURNEY_LINES; index += 1) {
    const names = {
      spentOn: `journeyDate-${index}`,
      vehicle: `journeyVehicle-${index}`,
      miles: `journeyMiles-${index}`,
      description: `journeyDescription-${index}`,
    };
    if (blank([names.spentOn, names.miles, names.description])) {
      continue;
    }
    const parsed = JourneyLineSchema.safeParse({
      spentOn: fields[names.spentOn] ?? '',
      vehicle: fields[names.vehicle],
      miles: fields[names.miles] ?? '',
      description: fields[names.description] ?? '',
    });
    if (parsed.success) {
      journeys.push(parsed.data);
    } else {
      for (const issue of parsed.error.issues) {
        errors[names[issue.path[0] as keyof typeof names]] ??= `Journey ${index + 1}: ${issue.message}`;
      }
    }
  }
  if (Object.keys(errors).length > 0) {
    return { ok: false, errors };
  }
  if (items.length === 0 && journeys.length === 0) {
    return { ok: false, errors: { 'itemDate-0': 'Enter at least one cost or journey' } };
  }
  return { ok: true, items, journeys };
}

/** The coordinator's decision on a claim; a rejection needs a reason. */
export const DecideClaimForm = z
  .object({
    decision: z.enum(['approve', 'reject'], { error: 'Select approve or reject' }),
    reason: z.string().trim().max(500, 'Reason must be 500 characters or fewer').default(''),
  })
  .refine((form) => form.decision !== 'reject' || form.reason.length > 0, {
    path: ['reason'],
    error: 'Enter a reason for rejecting the claim',
  });

/** What the decision form holds once read. */
export type DecideClaimForm = z.infer<typeof DecideClaimForm>;
