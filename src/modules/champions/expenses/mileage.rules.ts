import type { Vehicle } from '../champion-activity.tables.ts';

/** One HMRC mileage rate, in pence per mile, from a date. */
export interface MileageRate {
  vehicle: Vehicle;
  validFrom: string;
  pencePerMile: number;
  /** Miles per tax year at `pencePerMile`; null when the vehicle has one rate. */
  thresholdMiles: number | null;
  pencePerMileAfter: number | null;
}

/** How a journey was priced: miles in each band and the amount, in whole pence. */
export interface PricedJourney {
  milesAtFirstRate: number;
  milesAtSecondRate: number;
  amountPence: number;
}

/** Vehicle names as people say them. */
export const VEHICLE_LABELS: Record<Vehicle, string> = {
  car: 'Car or van',
  motorcycle: 'Motorcycle',
  bicycle: 'Bicycle',
};

/**
 * The UK tax year a date (YYYY-MM-DD) falls in, named by the calendar year it starts in:
 * 6 April 2026 to 5 April 2027 is 2026.
 */
export function taxYearOf(isoDate: string): number {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  return month > 4 || (month === 4 && day >= 6) ? year : year - 1;
}

/** The rate in force for a vehicle on a date: the latest whose valid-from is on or before it. */
export function rateOn(rates: readonly MileageRate[], vehicle: Vehicle, isoDate: string): MileageRate | null {
  let chosen: MileageRate | null = null;
  for (const rate of rates) {
    if (rate.vehicle === vehicle && rate.validFrom <= isoDate && (!chosen || rate.validFrom > chosen.validFrom)) {
      chosen = rate;
    }
  }
  return chosen;
}

/**
 * Prices a journey of whole `miles`, given the miles this champion has already claimed for the
 * same vehicle in the same tax year: miles up to the threshold at the first rate, the rest at
 * the second. Never a flat rate, never negative.
 */
export function priceJourney(rate: MileageRate, milesAlreadyClaimed: number, miles: number): PricedJourney {
  if (!Number.isInteger(miles) || miles < 0 || !Number.isInteger(milesAlreadyClaimed) || milesAlreadyClaimed < 0) {
    throw new RangeError('Miles must be whole numbers, zero or more');
  }
  if (rate.thresholdMiles === null || rate.pencePerMileAfter === null) {
    return { milesAtFirstRate: miles, milesAtSecondRate: 0, amountPence: miles * rate.pencePerMile };
  }
  const firstBandLeft = Math.max(0, rate.thresholdMiles - milesAlreadyClaimed);
  const milesAtFirstRate = Math.min(miles, firstBandLeft);
  const milesAtSecondRate = miles - milesAtFirstRate;
  return {
    milesAtFirstRate,
    milesAtSecondRate,
    amountPence: milesAtFirstRate * rate.pencePerMile + milesAtSecondRate * rate.pencePerMileAfter,
  };
}
