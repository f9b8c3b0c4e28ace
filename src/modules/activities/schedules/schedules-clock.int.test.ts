import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { signIn } from '../../../../test/helpers/agent.ts';
import { buildActivity } from '../../../../test/helpers/activity-factories.ts';
import { buildPractice } from '../../../../test/helpers/factories.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { addDays, londonToday } from '../../../lib/dates.ts';
import { newId } from '../../../lib/ids.ts';
import { buildRotaWorld, dateFields } from '../rota/rota.fixtures.ts';
import { generateSessions, HORIZON_DAYS } from './session-generation.jobs.ts';

/** The last Sunday of a month (1 to 12) of a year, when the UK clocks change in March and October. */
function lastSunday(year: number, month: number): string {
  const last = new Date(Date.UTC(year, month, 0));
  last.setUTCDate(last.getUTCDate() - last.getUTCDay());
  return last.toISOString().slice(0, 10);
}

// Sessions as stored (PGlite and PostgreSQL) keep their London wall-clock time across the
// clock changes, for every kind of schedule, and skipping or cancelling a session on or next
// to a change day leaves its neighbours where they were.

/** Each stored session of an activity: London date, start and end as UTC, and status. */
async function storedSessions(activityId: string) {
  const { app } = await testWorld();
  const rows = await app.db
    .selectFrom('activity_sessions')
    .select(['local_date', 'starts_at', 'ends_at', 'status'])
    .where('activity_id', '=', activityId)
    .orderBy('starts_at')
    .execute();
  return rows.map((row) => [row.local_date, row.starts_at.toISOString(), row.ends_at.toISOString(), row.status]);
}

