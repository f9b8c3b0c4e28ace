import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  AVAILABILITY,
  describeAvailability,
  expandAvailability,
  isAvailabilityValue,
  slotsMatching,
} from './availability.rules.ts';

describe('availability by day and part of the day', () => {
  test('there is a slot for every day and part of the day, named as people say it', () => {
    assert.equal(Object.keys(AVAILABILITY).length, 21);
    assert.equal(AVAILABILITY.tue_morning, 'Tuesday morning');
    assert.equal(AVAILABILITY.sun_evening, 'Sunday evening');
  });

  test('the coarse values of the first form still mean something: they expand into slots', () => {
    assert.deepEqual(expandAvailability(['weekday_mornings']), [
      'mon_morning',
      'tue_morning',
      'wed_morning',
      'thu_morning',
      'fri_morning',
    ]);
    assert.deepEqual(expandAvailability(['weekends', 'sat_morning']), [
      'sat_morning',
      'sat_afternoon',
      'sat_evening',
      'sun_morning',
      'sun_afternoon',
      'sun_evening',
    ]);
    assert.deepEqual(expandAvailability(['thu_evening', 'mon_morning', 'nonsense']), ['mon_morning', 'thu_evening']);
    assert.ok(isAvailabilityValue('weekday_evenings'));
    assert.ok(!isAvailabilityValue('whenever'));
  });

  test('a search by day, by part of the day or both matches the right slots', () => {
    assert.deepEqual(slotsMatching('tue', 'morning'), ['tue_morning']);
    assert.deepEqual(slotsMatching('tue', ''), ['tue_morning', 'tue_afternoon', 'tue_evening']);
    assert.equal(slotsMatching('', 'evening').length, 7);
    assert.equal(slotsMatching('', '').length, 21);
  });

  test('descriptions group days with the same parts and shorten runs of days', () => {
    const table: [string[], string][] = [
      [['weekday_mornings'], 'Mon–Fri mornings'],
      [['tue_morning'], 'Tue mornings'],
      [
        ['mon_morning', 'tue_morning', 'sat_afternoon', 'sat_evening'],
        'Mon, Tue mornings; Sat afternoons and evenings',
      ],
      [['weekends'], 'Sat, Sun all day'],
      [['mon_evening', 'wed_evening', 'thu_evening', 'fri_evening'], 'Mon, Wed–Fri evenings'],
      [[], ''],
    ];
    for (const [values, expected] of table) {
      assert.equal(describeAvailability(values), expected, values.join(','));
    }
  });
});
