import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { addDays, formatClock, isoWeekday, londonInstant } from '../../../lib/dates.ts';
import {
  describeSchedule,
  firstDate,
  occurrenceDates,
  occurrencesBetween,
  rruleFor,
  type ScheduleRule,
} from './recurrence.rules.ts';

const weekly = (overrides: Partial<ScheduleRule> = {}): ScheduleRule => ({
  frequency: 'weekly',
  startsOn: '2026-01-04',
  endsOn: null,
  weekday: 7,
  weekOfMonth: null,
  startTime: '10:00',
  endTime: '11:00',
  ...overrides,
});
const starts = (rule: ScheduleRule, from: string, to: string) =>
  occurrencesBetween(rule, from, to).map((occurrence) => [occurrence.localDate, occurrence.startsAt.toISOString()]);

describe('recurrence across the clock changes (Europe/London)', () => {
  test('a weekly Sunday 10am session stays 10am in London either side of 29 March 2026 (10:00Z in GMT, 09:00Z in BST)', () => {
    assert.deepEqual(starts(weekly(), '2026-03-15', '2026-04-05'), [
      ['2026-03-15', '2026-03-15T10:00:00.000Z'],
      ['2026-03-22', '2026-03-22T10:00:00.000Z'],
      ['2026-03-29', '2026-03-29T09:00:00.000Z'],
      ['2026-04-05', '2026-04-05T09:00:00.000Z'],
    ]);
  });

  test('a weekly Tuesday 10am session either side of the March change', () => {
    assert.deepEqual(starts(weekly({ weekday: 2 }), '2026-03-20', '2026-04-01'), [
      ['2026-03-24', '2026-03-24T10:00:00.000Z'],
      ['2026-03-31', '2026-03-31T09:00:00.000Z'],
    ]);
  });

  test('a weekly Sunday and Tuesday 10am session either side of 25 October 2026 (09:00Z in BST, 10:00Z in GMT)', () => {
    assert.deepEqual(starts(weekly(), '2026-10-18', '2026-11-01'), [
      ['2026-10-18', '2026-10-18T09:00:00.000Z'],
      ['2026-10-25', '2026-10-25T10:00:00.000Z'],
      ['2026-11-01', '2026-11-01T10:00:00.000Z'],
    ]);
    assert.deepEqual(starts(weekly({ weekday: 2 }), '2026-10-19', '2026-10-28'), [
      ['2026-10-20', '2026-10-20T09:00:00.000Z'],
      ['2026-10-27', '2026-10-27T10:00:00.000Z'],
    ]);
  });

  test('the end of a session keeps its London time too', () => {
    const [sunday] = occurrencesBetween(weekly({ startTime: '10:00', endTime: '11:30' }), '2026-03-29', '2026-03-29');
    assert.equal(sunday?.endsAt.toISOString(), '2026-03-29T10:30:00.000Z');
  });

  test('fortnightly on Tuesdays at 2pm, across both changes, counted from the first Tuesday', () => {
    const rule = weekly({
      frequency: 'fortnightly',
      weekday: 2,
      startsOn: '2026-03-03',
      startTime: '14:00',
      endTime: '15:00',
    });
    assert.deepEqual(starts(rule, '2026-03-01', '2026-04-01'), [
      ['2026-03-03', '2026-03-03T14:00:00.000Z'],
      ['2026-03-17', '2026-03-17T14:00:00.000Z'],
      ['2026-03-31', '2026-03-31T13:00:00.000Z'],
    ]);
    assert.deepEqual(starts(rule, '2026-10-10', '2026-11-05'), [
      ['2026-10-13', '2026-10-13T13:00:00.000Z'],
      ['2026-10-27', '2026-10-27T14:00:00.000Z'],
    ]);
  });

  test('fortnightly from a Wednesday starts on the next Tuesday, not a fortnight later', () => {
    const rule = weekly({ frequency: 'fortnightly', weekday: 2, startsOn: '2026-03-04' });
    assert.deepEqual(occurrenceDates(rule, '2026-03-01', '2026-04-01'), ['2026-03-10', '2026-03-24']);
    assert.equal(firstDate(rule), '2026-03-10');
  });

  test('the second Tuesday of every month, across both changes', () => {
    const rule = weekly({
      frequency: 'monthly_weekday',
      weekday: 2,
      weekOfMonth: 2,
      startsOn: '2026-02-01',
      startTime: '14:00',
      endTime: '15:00',
    });
    assert.deepEqual(starts(rule, '2026-02-01', '2026-04-30'), [
      ['2026-02-10', '2026-02-10T14:00:00.000Z'],
      ['2026-03-10', '2026-03-10T14:00:00.000Z'],
      ['2026-04-14', '2026-04-14T13:00:00.000Z'],
    ]);
    assert.deepEqual(starts(rule, '2026-10-01', '2026-11-30'), [
      ['2026-10-13', '2026-10-13T13:00:00.000Z'],
      ['2026-11-10', '2026-11-10T14:00:00.000Z'],
    ]);
  });

  test('the last Friday of every month, and the last Sunday (the change days themselves)', () => {
    const friday = weekly({ frequency: 'monthly_weekday', weekday: 5, weekOfMonth: -1, startsOn: '2026-01-01' });
    assert.deepEqual(occurrenceDates(friday, '2026-01-01', '2026-12-31'), [
      '2026-01-30',
      '2026-02-27',
      '2026-03-27',
      '2026-04-24',
      '2026-05-29',
      '2026-06-26',
      '2026-07-31',
      '2026-08-28',
      '2026-09-25',
      '2026-10-30',
      '2026-11-27',
      '2026-12-25',
    ]);
    const sunday = weekly({ frequency: 'monthly_weekday', weekday: 7, weekOfMonth: -1, startsOn: '2026-01-01' });
    assert.deepEqual(starts(sunday, '2026-03-01', '2026-03-31'), [['2026-03-29', '2026-03-29T09:00:00.000Z']]);
    assert.deepEqual(starts(sunday, '2026-10-01', '2026-10-31'), [['2026-10-25', '2026-10-25T10:00:00.000Z']]);
  });

  test('exception dates are skipped, and the end date is respected', () => {
    const rule = weekly({ weekday: 2, startsOn: '2026-03-03', endsOn: '2026-03-31', exceptions: ['2026-03-17'] });
    assert.deepEqual(occurrenceDates(rule, '2026-01-01', '2026-12-31'), [
      '2026-03-03',
      '2026-03-10',
      '2026-03-24',
      '2026-03-31',
    ]);
    assert.deepEqual(occurrenceDates(rule, '2026-01-01', '2026-12-31', { withExceptions: false }), [
      '2026-03-03',
      '2026-03-10',
      '2026-03-17',
      '2026-03-24',
      '2026-03-31',
    ]);
    assert.deepEqual(
      occurrenceDates(rule, '2026-03-11', '2026-03-20'),
      [],
      'only the skipped date falls in this window',
    );
  });

  test('skipping the March change day (Sunday 29 March 2026), or the day before or after, leaves the neighbours at their own UTC times', () => {
    assert.deepEqual(starts(weekly({ exceptions: ['2026-03-29'] }), '2026-03-15', '2026-04-12'), [
      ['2026-03-15', '2026-03-15T10:00:00.000Z'],
      ['2026-03-22', '2026-03-22T10:00:00.000Z'],
      ['2026-04-05', '2026-04-05T09:00:00.000Z'],
      ['2026-04-12', '2026-04-12T09:00:00.000Z'],
    ]);
    assert.deepEqual(starts(weekly({ weekday: 6, exceptions: ['2026-03-28'] }), '2026-03-21', '2026-04-04'), [
      ['2026-03-21', '2026-03-21T10:00:00.000Z'],
      ['2026-04-04', '2026-04-04T09:00:00.000Z'],
    ]);
    assert.deepEqual(starts(weekly({ weekday: 1, exceptions: ['2026-03-30'] }), '2026-03-23', '2026-04-06'), [
      ['2026-03-23', '2026-03-23T10:00:00.000Z'],
      ['2026-04-06', '2026-04-06T09:00:00.000Z'],
    ]);
  });

  test('skipping the October change day (Sunday 25 October 2026), or the day before or after, leaves the neighbours at their own UTC times', () => {
    assert.deepEqual(starts(weekly({ exceptions: ['2026-10-25'] }), '2026-10-11', '2026-11-08'), [
      ['2026-10-11', '2026-10-11T09:00:00.000Z'],
      ['2026-10-18', '2026-10-18T09:00:00.000Z'],
      ['2026-11-01', '2026-11-01T10:00:00.000Z'],
      ['2026-11-08', '2026-11-08T10:00:00.000Z'],
    ]);
    assert.deepEqual(starts(weekly({ weekday: 6, exceptions: ['2026-10-24'] }), '2026-10-17', '2026-10-31'), [
      ['2026-10-17', '2026-10-17T09:00:00.000Z'],
      ['2026-10-31', '2026-10-31T10:00:00.000Z'],
    ]);
    assert.deepEqual(starts(weekly({ weekday: 1, exceptions: ['2026-10-26'] }), '2026-10-19', '2026-11-02'), [
      ['2026-10-19', '2026-10-19T09:00:00.000Z'],
      ['2026-11-02', '2026-11-02T10:00:00.000Z'],
    ]);
  });

  test('a fortnightly Sunday that falls on both change days, skipped there, keeps its fortnight and its London time', () => {
    const rule = weekly({ frequency: 'fortnightly', startsOn: '2026-03-15', exceptions: ['2026-03-29', '2026-10-25'] });
    assert.deepEqual(starts(rule, '2026-03-01', '2026-04-30'), [
      ['2026-03-15', '2026-03-15T10:00:00.000Z'],
      ['2026-04-12', '2026-04-12T09:00:00.000Z'],
      ['2026-04-26', '2026-04-26T09:00:00.000Z'],
    ]);
    assert.deepEqual(starts(rule, '2026-10-01', '2026-11-30'), [
      ['2026-10-11', '2026-10-11T09:00:00.000Z'],
      ['2026-11-08', '2026-11-08T10:00:00.000Z'],
      ['2026-11-22', '2026-11-22T10:00:00.000Z'],
    ]);
  });

  test('the last Sunday of the month, skipped on both change days: the months either side are unmoved', () => {
    const rule = weekly({
      frequency: 'monthly_weekday',
      weekOfMonth: -1,
      startsOn: '2026-01-01',
      exceptions: ['2026-03-29', '2026-10-25'],
    });
    assert.deepEqual(starts(rule, '2026-02-01', '2026-05-01'), [
      ['2026-02-22', '2026-02-22T10:00:00.000Z'],
      ['2026-04-26', '2026-04-26T09:00:00.000Z'],
    ]);
    assert.deepEqual(starts(rule, '2026-09-01', '2026-11-30'), [
      ['2026-09-27', '2026-09-27T09:00:00.000Z'],
      ['2026-11-29', '2026-11-29T10:00:00.000Z'],
    ]);
  });

  test('a one-off session happens once, unless skipped or outside the window', () => {
    const once = weekly({ frequency: 'once', weekday: null, startsOn: '2026-06-13' });
    assert.deepEqual(occurrenceDates(once, '2026-01-01', '2026-12-31'), ['2026-06-13']);
    assert.deepEqual(occurrenceDates(once, '2026-06-14', '2026-12-31'), []);
    assert.deepEqual(occurrenceDates({ ...once, exceptions: ['2026-06-13'] }, '2026-01-01', '2026-12-31'), []);
  });

  test('01:30 on the day the clocks go forward does not exist: it moves forward an hour to 02:30 BST (01:30Z)', () => {
    assert.equal(londonInstant('2026-03-29', '01:30').toISOString(), '2026-03-29T01:30:00.000Z');
    const [session] = occurrencesBetween(
      weekly({ frequency: 'once', weekday: null, startsOn: '2026-03-29', startTime: '01:30', endTime: '02:15' }),
      '2026-03-29',
      '2026-03-29',
    );
    assert.equal(session?.startsAt.toISOString(), '2026-03-29T01:30:00.000Z');
    assert.equal(session?.endsAt.toISOString(), '2026-03-29T02:15:00.000Z', 'it keeps its 45 minutes');
  });

  test('01:30 on the day the clocks go back happens twice: the first (01:30 BST, 00:30Z) is meant', () => {
    assert.equal(londonInstant('2026-10-25', '01:30').toISOString(), '2026-10-25T00:30:00.000Z');
    assert.equal(londonInstant('2026-10-25', '00:59').toISOString(), '2026-10-24T23:59:00.000Z');
    assert.equal(londonInstant('2026-10-25', '02:00').toISOString(), '2026-10-25T02:00:00.000Z');
  });

  test('the server time zone makes no difference', () => {
    const original = process.env.TZ;
    try {
      for (const zone of ['UTC', 'America/New_York', 'Pacific/Kiritimati']) {
        process.env.TZ = zone;
        assert.deepEqual(
          starts(weekly(), '2026-03-22', '2026-03-29'),
          [
            ['2026-03-22', '2026-03-22T10:00:00.000Z'],
            ['2026-03-29', '2026-03-29T09:00:00.000Z'],
          ],
          zone,
        );
      }
    } finally {
      if (original === undefined) {
        delete process.env.TZ;
      } else {
        process.env.TZ = original;
      }
    }
  });
});

