import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { DEMO_ACTIVITIES, EVERY_ACTIVITY_STATUS } from './activities-catalogue.ts';
import { eventDate, movesFor, schedulesFor } from './activities-plan.ts';
import {
  bankHolidays,
  easterSunday,
  isSchoolHoliday,
  seasonalFactor,
  sessionCounts,
  snowDays,
} from './activities-seasons.ts';
import { seededRandom } from './random.ts';

describe('the demo calendar', () => {
  test("England's bank holidays, with weekend ones moved to the next free weekday", () => {
    assert.equal(easterSunday(2026), '2026-04-05');
    assert.deepEqual([...bankHolidays(2026).keys()].sort(), [
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-04',
      '2026-05-25',
      '2026-08-31',
      '2026-12-25',
      '2026-12-28',
    ]);
    // 2027: Christmas on a Saturday and Boxing Day on a Sunday become Monday and Tuesday.
    assert.ok(bankHolidays(2027).has('2027-12-27') && bankHolidays(2027).has('2027-12-28'));
    assert.ok(bankHolidays(2022).has('2022-01-03'), 'New Year’s Day on a Saturday moves to Monday');
  });

  test('school holidays, snow days and the seasons', () => {
    assert.ok(isSchoolHoliday('2026-08-10') && isSchoolHoliday('2026-04-07') && !isSchoolHoliday('2026-06-10'));
    assert.equal(snowDays(2026).size, 4);
    assert.deepEqual(snowDays(2026), snowDays(2026), 'the same every time');
    assert.ok(seasonalFactor('walk', '2026-01-15') < seasonalFactor('walk', '2026-06-15'));
    assert.ok(seasonalFactor('parents', '2026-08-10') < seasonalFactor('parents', '2026-06-10'));
    assert.ok(seasonalFactor('social', '2026-12-28') < seasonalFactor('social', '2026-03-10'));
    assert.equal(eventDate('christmas_dinner', 2026), '2026-12-19');
    assert.equal(eventDate('fun_day', 2026), '2026-07-11');
  });

  test('a session’s counts: new people, referrals and people supported never exceed the people who came', () => {
    const routes = ['self', 'reception', 'gp', 'link_worker'] as const;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.constantFrom(
          ...([
            'walk',
            'parents',
            'parents_walk',
            'social',
            'exercise',
            'greeting',
            'flu',
            'event',
            'one_to_one',
            'research',
          ] as const),
        ),
        fc.integer({ min: 0, max: 500 }),
        fc.option(fc.integer({ min: 1, max: 60 }), { nil: null }),
        fc.subarray([...routes]),
        fc.boolean(),
        fc.integer({ min: 0, max: 364 }),
        (seed, pattern, usual, capacity, accepted, serviceSupport, day) => {
          const date = new Date(Date.UTC(2026, 0, 1 + day)).toISOString().slice(0, 10);
          const counts = sessionCounts(
            { pattern, usual, capacity, routes: accepted, serviceSupport, weeksRunning: day % 30 },
            date,
            seededRandom(seed),
          );
          const referred = Object.values(counts.referred).reduce((sum, count) => sum + count, 0);
          assert.ok(counts.newAttendees <= counts.headCount && referred <= counts.headCount);
          assert.ok(routes.filter((route) => !accepted.includes(route)).every((route) => counts.referred[route] === 0));
          assert.equal(counts.peopleSupported === null, !serviceSupport);
          assert.ok((counts.peopleSupported ?? 0) <= counts.headCount);
        },
      ),
    );
  });
});

describe('the demo activities', () => {
  const now = new Date('2026-11-28T16:00:00Z');

  test('every stage of the lifecycle, each reached through the moves before it', () => {
    assert.deepEqual([...new Set(DEMO_ACTIVITIES.map((def) => def.status))].sort(), EVERY_ACTIVITY_STATUS);
    assert.equal(new Set(DEMO_ACTIVITIES.map((def) => def.key)).size, DEMO_ACTIVITIES.length, 'keys are unique');
    for (const def of DEMO_ACTIVITIES) {
      const moves = movesFor(def, now);
      assert.equal(moves[0]?.to, 'idea');
      assert.equal(moves.at(-1)?.to, def.status);
      assert.ok(
        moves.every((move, index) => index === 0 || (moves[index - 1]?.at ?? now) < move.at),
        `${def.key}: moves in order`,
      );
      assert.ok((moves.at(-1)?.at ?? now) < now);
    }
  });

  test('schedules: the flu clinic only in the autumn, one-offs on their dates, repeating ones from when it started', () => {
    const window = { from: '2025-11-28', to: '2027-02-20' };
    const flu = DEMO_ACTIVITIES.find((def) => def.key === 'canal-flu');
    assert.ok(flu);
    assert.deepEqual(
      schedulesFor(flu, window, '2024-01-01', null).map((planned) => [planned.rule.startsOn, planned.rule.endsOn]),
      [
        ['2025-10-01', '2025-11-30'],
        ['2026-10-01', '2026-11-30'],
      ],
    );
    const dinner = DEMO_ACTIVITIES.find((def) => def.key === 'canal-christmas');
    assert.ok(dinner);
    assert.deepEqual(
      schedulesFor(dinner, window, '2025-01-01', null).map((planned) => [
        planned.rule.frequency,
        planned.rule.startsOn,
      ]),
      [
        ['once', '2025-12-13'],
        ['once', '2026-12-19'],
      ],
    );
    const greeting = DEMO_ACTIVITIES.find((def) => def.key === 'canal-greeting');
    assert.ok(greeting);
    assert.deepEqual(
      schedulesFor(greeting, window, '2025-06-02', null).map((planned) => planned.rule.weekday),
      [1, 2, 3, 4, 5],
    );
  });
});
