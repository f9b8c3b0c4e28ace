import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import {
  addMonths,
  defaultPeriod,
  londonToday,
  monthLabel,
  monthsOf,
  percentChange,
  previousPeriod,
} from './review-figures.rules.ts';
import { describeAttendeeCost, describeChange, describeExpenses, figureRows } from './reviews.presenter.ts';

describe('review figures: periods, months and change', () => {
  test('the default period is the three months to today, and the period before is as long', () => {
    assert.deepEqual(defaultPeriod('2026-11-28'), { from: '2026-08-28', to: '2026-11-28' });
    assert.deepEqual(defaultPeriod('2026-05-31'), { from: '2026-02-28', to: '2026-05-31' }, 'month ends are clamped');
    assert.deepEqual(previousPeriod({ from: '2026-08-28', to: '2026-11-28' }), {
      from: '2026-05-27',
      to: '2026-08-27',
    });
    assert.equal(addMonths('2026-11-28', 3), '2027-02-28');
    assert.equal(londonToday(new Date('2026-03-29T23:30:00Z')), '2026-03-30', 'British Summer Time has begun');
    assert.equal(londonToday(new Date('2026-01-15T23:30:00Z')), '2026-01-15');
  });

  test('the period before never overlaps and is the same number of days', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 400 }), (start, length) => {
        const from = DateTime.fromISO('2024-01-01').plus({ days: start });
        const period = { from: from.toISODate() ?? '', to: from.plus({ days: length }).toISODate() ?? '' };
        const before = previousPeriod(period);
        assert.equal(DateTime.fromISO(before.to).plus({ days: 1 }).toISODate(), period.from);
        assert.equal(Math.round(DateTime.fromISO(before.to).diff(DateTime.fromISO(before.from), 'days').days), length);
      }),
    );
  });

  test('months touched by a period, with names', () => {
    assert.deepEqual(monthsOf({ from: '2026-08-28', to: '2026-11-28' }), ['2026-08', '2026-09', '2026-10', '2026-11']);
    assert.deepEqual(monthsOf({ from: '2026-12-15', to: '2027-01-02' }), ['2026-12', '2027-01']);
    assert.equal(monthLabel('2026-03'), 'March 2026');
  });

  test('change is shown with its direction and percentage', () => {
    assert.equal(percentChange(19, 5), 280);
    assert.equal(percentChange(3, 0), null);
    assert.equal(describeChange(14, 280), '+14 (up 280%)');
    assert.equal(describeChange(-3, -10), '−3 (down 10%)');
    assert.equal(describeChange(4, null), '+4');
    assert.equal(describeChange(0, 0), 'No change');
  });

  test('leader cover reads naturally', () => {
    const base = {
      period: { from: '2026-01-01', to: '2026-03-31' },
      sessions: { delivered: 0, cancelled: 0, notRecorded: 0 },
      attendances: 0,
      newAttendees: 0,
      months: [],
      previous: { period: { from: '2025-10-02', to: '2025-12-31' }, sessions: 0, attendances: 0 },
      attendanceChange: 0,
      attendanceChangePercent: null,
      championMinutes: 0,
      cost: { pencePerSession: 0, note: '', attendancesAtPricePence: 0 },
      expenses: { approvedPence: 0, items: 0, champions: 0, sharedDayItems: 0, sharedDayPence: 0 },
      introductions: { madeInPeriod: 0, pending: 0, joined: 0, declined: 0 },
    };
    const cover = (leads: number, cleared: number, rolesNeeded: number) =>
      figureRows({ ...base, leaders: { leads, cleared, rolesNeeded } }).find((row) => row.key === 'leader-cover')?.text;
    assert.equal(cover(0, 0, 2), 'No lead champions');
    assert.equal(cover(1, 1, 1), '1 of 1 lead champion is cleared for the role it needs');
    assert.equal(cover(3, 2, 0), '2 of 3 lead champions are cleared for the activity');
  });

  test('the cost to attendees and the champions’ expenses read as money, saying what was left out', () => {
    assert.equal(describeAttendeeCost({ pencePerSession: 0, note: '', attendancesAtPricePence: 0 }, 19), 'Free');
    assert.equal(
      describeAttendeeCost({ pencePerSession: 0, note: 'donations welcome', attendancesAtPricePence: 0 }, 19),
      'Free (donations welcome)',
    );
    assert.equal(
      describeAttendeeCost({ pencePerSession: 250, note: 'concessions free', attendancesAtPricePence: 4750 }, 19),
      '£2.50 a session (concessions free): at most £47.50 from 19 attendances at that price',
    );
    assert.equal(
      describeAttendeeCost({ pencePerSession: 120_000, note: '', attendancesAtPricePence: 120_000 }, 1),
      '£1,200.00 a session: at most £1,200.00 from 1 attendance at that price',
    );
    const none = { approvedPence: 0, items: 0, champions: 0, sharedDayItems: 0, sharedDayPence: 0 };
    assert.equal(describeExpenses(none), 'None approved for days champions gave time only at its sessions');
    assert.equal(
      describeExpenses({ ...none, approvedPence: 1840, items: 3, champions: 2 }),
      '£18.40 in 3 items from 2 champions, for days they gave time only at its sessions',
    );
    assert.equal(
      describeExpenses({ ...none, approvedPence: 450, items: 1, champions: 1, sharedDayItems: 1, sharedDayPence: 900 }),
      '£4.50 in 1 item from 1 champion, for days they gave time only at its sessions. Not counted: £9.00 in 1 item from days they also gave time elsewhere',
    );
  });
});