describe('the rule as RFC 5545 and in plain English', () => {
  test('RRULE strings', () => {
    assert.equal(rruleFor(weekly({ weekday: 2 })), 'FREQ=WEEKLY;BYDAY=TU');
    assert.equal(rruleFor(weekly({ frequency: 'fortnightly', weekday: 2 })), 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU');
    assert.equal(
      rruleFor(weekly({ frequency: 'monthly_weekday', weekday: 2, weekOfMonth: 2 })),
      'FREQ=MONTHLY;BYDAY=2TU',
    );
    assert.equal(
      rruleFor(weekly({ frequency: 'monthly_weekday', weekday: 5, weekOfMonth: -1 })),
      'FREQ=MONTHLY;BYDAY=-1FR',
    );
    assert.equal(rruleFor(weekly({ frequency: 'once', weekday: null })), '');
    // UNTIL is the last session's start in UTC: 10am BST on 30 June is 09:00Z.
    assert.equal(rruleFor(weekly({ weekday: 2, endsOn: '2026-06-30' })), 'FREQ=WEEKLY;BYDAY=TU;UNTIL=20260630T090000Z');
  });

  test('descriptions', () => {
    assert.equal(
      describeSchedule(
        weekly({ frequency: 'fortnightly', weekday: 2, startsOn: '2026-03-03', startTime: '14:00', endTime: '15:00' }),
      ),
      'Every other Tuesday, 2pm to 3pm, from 3 March 2026',
    );
    assert.equal(
      describeSchedule(
        weekly({
          frequency: 'monthly_weekday',
          weekday: 2,
          weekOfMonth: 2,
          startsOn: '2026-03-01',
          startTime: '14:00:00',
          endTime: '15:00:00',
        }),
      ),
      'The second Tuesday of every month, 2pm to 3pm, from 10 March 2026',
    );
    assert.equal(
      describeSchedule(
        weekly({
          frequency: 'monthly_weekday',
          weekday: 5,
          weekOfMonth: -1,
          startsOn: '2026-03-01',
          endsOn: '2026-12-31',
          startTime: '10:30',
          endTime: '12:00',
        }),
      ),
      'The last Friday of every month, 10:30am to midday, from 27 March 2026 until 31 December 2026',
    );
    assert.equal(
      describeSchedule(weekly({ weekday: 1, startsOn: '2026-03-02', startTime: '09:00', endTime: '09:45' })),
      'Every Monday, 9am to 9:45am, from 2 March 2026',
    );
    assert.equal(
      describeSchedule(
        weekly({ frequency: 'once', weekday: null, startsOn: '2026-10-03', startTime: '09:00', endTime: '13:00' }),
      ),
      'Once, on Saturday 3 October 2026, 9am to 1pm',
    );
  });

  test('times as NHS.UK writes them', () => {
    assert.deepEqual(['00:00', '00:30', '09:05', '12:00', '12:30', '13:00', '23:59'].map(formatClock), [
      'midnight',
      '12:30am',
      '9:05am',
      'midday',
      '12:30pm',
      '1pm',
      '11:59pm',
    ]);
  });
});

const rules = fc.record({
  frequency: fc.constantFrom('once', 'weekly', 'fortnightly', 'monthly_weekday') as fc.Arbitrary<
    ScheduleRule['frequency']
  >,
  startOffset: fc.integer({ min: 0, max: 1400 }),
  length: fc.option(fc.integer({ min: 0, max: 500 }), { nil: null }),
  weekday: fc.integer({ min: 1, max: 7 }),
  weekOfMonth: fc.constantFrom(1, 2, 3, 4, -1),
  hour: fc.integer({ min: 0, max: 22 }),
  minute: fc.integer({ min: 0, max: 59 }),
  exceptionOffsets: fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 8 }),
});

