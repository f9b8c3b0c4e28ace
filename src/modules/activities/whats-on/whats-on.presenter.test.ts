import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  type ScheduleShape,
  describeCost,
  describeSchedule,
  describeStart,
  joinPhrases,
  presentSession,
  shortDescription,
  venueLine,
} from './whats-on.presenter.ts';
import { parseWhatsOnQuery } from './whats-on.schemas.ts';

const weekly: ScheduleShape = {
  frequency: 'weekly',
  weekday: 2,
  week_of_month: null,
  starts_on: '2026-01-06',
  ends_on: null,
  start_time: '14:00:00',
  end_time: '15:00:00',
};

describe("what's on: plain English for patients", () => {
  test('schedules read the way people say them', () => {
    const today = '2026-11-28';
    const cases: [Partial<ScheduleShape>, string][] = [
      [{}, 'Tuesdays, 2pm to 3pm'],
      [
        { frequency: 'fortnightly', weekday: 5, start_time: '10:30', end_time: '11:45' },
        'Every other Friday, 10:30am to 11:45am',
      ],
      [{ frequency: 'monthly_weekday', weekday: 2, week_of_month: 2 }, 'Second Tuesday of the month, 2pm to 3pm'],
      [
        { frequency: 'monthly_weekday', weekday: 5, week_of_month: -1, start_time: '12:00', end_time: '13:30' },
        'Last Friday of the month, midday to 1:30pm',
      ],
      [
        { frequency: 'once', weekday: null, starts_on: '2026-12-05', start_time: '10:00', end_time: '13:00' },
        'Saturday 5 December 2026, 10am to 1pm',
      ],
      [{ starts_on: '2027-01-05' }, 'Tuesdays, 2pm to 3pm from 5 January 2027'],
      [{ ends_on: '2027-03-30' }, 'Tuesdays, 2pm to 3pm until 30 March 2027'],
      [{ weekday: 7, start_time: '00:00', end_time: '09:05' }, 'Sundays, midnight to 9:05am'],
    ];
    for (const [change, expected] of cases) {
      assert.equal(describeSchedule({ ...weekly, ...change }, today), expected);
    }
  });

  test('cost, venue, the ways in and the next session', () => {
    assert.equal(describeCost(0, ''), 'Free');
    assert.equal(describeCost(350, ''), '£3.50');
    assert.equal(describeCost(300, ' Tea included '), '£3.00 (Tea included)');
    assert.equal(describeCost(0, 'Donations welcome'), 'Free (Donations welcome)');
    assert.equal(
      venueLine({ venue_name: 'Community room', venue_address: ' 1 Canal Street ', venue_postcode: '' }),
      'Community room, 1 Canal Street',
    );
    assert.deepEqual(joinPhrases(['link_worker', 'self', 'unknown']), [
      'Just turn up',
      'Ask your social prescribing link worker',
    ]);
    assert.deepEqual(joinPhrases(['gp', 'reception']), ['Ask at reception', 'Ask your GP']);
    // 09:00 UTC in summer is 10am in London; in winter 10:00 UTC is 10am.
    assert.equal(describeStart(new Date('2026-07-07T09:00:00Z')), 'Tuesday 7 July 2026, 10am');
    assert.equal(describeStart(new Date('2026-12-01T10:00:00Z')), 'Tuesday 1 December 2026, 10am');
  });

  test('a session: its date and times in London, its own venue only when different, and why it was cancelled', () => {
    const session = {
      starts_at: new Date('2026-03-30T09:00:00Z'),
      ends_at: new Date('2026-03-30T10:30:00Z'),
      status: 'cancelled' as const,
      cancel_reason: 'Bank holiday',
      venue_name: 'The library',
    };
    assert.deepEqual(presentSession(session, 'Community room'), {
      date: 'Monday 30 March 2026',
      time: '10am to 11:30am',
      venue: 'The library',
      cancelled: true,
      cancelReason: 'Bank holiday',
    });
    assert.equal(
      presentSession({ ...session, status: 'scheduled', venue_name: 'Community room' }, 'Community room').venue,
      '',
    );
    assert.equal(presentSession({ ...session, status: 'scheduled' }, '').cancelReason, '');
  });

  test('a long description is cut at a word with an ellipsis', () => {
    const text = `${'word '.repeat(80)}end`;
    const short = shortDescription(text, 50);
    assert.ok(short.length <= 51 && short.endsWith('…') && !short.includes('wor…'));
    assert.equal(shortDescription('  Two\n lines  '), 'Two lines');
  });
});

describe("what's on: reading the filters", () => {
  test('days, a category and free only; unknown fields ignored', () => {
    const result = parseWhatsOnQuery({
      day: ['thursday', 'tuesday', 'tuesday'],
      category: 'physical-activity',
      cost: 'free',
      utm: 'x',
    });
    assert.ok(result.ok);
    assert.deepEqual(result.filters, { days: [2, 4], category: 'physical-activity', freeOnly: true });
    assert.deepEqual(result.values, { day: ['thursday', 'tuesday'], category: 'physical-activity', cost: 'free' });
    const empty = parseWhatsOnQuery({ day: '', category: '', cost: '' });
    assert.ok(empty.ok);
    assert.deepEqual(empty.filters, { days: [], category: undefined, freeOnly: false });
  });

  test('unknown values are field errors, with the good choices kept', () => {
    const result = parseWhatsOnQuery({ day: ['funday', 'monday'], category: 'juggling', cost: 'cheap' });
    assert.ok(!result.ok);
    assert.deepEqual(Object.keys(result.errors), ['day', 'category', 'cost']);
    assert.deepEqual(result.values.day, ['monday']);
  });

  test('never throws, whatever arrives', () => {
    const anything = fc.oneof(
      fc.string(),
      fc.array(fc.string(), { maxLength: 10 }),
      fc.constant(undefined),
      fc.integer(),
      fc.object(),
    );
    fc.assert(
      fc.property(fc.record({ day: anything, category: anything, cost: anything }, { requiredKeys: [] }), (query) => {
        const result = parseWhatsOnQuery(query);
        assert.ok(result.ok || Object.keys(result.errors).length > 0);
        assert.ok(result.values.category.length <= 100 && result.values.cost.length <= 100);
      }),
    );
  });
});
