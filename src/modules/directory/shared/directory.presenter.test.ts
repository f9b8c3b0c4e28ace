import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  describeAges,
  describeCost,
  describeDistance,
  describeSchedule,
  freshnessOf,
  relativeAge,
} from './directory.presenter.ts';

const NOW = new Date('2026-11-23T10:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

describe('directory presenter', () => {
  test('relative ages in UK calendar days', () => {
    const cases: [number, string][] = [
      [0, 'today'],
      [1, 'yesterday'],
      [5, '5 days ago'],
      [14, '2 weeks ago'],
      [21, '3 weeks ago'],
      [60, '2 months ago'],
      [200, '6 months ago'],
      [800, '2 years ago'],
    ];
    for (const [days, text] of cases) {
      assert.equal(relativeAge(daysAgo(days), NOW), text, `${days} days`);
    }
    // 23:30 on the 22nd in London is "yesterday" at 10:00 on the 23rd, whatever the server's zone.
    assert.equal(relativeAge(new Date('2026-11-22T23:30:00Z'), NOW), 'yesterday');
  });

  test('freshness: checked recently, needs checking (stale or overdue), or never checked', () => {
    assert.deepEqual(freshnessOf({ lastVerifiedAt: daysAgo(21), stale: false, reviewDueAt: daysAgo(-60) }, NOW), {
      fresh: true,
      text: 'Checked 3 weeks ago',
      colour: 'green',
    });
    assert.equal(
      freshnessOf({ lastVerifiedAt: daysAgo(21), stale: true, reviewDueAt: null }, NOW).text,
      'Needs checking',
    );
    assert.equal(
      freshnessOf({ lastVerifiedAt: daysAgo(100), stale: false, reviewDueAt: daysAgo(1) }, NOW).text,
      'Needs checking',
    );
    assert.deepEqual(freshnessOf({ lastVerifiedAt: null, stale: false, reviewDueAt: null }, NOW), {
      fresh: false,
      text: 'Not checked yet',
      colour: 'grey',
    });
  });

  test('schedules in weekday order, with monthly patterns and notes', () => {
    assert.deepEqual(
      describeSchedule([
        { byday: 'TH', opensAt: '14:00', closesAt: '15:30' },
        { byday: 'MO,WE', opensAt: '09:30:00', closesAt: '11:00:00' },
        { byday: '1TU', opensAt: '18:00', closesAt: '20:00', freq: 'MONTHLY' },
        { byday: null, opensAt: null, closesAt: null, description: 'Drop in during term time' },
      ]),
      [
        'Monday and Wednesday 09:30 to 11:00',
        'first Tuesday of the month 18:00 to 20:00',
        'Thursday 14:00 to 15:30',
        'Drop in during term time',
      ],
    );
  });

  test('cost, distance and ages in words', () => {
    assert.equal(describeCost([{ amount: '0.00', option: 'Free' }]), 'Free');
    assert.equal(describeCost([{ amount: null, option: null, amountDescription: 'Free for carers' }]), 'Free');
    assert.equal(describeCost([{ amount: '3.5', option: 'Per session' }]), '£3.50');
    assert.equal(describeCost([{ amount: '10', option: 'per month' }]), '£10.00 per month');
    assert.equal(describeCost([], 'Donations welcome'), 'Donations welcome');
    assert.equal(describeDistance(null), '');
    assert.equal(describeDistance(50), 'less than 0.1 miles');
    assert.equal(describeDistance(1609.344 * 2.345), '2.3 miles');
    assert.equal(describeDistance(1609.344 * 12.6), '13 miles');
    assert.equal(describeAges(18, null), 'Ages 18 and over');
    assert.equal(describeAges(0, 5), 'Ages 0 to 5');
    assert.equal(describeAges(null, 25), 'Ages up to 25');
    assert.equal(describeAges(null, null), 'All ages');
  });
});
