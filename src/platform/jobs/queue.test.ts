import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { londonWallClock } from '../../lib/dates.ts';
import { nextDailyRun } from './queue.ts';

/** Runs a daily job from `start` for `days` days, each run scheduling the next (as the worker does). */
function runsFrom(time: string, start: string, days: number): string[] {
  const runs: string[] = [];
  let next = nextDailyRun(time, new Date(start));
  for (let day = 0; day < days; day += 1) {
    runs.push(next.toISOString());
    // The job takes a few seconds; the next run is worked out when it finishes.
    next = nextDailyRun(time, new Date(next.getTime() + 5_000));
  }
  return runs;
}

describe('daily jobs: 02:30 UK time, whatever the clocks do', () => {
  const CASES: [name: string, from: string, expected: string][] = [
    ['in winter (GMT), 02:30 is 02:30 UTC', '2026-01-15T12:00:00Z', '2026-01-16T02:30:00.000Z'],
    ['in summer (BST), 02:30 is 01:30 UTC', '2026-07-15T12:00:00Z', '2026-07-16T01:30:00.000Z'],
    [
      'the day the clocks go forward (29 March 2026), 02:30 BST is 01:30 UTC',
      '2026-03-28T12:00:00Z',
      '2026-03-29T01:30:00.000Z',
    ],
    [
      'just before the clocks go forward, the run is still that night',
      '2026-03-29T00:59:00Z',
      '2026-03-29T01:30:00.000Z',
    ],
    [
      'after the clocks go forward, the next run is 02:30 BST next day',
      '2026-03-29T01:30:05Z',
      '2026-03-30T01:30:00.000Z',
    ],
    [
      'the day the clocks go back (25 October 2026), 02:30 GMT is 02:30 UTC',
      '2026-10-24T12:00:00Z',
      '2026-10-25T02:30:00.000Z',
    ],
    [
      'during the repeated hour (first 01:30), the run is still to come',
      '2026-10-25T00:30:00Z',
      '2026-10-25T02:30:00.000Z',
    ],
    [
      'during the repeated hour (second 01:30), the run is still to come',
      '2026-10-25T01:30:00Z',
      '2026-10-25T02:30:00.000Z',
    ],
    [
      'after the clocks go back, the next run is 02:30 GMT next day',
      '2026-10-25T02:30:05Z',
      '2026-10-26T02:30:00.000Z',
    ],
    [
      "exactly at 02:30 the run is tomorrow's (never the same instant twice)",
      '2026-01-15T02:30:00Z',
      '2026-01-16T02:30:00.000Z',
    ],
    ["one minute before 02:30 the run is today's", '2026-01-15T02:29:00Z', '2026-01-15T02:30:00.000Z'],
  ];
  for (const [name, from, expected] of CASES) {
    test(name, () => {
      assert.equal(nextDailyRun('02:30', new Date(from)).toISOString(), expected);
    });
  }

  test('across the spring change the job runs once a day, with a 23-hour gap', () => {
    assert.deepEqual(runsFrom('02:30', '2026-03-27T12:00:00Z', 4), [
      '2026-03-28T02:30:00.000Z',
      '2026-03-29T01:30:00.000Z',
      '2026-03-30T01:30:00.000Z',
      '2026-03-31T01:30:00.000Z',
    ]);
  });

  test('across the autumn change the job runs once a day, with a 25-hour gap', () => {
    assert.deepEqual(runsFrom('02:30', '2026-10-23T12:00:00Z', 4), [
      '2026-10-24T01:30:00.000Z',
      '2026-10-25T02:30:00.000Z',
      '2026-10-26T02:30:00.000Z',
      '2026-10-27T02:30:00.000Z',
    ]);
  });

  test('a whole year of runs has exactly one per UK calendar day, each at 02:30 on the wall clock', () => {
    const runs = runsFrom('02:30', '2025-12-31T12:00:00Z', 365);
    const days = new Set<string>();
    for (const run of runs) {
      const wall = londonWallClock(new Date(run));
      assert.equal(wall.time, '02:30', run);
      days.add(wall.date);
    }
    assert.equal(days.size, 365);
    assert.equal(runs[0], '2026-01-01T02:30:00.000Z');
    assert.equal(runs.at(-1), '2026-12-31T02:30:00.000Z');
  });

  test('the result does not depend on the server time zone', () => {
    const original = process.env.TZ;
    try {
      for (const zone of ['UTC', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe']) {
        process.env.TZ = zone;
        assert.equal(
          nextDailyRun('02:30', new Date('2026-03-28T12:00:00Z')).toISOString(),
          '2026-03-29T01:30:00.000Z',
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

  test('a job run at 01:30 in the hour repeated when the clocks go back does not run again at 01:30 GMT', () => {
    // 25 October 2026: 01:30 BST is 00:30Z; the repeated 01:30 GMT is 01:30Z.
    const next = nextDailyRun('01:30', new Date('2026-10-25T00:30:20Z'));
    assert.equal(next.toISOString(), '2026-10-26T01:30:00.000Z');
  });
});
