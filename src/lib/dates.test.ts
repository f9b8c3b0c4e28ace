import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { LONDON, formatDay, londonToday, londonWallClock } from './dates.ts';

// The London parts come from one cached Intl formatter instead of a zoned luxon DateTime per
// instant: they must agree with luxon everywhere, the clock-change hours included.
const instants = fc.date({
  min: new Date('1900-01-01T00:00:00Z'),
  max: new Date('2100-12-31T23:59:59Z'),
  noInvalidDate: true,
});

test('londonWallClock and londonToday agree with luxon for any instant', () => {
  fc.assert(
    fc.property(instants, (instant) => {
      const local = DateTime.fromJSDate(instant, { zone: LONDON });
      assert.deepEqual(londonWallClock(instant), { date: local.toISODate(), time: local.toFormat('HH:mm') });
      assert.equal(londonToday(instant), local.toISODate());
    }),
    { numRuns: 2000 },
  );
});

test('the clock-change nights: the repeated hour and the skipped one', () => {
  assert.deepEqual(londonWallClock(new Date('2026-10-25T00:30:00Z')), { date: '2026-10-25', time: '01:30' });
  assert.deepEqual(londonWallClock(new Date('2026-10-25T01:30:00Z')), { date: '2026-10-25', time: '01:30' });
  assert.deepEqual(londonWallClock(new Date('2027-03-28T00:59:00Z')), { date: '2027-03-28', time: '00:59' });
  assert.deepEqual(londonWallClock(new Date('2027-03-28T01:00:00Z')), { date: '2027-03-28', time: '02:00' });
  assert.deepEqual(londonWallClock(new Date('2026-12-31T23:59:00Z')), { date: '2026-12-31', time: '23:59' });
  assert.deepEqual(londonWallClock(new Date('2026-06-30T23:30:00Z')), { date: '2026-07-01', time: '00:30' });
  assert.deepEqual(londonWallClock(new Date('invalid')), { date: '', time: '' });
});

test('formatDay writes dates as luxon did: "3 March 2026"', () => {
  fc.assert(
    fc.property(instants, (instant) => {
      const iso = instant.toISOString().slice(0, 10);
      const expected = DateTime.fromISO(iso).setLocale('en-GB').toFormat('d MMMM yyyy');
      assert.equal(formatDay(iso), expected);
    }),
    { numRuns: 500 },
  );
});
