import { z } from 'zod';
import { recordAudit } from '../../../platform/audit/audit.ts';
import { inTransaction, type ServiceContext } from '../../../platform/context.ts';
import { ForbiddenError, ValidationError } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import type { Vehicle } from '../champion-activity.tables.ts';
import { isPlausibleDate } from '../shared/champions.schemas.ts';
import { insertMileageRate, listMileageRates } from './mileage.repo.ts';
import { rateOn, VEHICLE_LABELS } from './mileage.rules.ts';
import { londonToday } from '../../../lib/dates.ts';

const text = (max: number) =>
  z.preprocess(
    (value) => (typeof value === 'string' ? value.trim() : ''),
    z.string().max(max, `Must be ${max} characters or fewer`),
  );
const PENCE = /^\d{1,4}$/;

/**
 * A new HMRC mileage rate from a date. Cars and vans have a threshold (10,000 miles a tax year
 * since 2011) and a rate after it; motorcycles and bicycles have one rate.
 */
export const MileageRateForm = z
  .object({
    vehicle: z.preprocess(
      (value) => (typeof value === 'string' ? value : ''),
      z.enum(Object.keys(VEHICLE_LABELS) as [Vehicle, ...Vehicle[]], { error: 'Select the kind of vehicle' }),
    ),
    validFrom: text(10)
      .refine((value) => value !== '', 'Enter the date the rate starts')
      .refine(
        (value) => value === '' || isPlausibleDate(value),
        'The date the rate starts must be a real date, like 6 4 2026',
      ),
    pencePerMile: text(5).refine(
      (value) => PENCE.test(value) && Number(value) <= 1000,
      'Enter the pence per mile as a whole number from 0 to 1000, like 45',
    ),
    thresholdMiles: text(7),
    pencePerMileAfter: text(5),
  })
  .superRefine((form, context) => {
    if (form.vehicle === 'car') {
      if (!/^\d{1,6}$/.test(form.thresholdMiles) || Number(form.thresholdMiles) < 1) {
        context.addIssue({
          code: 'custom',
          path: ['thresholdMiles'],
          message: 'Enter the miles in a tax year at the first rate, like 10000',
        });
      }
      if (!PENCE.test(form.pencePerMileAfter) || Number(form.pencePerMileAfter) > 1000) {
        context.addIssue({
          code: 'custom',
          path: ['pencePerMileAfter'],
          message: 'Enter the pence per mile after the threshold as a whole number from 0 to 1000, like 25',
        });
      }
      return;
    }
    for (const field of ['thresholdMiles', 'pencePerMileAfter'] as const) {
      if (form[field] !== '') {
        context.addIssue({
          code: 'custom',
          path: [field],
          message: 'Only cars and vans have a second rate: leave this empty',
        });
      }
    }
  });
/** What the rate form holds once read. */
export type MileageRateForm = z.infer<typeof MileageRateForm>;

function requireAdmin(ctx: ServiceContext): void {
  if (!ctx.actor?.isSystemAdmin) {
    throw new ForbiddenError();
  }
}

/** Every rate, newest first for each vehicle, marking the one in force today. */
export async function mileageRateTable(ctx: ServiceContext) {
  requireAdmin(ctx);
  const rates = await listMileageRates(ctx.db);
  const today = londonToday(ctx.clock.now());
  return (Object.keys(VEHICLE_LABELS) as Vehicle[]).flatMap((vehicle) => {
    const current = rateOn(rates, vehicle, today);
    return rates
      .filter((rate) => rate.vehicle === vehicle)
      .sort((a, b) => b.validFrom.localeCompare(a.validFrom))
      .map((rate) => ({
        ...rate,
        vehicleLabel: VEHICLE_LABELS[vehicle],
        inForce: rate === current,
        future: rate.validFrom > today,
      }));
  });
}

/**
 * Adds a rate from a date. Claims already made keep the amounts they were priced at: each
 * journey's pence are stored with it, and the rate table only prices new journeys.
 */
export async function addMileageRate(ctx: ServiceContext, form: MileageRateForm): Promise<void> {
  requireAdmin(ctx);
  const car = form.vehicle === 'car';
  await inTransaction(ctx, async ({ db: tx }) => {
    const id = newId();
    const inserted = await insertMileageRate(tx, {
      id,
      vehicle: form.vehicle,
      validFrom: form.validFrom,
      pencePerMile: Number(form.pencePerMile),
      thresholdMiles: car ? Number(form.thresholdMiles) : null,
      pencePerMileAfter: car ? Number(form.pencePerMileAfter) : null,
    });
    if (!inserted) {
      throw new ValidationError({
        validFrom: `There is already a ${VEHICLE_LABELS[form.vehicle].toLowerCase()} rate from this date`,
      });
    }
    await recordAudit(tx, ctx.audit, {
      action: 'mileage-rate.added',
      subjectType: 'mileage_rate',
      subjectId: id,
      details: { vehicle: form.vehicle, validFrom: form.validFrom, pencePerMile: Number(form.pencePerMile) },
    });
  });
}
