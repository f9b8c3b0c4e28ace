import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyChanges, changesFromJson, describeValue, diffDetails } from './service-changes.rules.ts';
import {
  EMPTY_DETAILS,
  type ServiceDetails,
  readServiceForm,
  splitLanguages,
  tidyTime,
} from './service-edit.schemas.ts';
import { detailsToValues } from './service-form.presenter.ts';

const NEED = '0195f6c4-1111-5222-8333-444455556666';
const form = (overrides: Record<string, unknown> = {}) => ({
  name: 'Walk',
  status: 'active',
  cost: 'unknown',
  ...overrides,
});

describe('the service form and its changes', () => {
  test('reads a full form into details, tidied', () => {
    const result = readServiceForm(
      form({
        description: ' Line one\r\nLine two ',
        url: 'walks.example.org',
        postcode: 'ls28 7aa',
        address1: '1 Park Road',
        town: 'Pudsey',
        day0: 'thursday',
        opens0: '9.30',
        closes0: '1030',
        day3: 'monday',
        opens3: '10:00',
        closes3: '11:00',
        cost: 'paid',
        costAmount: '£3.5',
        minimumAge: '18',
        languages: 'English; urdu, ENGLISH',
        needs: [NEED, NEED],
      }),
    );
    assert.ok(result.ok);
    assert.equal(result.data.description, 'Line one\nLine two');
    assert.equal(result.data.url, 'https://walks.example.org');
    assert.equal(result.data.postcode, 'LS28 7AA');
    assert.deepEqual(result.data.schedule, [
      { day: 'monday', opensAt: '10:00', closesAt: '11:00' },
      { day: 'thursday', opensAt: '09:30', closesAt: '10:30' },
    ]);
    assert.equal(result.data.costAmount, '3.50');
    assert.deepEqual(result.data.languages, ['English', 'urdu']);
    assert.deepEqual(result.data.needs, [NEED]);
    assert.equal(result.data.maximumAge, null);
  });

  test('lists every problem at once, in page order, and keeps what was typed', () => {
    const result = readServiceForm(
      form({
        name: '',
        email: 'x',
        opens0: '10:00',
        postcode: 'LS28',
        cost: 'paid',
        costAmount: '0',
        minimumAge: '70',
        maximumAge: '60',
        needs: 'junk',
      }),
    );
    assert.ok(!result.ok);
    assert.deepEqual(Object.keys(result.errors), [
      'name',
      'email',
      'address1',
      'town',
      'postcode',
      'day0',
      'closes0',
      'costAmount',
      'maximumAge',
      'needs',
    ]);
    assert.equal(result.errors.costAmount, 'Enter a cost of more than £0, or choose free');
    assert.equal(result.values.minimumAge, '70');
  });

  test('small helpers: times and languages', () => {
    assert.equal(tidyTime('9:05'), '09:05');
    assert.equal(tidyTime('0930'), '09:30');
    assert.equal(tidyTime('nine'), 'nine');
    assert.deepEqual(splitLanguages(' Polish ,, polish;\nBritish  Sign Language'), ['Polish', 'British Sign Language']);
  });

  test('diffs field by field, ignoring order of days, needs and languages; applies chosen changes only', () => {
    const before: ServiceDetails = {
      ...EMPTY_DETAILS,
      name: 'Walk',
      languages: ['English', 'Urdu'],
      schedule: [
        { day: 'monday', opensAt: '10:00', closesAt: '11:00' },
        { day: 'friday', opensAt: '10:00', closesAt: '11:00' },
      ],
    };
    const same: ServiceDetails = {
      ...before,
      languages: ['urdu', 'english'],
      schedule: [...before.schedule].reverse(),
    };
    assert.deepEqual(diffDetails(before, same), {});
    const after: ServiceDetails = { ...before, name: 'Health walk', phone: '0113 496 0000', needs: [NEED] };
    const changes = diffDetails(before, after);
    assert.deepEqual(Object.keys(changes), ['name', 'phone', 'needs']);
    assert.deepEqual(applyChanges(before, changes, ['phone']), { ...before, phone: '0113 496 0000' });
    assert.deepEqual(changesFromJson({ ...changes, verified: { method: 'phone' }, name: 'not a change' }), {
      phone: changes.phone,
      needs: changes.needs,
    });
    assert.equal(describeValue('needs', [NEED], new Map([[NEED, 'Loneliness']])), 'Loneliness');
    assert.equal(describeValue('schedule', before.schedule), 'Monday 10:00 to 11:00\nFriday 10:00 to 11:00');
    assert.equal(describeValue('status', 'defunct'), 'Closed for good');
    assert.equal(describeValue('costAmount', '3.50'), '£3.50');
  });

  test('monthly sessions: read, described, compared and checked', () => {
    const result = readServiceForm(
      form({
        day0: 'monday',
        week0: '1',
        opens0: '10:00',
        closes0: '12:00',
        day1: 'friday',
        week1: '-1',
        opens1: '14:00',
        closes1: '15:00',
        eligibility: ' Carers ',
      }),
    );
    assert.ok(result.ok);
    assert.deepEqual(result.data.schedule, [
      { day: 'monday', opensAt: '10:00', closesAt: '12:00', week: '1' },
      { day: 'friday', opensAt: '14:00', closesAt: '15:00', week: '-1' },
    ]);
    assert.equal(result.data.eligibility, 'Carers');
    assert.equal(
      describeValue('schedule', result.data.schedule),
      'First Monday of the month 10:00 to 12:00\nLast Friday of the month 14:00 to 15:00',
    );
    const weekly = { ...EMPTY_DETAILS, schedule: [{ day: 'monday' as const, opensAt: '10:00', closesAt: '12:00' }] };
    assert.deepEqual(
      Object.keys(
        diffDetails(weekly, {
          ...weekly,
          schedule: [{ day: 'monday', opensAt: '10:00', closesAt: '12:00', week: '1' }],
        }),
      ),
      ['schedule'],
    );
    const bad = readServiceForm(form({ week0: '5', eligibility: 'x'.repeat(2001) }));
    assert.ok(!bad.ok);
    assert.deepEqual(Object.keys(bad.errors), ['day0', 'week0', 'opens0', 'closes0', 'eligibility']);
    assert.equal(bad.errors.week0, 'Select how often session 1 happens');
  });

  test('details become form values and read back unchanged', () => {
    const details: ServiceDetails = {
      ...EMPTY_DETAILS,
      name: 'Walk',
      minimumAge: 5,
      languages: ['English', 'Urdu'],
      schedule: [
        { day: 'tuesday', opensAt: '10:00', closesAt: '11:00' },
        { day: 'saturday', opensAt: '09:00', closesAt: '10:00', week: '2' },
      ],
      needs: [NEED],
      eligibility: 'People registered with a Pudsey practice',
    };
    const values = detailsToValues(details);
    assert.equal(values.sessionRows, 4);
    // What a browser sends back: every value a string.
    const again = readServiceForm(
      Object.fromEntries(
        Object.entries(values).map(([key, value]) => [key, Array.isArray(value) ? value.map(String) : String(value)]),
      ),
    );
    assert.ok(again.ok);
    assert.deepEqual(again.data, details);
  });
});