type RuleInput = typeof rules extends fc.Arbitrary<infer T> ? T : never;

function ruleFrom(input: RuleInput): ScheduleRule {
  const startsOn = addDays('2025-01-01', input.startOffset);
  const clock = `${String(input.hour).padStart(2, '0')}:${String(input.minute).padStart(2, '0')}`;
  return {
    frequency: input.frequency,
    startsOn,
    endsOn: input.length === null ? null : addDays(startsOn, input.length),
    weekday: input.frequency === 'once' ? null : input.weekday,
    weekOfMonth: input.frequency === 'monthly_weekday' ? input.weekOfMonth : null,
    startTime: clock,
    endTime: `${String(input.hour + 1).padStart(2, '0')}:${String(input.minute).padStart(2, '0')}`,
    exceptions: input.exceptionOffsets.map((offset) => addDays(startsOn, offset)),
  };
}

/** The last Sunday of March of a date's year: the day 01:00 to 01:59 does not exist. */
function springForward(iso: string): string {
  const endOfMarch = `${iso.slice(0, 4)}-03-31`;
  return addDays(endOfMarch, -(isoWeekday(endOfMarch) % 7));
}

describe('recurrence properties (fast-check)', () => {
  test('every session starts at the schedule time on the London clock, on the right day, never on an exception, in order, once', () => {
    fc.assert(
      fc.property(
        rules,
        fc.integer({ min: 0, max: 1500 }),
        fc.integer({ min: 0, max: 200 }),
        (input, fromOffset, span) => {
          const rule = ruleFrom(input);
          const from = addDays('2025-01-01', fromOffset);
          const to = addDays(from, span);
          const sessions = occurrencesBetween(rule, from, to);
          const dates = sessions.map((session) => session.localDate);
          assert.deepEqual(dates, [...new Set(dates)].sort(), 'in order, no duplicates');
          for (const session of sessions) {
            const local = DateTime.fromJSDate(session.startsAt, { zone: 'Europe/London' });
            assert.equal(local.toISODate(), session.localDate, 'on its London date');
            const skipped = input.hour === 1 && session.localDate === springForward(session.localDate);
            const expected = skipped ? `02:${rule.startTime.slice(3)}` : rule.startTime;
            assert.equal(local.toFormat('HH:mm'), expected, 'at the schedule time on the London clock');
            assert.ok(session.endsAt > session.startsAt);
            assert.ok(!(rule.exceptions ?? []).includes(session.localDate), 'never on an exception date');
            assert.ok(
              session.localDate >= from && session.localDate <= to && session.localDate >= rule.startsOn,
              'within the window',
            );
            assert.ok(rule.endsOn === null || session.localDate <= rule.endsOn, 'not after the end date');
            if (rule.frequency === 'once') {
              assert.equal(session.localDate, rule.startsOn);
            } else {
              assert.equal(isoWeekday(session.localDate), rule.weekday, 'on the right weekday');
            }
            if (rule.frequency === 'monthly_weekday') {
              const day = Number(session.localDate.slice(8));
              const inMonth = addDays(session.localDate, 7).slice(5, 7) !== session.localDate.slice(5, 7);
              assert.ok(
                rule.weekOfMonth === -1 ? inMonth : Math.ceil(day / 7) === rule.weekOfMonth,
                'the right week of the month',
              );
            }
          }
          for (let index = 1; index < dates.length; index += 1) {
            const gap = DateTime.fromISO(dates[index] ?? '').diff(
              DateTime.fromISO(dates[index - 1] ?? ''),
              'days',
            ).days;
            if (rule.frequency === 'weekly') {
              assert.equal(gap % 7, 0);
            } else if (rule.frequency === 'fortnightly') {
              assert.equal(gap % 14, 0);
            }
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  test('without exceptions, a weekly schedule misses no week in the window', () => {
    fc.assert(
      fc.property(rules, (input) => {
        const rule = {
          ...ruleFrom(input),
          frequency: 'weekly' as const,
          weekday: input.weekday,
          weekOfMonth: null,
          exceptions: [],
        };
        const to = addDays(rule.startsOn, 120);
        const dates = occurrenceDates(rule, rule.startsOn, to);
        const expected = rule.endsOn === null || rule.endsOn > to ? to : rule.endsOn;
        const first = firstDate(rule);
        const count =
          first && first <= expected
            ? Math.floor(DateTime.fromISO(expected).diff(DateTime.fromISO(first), 'days').days / 7) + 1
            : 0;
        assert.equal(dates.length, count);
      }),
      { numRuns: 200 },
    );
  });
});
