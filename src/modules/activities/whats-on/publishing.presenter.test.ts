import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { seededTermId } from '../../directory/index.ts';
import type { ActivityRow, ActivityScheduleRow } from '../activities.tables.ts';
import {
  describeExceptions,
  describeSchedule,
  firstOccurrence,
  scheduleRecord,
} from './publishing-schedules.presenter.ts';
import { listingContent, publicPageUrl } from './publishing.presenter.ts';

function schedule(overrides: Partial<ActivityScheduleRow> = {}): ActivityScheduleRow {
  return {
    id: '0193a0b4-0000-7000-8000-000000000001',
    activity_id: 'a',
    organisation_id: 'o',
    frequency: 'weekly',
    rrule: '',
    starts_on: '2026-03-02',
    ends_on: null,
    weekday: 2,
    week_of_month: null,
    start_time: '14:00:00',
    end_time: '15:00:00',
    venue_name: '',
    active: true,
    generated_until: null,
    created_by: null,
    created_at: new Date(),
    ...overrides,
  };
}

const activity = {
  id: '0193a0b4-0000-7000-8000-00000000000a',
  organisation_id: '0193a0b4-0000-7000-8000-00000000000b',
  name: 'Ukulele for beginners',
  description: 'Learn three chords and play together.',
  category: 'creative-learning',
  five_ways: ['keep-learning', 'connect', 'not-a-way'],
  target_groups: ['Adults', ' '],
  venue_name: 'Community room',
  venue_address: '1 Canal Street, Pudsey',
  venue_postcode: 'ls28 7aa',
  accessibility_notes: 'Step-free entrance',
  cost_pence: 0,
  cost_note: '',
  how_to_join: 'Just turn up.',
  status: 'active',
  public: true,
} as unknown as ActivityRow;

const source = {
  activity,
  organisation: { id: activity.organisation_id, name: 'Canal Street Surgery', kind: 'practice', odsCode: 'Y99901' },
  schedules: [schedule()],
  point: { latitude: 53.79, longitude: -1.66 },
  baseUrl: 'https://thirdspace.example',
  today: '2026-03-01',
};
const state = { status: 'active' as const, published: true, assuredDate: '2026-03-01', assurerEmail: null };