describe('stored schedules across the clock changes', () => {
  test('a fortnightly and a last-Sunday-of-the-month schedule meeting on both 2026 change days, one date skipped', async () => {
    const { app } = await testWorld();
    const practiceId = await buildPractice(app.db);
    // A season that ended in November 2026, so the nightly job other tests run leaves it alone.
    const schedule = async (
      activityId: string,
      values: {
        frequency: 'fortnightly' | 'monthly_weekday';
        rrule: string;
        starts_on: string;
        week_of_month?: number;
      },
    ) =>
      app.db
        .insertInto('activity_schedules')
        .values({
          id: newId(),
          activity_id: activityId,
          organisation_id: practiceId,
          weekday: 7,
          start_time: '10:00',
          end_time: '11:30',
          ends_on: '2026-11-30',
          ...values,
        })
        .returningAll()
        .executeTakeFirstOrThrow();

    const fortnightlyActivity = await buildActivity(app.db, practiceId, { status: 'active' });
    const fortnightly = await schedule(fortnightlyActivity, {
      frequency: 'fortnightly',
      rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=SU',
      starts_on: '2026-03-15',
    });
    // Skipped as the skip-a-date page stores it: the October change day.
    await app.db
      .insertInto('activity_schedule_exceptions')
      .values({
        schedule_id: fortnightly.id,
        organisation_id: practiceId,
        on_date: '2026-10-25',
        reason: 'Hall closed',
      })
      .execute();
    await generateSessions(app.db, fortnightly, '2026-03-01', '2026-04-30');
    await generateSessions(app.db, { ...fortnightly, generated_until: null }, '2026-10-01', '2026-11-30');
    assert.deepEqual(await storedSessions(fortnightlyActivity), [
      ['2026-03-15', '2026-03-15T10:00:00.000Z', '2026-03-15T11:30:00.000Z', 'scheduled'],
      ['2026-03-29', '2026-03-29T09:00:00.000Z', '2026-03-29T10:30:00.000Z', 'scheduled'],
      ['2026-04-12', '2026-04-12T09:00:00.000Z', '2026-04-12T10:30:00.000Z', 'scheduled'],
      ['2026-04-26', '2026-04-26T09:00:00.000Z', '2026-04-26T10:30:00.000Z', 'scheduled'],
      ['2026-10-11', '2026-10-11T09:00:00.000Z', '2026-10-11T10:30:00.000Z', 'scheduled'],
      ['2026-11-08', '2026-11-08T10:00:00.000Z', '2026-11-08T11:30:00.000Z', 'scheduled'],
      ['2026-11-22', '2026-11-22T10:00:00.000Z', '2026-11-22T11:30:00.000Z', 'scheduled'],
    ]);

    const monthlyActivity = await buildActivity(app.db, practiceId, { status: 'active' });
    const monthly = await schedule(monthlyActivity, {
      frequency: 'monthly_weekday',
      rrule: 'FREQ=MONTHLY;BYDAY=-1SU',
      starts_on: '2026-01-01',
      week_of_month: -1,
    });
    await generateSessions(app.db, monthly, '2026-02-01', '2026-04-30');
    await generateSessions(app.db, { ...monthly, generated_until: null }, '2026-09-01', '2026-11-30');
    assert.deepEqual(await storedSessions(monthlyActivity), [
      ['2026-02-22', '2026-02-22T10:00:00.000Z', '2026-02-22T11:30:00.000Z', 'scheduled'],
      ['2026-03-29', '2026-03-29T09:00:00.000Z', '2026-03-29T10:30:00.000Z', 'scheduled'],
      ['2026-04-26', '2026-04-26T09:00:00.000Z', '2026-04-26T10:30:00.000Z', 'scheduled'],
      ['2026-09-27', '2026-09-27T09:00:00.000Z', '2026-09-27T10:30:00.000Z', 'scheduled'],
      ['2026-10-25', '2026-10-25T10:00:00.000Z', '2026-10-25T11:30:00.000Z', 'scheduled'],
      ['2026-11-29', '2026-11-29T10:00:00.000Z', '2026-11-29T11:30:00.000Z', 'scheduled'],
    ]);
  });

  test('skipping and cancelling through the pages on and next to the coming change days leaves the other Sundays at their London time', async () => {
    const { app } = await testWorld();
    const world = await buildRotaWorld(app.db);
    const coordinator = await signIn(app, world.coordinator);
    const base = `/activities/${world.activityId}/schedules`;
    // The first spring change day far enough ahead that the new schedule's own first
    // sessions (today plus the horizon) stop before it starts, two Sundays before the change.
    const today = londonToday();
    let year = Number(today.slice(0, 4));
    while (addDays(lastSunday(year, 3), -14) <= addDays(today, HORIZON_DAYS)) {
      year += 1;
    }
    const spring = lastSunday(year, 3);
    const autumn = lastSunday(year, 10);
    const startsOn = addDays(spring, -14);
    const sundays = {
      frequency: 'weekly',
      weekday: '7',
      ...dateFields('startsOn', startsOn),
      startTime: '10:00',
      endTime: '11:00',
      venueName: 'Community room',
    };
    assert.equal((await coordinator.postForm(`${base}/new`, sundays)).statusCode, 303);
    const schedule = await app.db
      .selectFrom('activity_schedules')
      .selectAll()
      .where('activity_id', '=', world.activityId)
      .executeTakeFirstOrThrow();
    // What the nightly job would do for this schedule on 1 March: twelve weeks of Sundays from
    // two before the change. (Only this schedule: the job itself would move every schedule in the database.)
    const through = addDays(spring, 57);
    await generateSessions(app.db, schedule, `${year}-03-01`, through);
    const sessionOn = async (date: string) =>
      app.db
        .selectFrom('activity_sessions')
        .select('id')
        .where('activity_id', '=', world.activityId)
        .where('local_date', '=', date)
        .executeTakeFirstOrThrow();

    // The change day has a leader on its rota, so skipping it cancels it; the Sunday after is unused, so it goes.
    const changeDay = await sessionOn(spring);
    const leader = await app.db
      .selectFrom('activity_rota_places')
      .select('id')
      .where('session_id', '=', changeDay.id)
      .where('role_template_id', '=', world.leaderRoleId)
      .executeTakeFirstOrThrow();
    assert.equal(
      (
        await coordinator.postForm(
          `/activities/${world.activityId}/sessions/${changeDay.id}/rota/${leader.id}/assign`,
          { championId: world.alice.championId },
        )
      ).statusCode,
      303,
    );
    for (const onDate of [spring, addDays(spring, 7)]) {
      assert.equal(
        (
          await coordinator.postForm(`${base}/${schedule.id}/exceptions`, {
            ...dateFields('onDate', onDate),
            reason: 'Clocks change: hall closed',
          })
        ).statusCode,
        303,
        onDate,
      );
    }
    // The Sunday before the change is cancelled from its session page.
    const before = await sessionOn(addDays(spring, -7));
    assert.equal(
      (
        await coordinator.postForm(`/activities/${world.activityId}/sessions/${before.id}/cancel`, {
          reason: 'Leader unwell',
        })
      ).statusCode,
      303,
    );
    // The autumn change day is skipped before the job reaches it.
    assert.equal(
      (
        await coordinator.postForm(`${base}/${schedule.id}/exceptions`, {
          ...dateFields('onDate', autumn),
          reason: 'Half term',
        })
      ).statusCode,
      303,
    );
    const extended = await app.db
      .selectFrom('activity_schedules')
      .selectAll()
      .where('id', '=', schedule.id)
      .executeTakeFirstOrThrow();
    assert.equal(extended.generated_until, through);
    await generateSessions(app.db, extended, addDays(through, 1), `${year}-11-30`);

    const sessions = await storedSessions(world.activityId);
    const around = (from: string, to: string) =>
      sessions.filter(([date]) => String(date) >= from && String(date) <= to);
    // 10:00 in London is 10:00 UTC in winter and 09:00 UTC in summer time.
    const at = (date: string, summer: boolean, status: string) => [
      date,
      `${date}T${summer ? '09' : '10'}:00:00.000Z`,
      `${date}T${summer ? '10' : '11'}:00:00.000Z`,
      status,
    ];
    assert.deepEqual(around(startsOn, addDays(spring, 21)), [
      at(startsOn, false, 'scheduled'),
      at(addDays(spring, -7), false, 'cancelled'),
      at(spring, true, 'cancelled'),
      at(addDays(spring, 14), true, 'scheduled'),
      at(addDays(spring, 21), true, 'scheduled'),
    ]);
    assert.deepEqual(around(addDays(autumn, -14), addDays(autumn, 14)), [
      at(addDays(autumn, -14), true, 'scheduled'),
      at(addDays(autumn, -7), true, 'scheduled'),
      at(addDays(autumn, 7), false, 'scheduled'),
      at(addDays(autumn, 14), false, 'scheduled'),
    ]);
    const cancelled = await app.db
      .selectFrom('activity_sessions')
      .select('cancel_reason')
      .where('id', '=', changeDay.id)
      .executeTakeFirstOrThrow();
    assert.equal(cancelled.cancel_reason, 'Clocks change: hall closed');
  });
});
