import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { type MileageRate, priceJourney, rateOn, taxYearOf } from './mileage.rules.ts';

const CAR: MileageRate = {
  vehicle: 'car',
  validFrom: '2011-04-06',
  pencePerMile: 45,
  thresholdMiles: 10_000,
  pencePerMileAfter: 25,
};
const BICYCLE: MileageRate = {
  vehicle: 'bicycle',
  validFrom: '2011-04-06',
  pencePerMile: 20,
  thresholdMiles: null,
  pencePerMileAfter: null,
};
const MOTORCYCLE: MileageRate = {
  vehicle: 'motorcycle',
  validFrom: '2011-04-06',
  pencePerMile: 24,
  thresholdMiles: null,
  pencePerMileAfter: null,
};

describe('mileage: tax years and rates', () => {
  test('the tax year turns on 6 April', () => {
    assert.equal(taxYearOf('2026-04-05'), 2025);
    assert.equal(taxYearOf('2026-04-06'), 2026);
    assert.equal(taxYearOf('2027-01-31'), 2026);
    assert.equal(taxYearOf('2026-12-31'), 2026);
  });

  test('the rate in force is the latest that started on or before the day', () => {
    const raised: MileageRate = { ...CAR, validFrom: '2027-04-06', pencePerMile: 55 };
    const rates = [CAR, raised, BICYCLE];
    assert.equal(rateOn(rates, 'car', '2027-04-05')?.pencePerMile, 45);
    assert.equal(rateOn(rates, 'car', '2027-04-06')?.pencePerMile, 55);
    assert.equal(rateOn(rates, 'motorcycle', '2027-04-06'), null);
    assert.equal(rateOn(rates, 'car', '2010-01-01'), null);
  });

  test('cars: 45p to 10,000 miles, then 25p; a journey across the threshold is split', () => {
    assert.deepEqual(priceJourney(CAR, 0, 10), { milesAtFirstRate: 10, milesAtSecondRate: 0, amountPence: 450 });
    assert.deepEqual(priceJourney(CAR, 9_995, 10), {
      milesAtFirstRate: 5,
      milesAtSecondRate: 5,
      amountPence: 5 * 45 + 5 * 25,
    });
    assert.deepEqual(priceJourney(CAR, 12_000, 4), { milesAtFirstRate: 0, milesAtSecondRate: 4, amountPence: 100 });
  });

  test('motorcycles 24p and bicycles 20p a mile, whatever has gone before', () => {
    assert.equal(priceJourney(MOTORCYCLE, 50_000, 10).amountPence, 240);
    assert.equal(priceJourney(BICYCLE, 0, 7).amountPence, 140);
  });

  test('fractional or negative miles are refused', () => {
    assert.throws(() => priceJourney(CAR, 0, 1.5), RangeError);
    assert.throws(() => priceJourney(CAR, -1, 1), RangeError);
  });
});

describe('mileage: properties', () => {
  const miles = fc.integer({ min: 0, max: 30_000 });

  test('the split is exact: the bands add up to the journey and the amount to the bands', () => {
    fc.assert(
      fc.property(miles, miles, (before, journey) => {
        const priced = priceJourney(CAR, before, journey);
        assert.equal(priced.milesAtFirstRate + priced.milesAtSecondRate, journey);
        assert.equal(priced.amountPence, priced.milesAtFirstRate * 45 + priced.milesAtSecondRate * 25);
        assert.ok(before + priced.milesAtFirstRate <= 10_000 || priced.milesAtFirstRate === 0);
      }),
    );
  });

  test('never negative, and whole pence', () => {
    fc.assert(
      fc.property(miles, miles, (before, journey) => {
        const priced = priceJourney(CAR, before, journey);
        assert.ok(priced.amountPence >= 0 && priced.milesAtFirstRate >= 0 && priced.milesAtSecondRate >= 0);
        assert.ok(Number.isInteger(priced.amountPence));
      }),
    );
  });

  test('monotonic: a longer journey never costs less, and earlier miles never make it dearer', () => {
    fc.assert(
      fc.property(miles, miles, fc.integer({ min: 0, max: 500 }), (before, journey, extra) => {
        assert.ok(
          priceJourney(CAR, before, journey + extra).amountPence >= priceJourney(CAR, before, journey).amountPence,
        );
        assert.ok(
          priceJourney(CAR, before + extra, journey).amountPence <= priceJourney(CAR, before, journey).amountPence,
        );
      }),
    );
  });

  test('splitting a journey into two claims costs the same as one claim', () => {
    fc.assert(
      fc.property(miles, miles, miles, (before, first, second) => {
        const whole = priceJourney(CAR, before, first + second).amountPence;
        const split =
          priceJourney(CAR, before, first).amountPence + priceJourney(CAR, before + first, second).amountPence;
        assert.equal(split, whole);
      }),
    );
  });
});