describe('publishing: the directory entry an activity makes', () => {
  test('weekly, fortnightly, monthly and one-off schedules in ORUK shape', () => {
    const weekly = scheduleRecord('s', schedule());
    assert.deepEqual(
      [weekly.freq, weekly.interval, weekly.byday, weekly.dtstart, weekly.validFrom, weekly.opensAt, weekly.closesAt],
      ['WEEKLY', 1, 'TU', '2026-03-03', '2026-03-02', '14:00:00', '15:00:00'],
    );
    const fortnightly = scheduleRecord(
      's',
      schedule({ frequency: 'fortnightly', weekday: 1, starts_on: '2026-03-02', ends_on: '2026-06-30' }),
    );
    assert.deepEqual(
      [fortnightly.freq, fortnightly.interval, fortnightly.byday, fortnightly.dtstart, fortnightly.validTo],
      ['WEEKLY', 2, 'MO', '2026-03-02', '2026-06-30'],
    );
    const second = scheduleRecord(
      's',
      schedule({ frequency: 'monthly_weekday', weekday: 2, week_of_month: 2, starts_on: '2026-03-11' }),
    );
    assert.deepEqual([second.freq, second.interval, second.byday, second.dtstart], ['MONTHLY', 1, '2TU', '2026-04-14']);
    const last = scheduleRecord(
      's',
      schedule({ frequency: 'monthly_weekday', weekday: 5, week_of_month: -1, starts_on: '2026-03-01' }),
    );
    assert.deepEqual(
      [last.byday, last.dtstart, last.description],
      ['-1FR', '2026-03-27', 'The last Friday of each month, 14:00 to 15:00'],
    );
    const once = scheduleRecord('s', schedule({ frequency: 'once', weekday: null, starts_on: '2026-12-12' }));
    assert.deepEqual(
      [once.freq, once.interval, once.byday, once.validFrom, once.validTo],
      [null, null, null, '2026-12-12', '2026-12-12'],
    );
    assert.equal(
      describeSchedule(schedule({ frequency: 'fortnightly', weekday: 4 })),
      'Every other Thursday, 14:00 to 15:00',
    );
    assert.equal(
      scheduleRecord('s', schedule()).id,
      scheduleRecord('s', schedule()).id,
      'ids are stable, so a re-sync is unchanged',
    );
    assert.equal(
      scheduleRecord('s', schedule(), ['2027-01-01', '2026-12-25']).notes,
      'Not on 25 December 2026 or 1 January 2027',
    );
    assert.equal(describeExceptions(['2026-12-29']), 'Not on 29 December 2026');
    assert.equal(describeExceptions([]), null);
  });

  test('the first occurrence is the schedule’s weekday on or after its start', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 1, max: 7 }),
        fc.constantFrom(-1, 1, 2, 3, 4),
        fc.constantFrom('weekly', 'fortnightly', 'monthly_weekday') as fc.Arbitrary<
          'weekly' | 'fortnightly' | 'monthly_weekday'
        >,
        (offset, weekday, week, frequency) => {
          const startsOn = DateTime.fromISO('2025-01-01').plus({ days: offset }).toISODate() ?? '';
          const first = DateTime.fromISO(
            firstOccurrence({
              frequency,
              starts_on: startsOn,
              weekday,
              week_of_month: frequency === 'monthly_weekday' ? week : null,
            }),
          );
          assert.equal(first.weekday, weekday);
          assert.ok((first.toISODate() ?? '') >= startsOn);
          if (frequency === 'monthly_weekday') {
            assert.ok(week === -1 ? first.plus({ weeks: 1 }).month !== first.month : Math.ceil(first.day / 7) === week);
          } else {
            assert.ok(first.diff(DateTime.fromISO(startsOn), 'days').days < 7);
          }
        },
      ),
    );
  });

  test('content: venue, cost, terms, who it is for and the link to its public page', () => {
    const content = listingContent('0193a0b4-0000-7000-8000-0000000000cc', source, state);
    assert.equal(
      content.url,
      'https://thirdspace.example/practices/Y99901/whats-on/0193a0b4-0000-7000-8000-00000000000a',
    );
    assert.equal(content.description, 'Learn three chords and play together.\n\nHow to join: Just turn up.');
    assert.equal(content.eligibilityDescription, 'For Adults');
    assert.equal(content.fees, 'Free');
    const location = content.serviceAtLocations[0]?.location;
    assert.deepEqual(
      [
        location?.name,
        location?.addresses[0]?.address1,
        location?.addresses[0]?.city,
        location?.addresses[0]?.postalCode,
        location?.accessibility[0]?.description,
      ],
      ['Community room', '1 Canal Street', 'Pudsey', 'LS28 7AA', 'Step-free entrance'],
    );
    assert.deepEqual(
      content.attributes.map((attribute) => attribute.taxonomyTermId),
      [
        seededTermId('activity-categories', 'creative-learning'),
        seededTermId('five-ways', 'connect'),
        seededTermId('five-ways', 'keep-learning'),
      ],
    );
    const paid = listingContent(
      's',
      { ...source, activity: { ...activity, cost_pence: 250, cost_note: 'tea included' } },
      state,
    );
    assert.deepEqual(
      paid.costOptions.map((cost) => [cost.amount, cost.currency, cost.amountDescription]),
      [[2.5, 'GBP', 'tea included']],
    );
    assert.equal(paid.fees, '£2.50 a session (tea included)');
    const ended = listingContent(
      's',
      {
        ...source,
        schedules: [
          schedule({ ends_on: '2026-02-01' }),
          schedule({ id: '0193a0b4-0000-7000-8000-000000000002', active: false }),
        ],
      },
      state,
    );
    assert.equal(ended.schedules.length, 0, 'ended and stopped schedules are left out');
    const nowhere = listingContent(
      's',
      { ...source, activity: { ...activity, venue_name: '', venue_address: '', venue_postcode: '' } },
      state,
    );
    assert.equal(nowhere.serviceAtLocations.length, 0);
    assert.equal(
      listingContent('s', source, { ...state, status: 'temporarily closed' }).alert,
      'This activity is paused for now.',
    );
  });

  test('only a running activity links to its public page: the page is a 404 while it is paused or closed', () => {
    const paused = listingContent('s', source, { ...state, status: 'temporarily closed' });
    assert.equal(paused.url, null, 'no link to a page that would answer 404');
    assert.equal(listingContent('s', source, { ...state, status: 'inactive', published: false }).url, null);
    assert.match(
      listingContent('s', source, state).url ?? '',
      /\/whats-on\//,
      'the link comes back when it runs again',
    );
  });

  test('the public page is per practice or network, and only with an ODS code and the site address', () => {
    assert.equal(
      publicPageUrl({ ...source, organisation: { ...source.organisation, kind: 'network', odsCode: 'U99001' } }),
      'https://thirdspace.example/networks/U99001/whats-on/0193a0b4-0000-7000-8000-00000000000a',
    );
    assert.equal(publicPageUrl({ ...source, organisation: { ...source.organisation, odsCode: null } }), null);
    assert.equal(publicPageUrl({ ...source, baseUrl: null }), null);
    assert.equal(publicPageUrl({ ...source, organisation: { ...source.organisation, kind: 'setting' } }), null);
  });
});
