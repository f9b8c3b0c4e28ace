import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { signIn } from '../../../../test/helpers/agent.ts';
import { buildActivity } from '../../../../test/helpers/activity-factories.ts';
import { buildPerson, buildPractice } from '../../../../test/helpers/factories.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { newId } from '../../../lib/ids.ts';
import { addDays, londonToday } from '../../../lib/dates.ts';
import { occurrenceDates } from './recurrence.rules.ts';
import { buildRotaWorld, dateFields, nextWeekday } from '../rota/rota.fixtures.ts';
import { extendSchedules, generateSessions, HORIZON_DAYS } from './session-generation.jobs.ts';

const today = londonToday();
const weeklyTuesdays = (startsOn: string) => ({
  frequency: 'weekly',
  weekday: '2',
  ...dateFields('startsOn', startsOn),
  startTime: '14:00',
  endTime: '15:30',
  venueName: 'Community room',
});

async function sessionsOf(activityId: string) {
  const { app } = await testWorld();
  return app.db
    .selectFrom('activity_sessions')
    .selectAll()
    .where('activity_id', '=', activityId)
    .orderBy('starts_at')
    .execute();
}

describe('schedules: recurrence, sessions generated ahead with a rota', () => {
  test('a weekly schedule makes twelve weeks of sessions, each with places per role, listed in plain English', async () => {
    const { app } = await testWorld();
    const world = await buildRotaWorld(app.db);
    const coordinator = await signIn(app, world.coordinator);
    const base = `/activities/${world.activityId}/schedules`;
    const form = await coordinator.get(`${base}/new`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /value="Canal Street Surgery community room"/, 'the venue defaults to the activity’s');

    const created = await coordinator.postForm(`${base}/new`, weeklyTuesdays(today));
    assert.equal(created.statusCode, 303);
    assert.equal(created.headers.location, `${base}?done=created`);

    const schedule = await app.db
      .selectFrom('activity_schedules')
      .selectAll()
      .where('activity_id', '=', world.activityId)
      .executeTakeFirstOrThrow();
    assert.equal(schedule.rrule, 'FREQ=WEEKLY;BYDAY=TU');
    assert.equal(schedule.generated_until, addDays(today, HORIZON_DAYS));
    assert.equal(schedule.start_time.slice(0, 5), '14:00');
    const expected = occurrenceDates(
      {
        frequency: 'weekly',
        startsOn: today,
        endsOn: null,
        weekday: 2,
        weekOfMonth: null,
        startTime: '14:00',
        endTime: '15:30',
      },
      today,
      addDays(today, HORIZON_DAYS),
    );
    const sessions = await sessionsOf(world.activityId);
    assert.deepEqual(
      sessions.map((session) => session.local_date),
      expected,
    );
    assert.ok(sessions.length >= 12);
    for (const session of sessions) {
      assert.equal(session.venue_name, 'Community room');
      assert.equal(session.ends_at.getTime() - session.starts_at.getTime(), 90 * 60_000);
    }
    const places = await app.db
      .selectFrom('activity_rota_places')
      .select(['role_template_id', 'position'])
      .where('session_id', '=', sessions[0]?.id ?? '')
      .orderBy('role_template_id')
      .orderBy('position')
      .execute();
    assert.deepEqual(
      places.map((place) => [place.role_template_id === world.leaderRoleId ? 'leader' : 'host', place.position]).sort(),
      [
        ['host', 1],
        ['host', 2],
        ['leader', 1],
      ],
    );

    const page = await coordinator.get(`${base}?done=created`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Every Tuesday, 2pm to 3:30pm, from/);
    assert.match(page.body, /Schedule added/);
    assert.match(page.body, /0 of 3 places filled/);
    assert.match(page.body, new RegExp(`/activities/${world.activityId}/sessions/${sessions[0]?.id}`));
  });

  test('monthly by weekday and one-off schedules', async () => {
    const { app } = await testWorld();
    const world = await buildRotaWorld(app.db);
    const coordinator = await signIn(app, world.coordinator);
    const base = `/activities/${world.activityId}/schedules`;
    assert.equal(
      (
        await coordinator.postForm(`${base}/new`, {
          ...weeklyTuesdays(today),
          frequency: 'monthly_weekday',
          weekday: '5',
          weekOfMonth: '-1',
        })
      ).statusCode,
      303,
    );
    const once = addDays(today, 10);
    assert.equal(
      (
        await coordinator.postForm(`${base}/new`, {
          frequency: 'once',
          ...dateFields('startsOn', once),
          startTime: '9:30',
          endTime: '12.00',
          venueName: '',
        })
      ).statusCode,
      303,
    );
    const schedules = await app.db
      .selectFrom('activity_schedules')
      .select(['frequency', 'rrule', 'weekday', 'venue_name'])
      .where('activity_id', '=', world.activityId)
      .orderBy('created_at')
      .execute();
    assert.deepEqual(schedules, [
      { frequency: 'monthly_weekday', rrule: 'FREQ=MONTHLY;BYDAY=-1FR', weekday: 5, venue_name: 'Community room' },
      { frequency: 'once', rrule: '', weekday: null, venue_name: 'Canal Street Surgery community room' },
    ]);
    const dates = (await sessionsOf(world.activityId)).map((session) => session.local_date);
    assert.ok(dates.includes(once));
    assert.equal(
      dates.length,
      1 +
        occurrenceDates(
          {
            frequency: 'monthly_weekday',
            startsOn: today,
            endsOn: null,
            weekday: 5,
            weekOfMonth: -1,
            startTime: '14:00',
            endTime: '15:30',
          },
          today,
          addDays(today, HORIZON_DAYS),
        ).length,
    );
    const page = await coordinator.get(base);
    assert.match(page.body, /The last Friday of every month, 2pm to 3:30pm/);
    assert.match(page.body, /Once, on .*, 9:30am to midday/);
  });

  test('sessions keep their London time across the clock changes when stored (PGlite and PostgreSQL)', async () => {
    const { app } = await testWorld();
    const practiceId = await buildPractice(app.db);
    const activityId = await buildActivity(app.db, practiceId, { status: 'active' });
    const schedule = await app.db
      .insertInto('activity_schedules')
      .values({
        id: newId(),
        activity_id: activityId,
        organisation_id: practiceId,
        frequency: 'weekly',
        rrule: 'FREQ=WEEKLY;BYDAY=SU',
        starts_on: '2026-03-15',
        weekday: 7,
        start_time: '10:00',
        end_time: '11:00',
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await generateSessions(app.db, schedule, '2026-03-15', '2026-04-05');
    const after = { ...schedule, generated_until: null, starts_on: '2026-10-18' };
    await generateSessions(app.db, after, '2026-10-18', '2026-11-01');
    const stored = (await sessionsOf(activityId)).map((session) => [
      session.local_date,
      session.starts_at.toISOString(),
    ]);
    assert.deepEqual(stored, [
      ['2026-03-15', '2026-03-15T10:00:00.000Z'],
      ['2026-03-22', '2026-03-22T10:00:00.000Z'],
      ['2026-03-29', '2026-03-29T09:00:00.000Z'],
      ['2026-04-05', '2026-04-05T09:00:00.000Z'],
      ['2026-10-18', '2026-10-18T09:00:00.000Z'],
      ['2026-10-25', '2026-10-25T10:00:00.000Z'],
      ['2026-11-01', '2026-11-01T10:00:00.000Z'],
    ]);
  });

  test('bad input is refused with 400 and the input kept; never a 500', async () => {
    const { app } = await testWorld();
    const world = await buildRotaWorld(app.db);
    const coordinator = await signIn(app, world.coordinator);
    const url = `/activities/${world.activityId}/schedules/new`;
    const backwards = await coordinator.postForm(url, {
      ...weeklyTuesdays(today),
      startTime: '15:00',
      endTime: '14:00',
      venueName: 'The Old Library',
    });
    assert.equal(backwards.statusCode, 400);
    assert.match(backwards.body, /The end time must be after the start time/);
    assert.match(backwards.body, /value="The Old Library"/);
    assert.match(backwards.body, /value="15:00"/);

    const nonsense = await coordinator.postForm(url, {
      frequency: 'fortnightly',
      weekday: '',
      'startsOn[day]': '31',
      'startsOn[month]': '2',
      'startsOn[year]': '2027',
      ...dateFields('endsOn', '2026-01-01'),
      startTime: '25:00',
      endTime: 'noon',
      venueName: 'Hall',
    });
    assert.equal(nonsense.statusCode, 400);
    for (const message of [
      'Select the day of the week',
      'The date must be a real date',
      'The start time must be a time of day',
      'The end time must be a time of day',
    ]) {
      assert.match(nonsense.body, new RegExp(message));
    }
    assert.match(nonsense.body, /name="startsOn\[day\]" type="text" value="31"|value="31"/);

    const ends = await coordinator.postForm(url, {
      ...weeklyTuesdays(addDays(today, 30)),
      ...dateFields('endsOn', addDays(today, 2)),
    });
    assert.equal(ends.statusCode, 400);
    assert.match(ends.body, /The end date must be the same as or after the start date/);

    const monthly = await coordinator.postForm(url, {
      ...weeklyTuesdays(today),
      frequency: 'monthly_weekday',
      weekOfMonth: '9',
    });
    assert.equal(monthly.statusCode, 400);
    assert.match(monthly.body, /Select which week of the month/);

    const nul = await coordinator.postForm(url, {
      ...weeklyTuesdays(today),
      startTime: '\u0000',
      venueName: 'Hall\u0000 B',
    });
    assert.equal(nul.statusCode, 400);
    assert.match(nul.body, /Enter the start time/);
    assert.match(nul.body, /value="Hall B"/);

    const empty = await coordinator.postForm(url, {});
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /Select how often the sessions happen/);
    assert.equal(
      (await app.db.selectFrom('activity_schedules').select('id').where('activity_id', '=', world.activityId).execute())
        .length,
      0,
    );
  });

  test('schedules can be added only to approved, active or paused activities, and the page says why', async () => {
    const { app } = await testWorld();
    const world = await buildRotaWorld(app.db, { status: 'proposed' });
    const coordinator = await signIn(app, world.coordinator);
    const base = `/activities/${world.activityId}/schedules`;
    const page = await coordinator.get(base);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Sessions can be scheduled once the activity has been approved. It is proposed now/);
    assert.doesNotMatch(page.body, /Add a schedule/);
    const refused = await coordinator.postForm(`${base}/new`, weeklyTuesdays(today));
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /once the activity has been approved/);
    await app.db.updateTable('activities').set({ status: 'closed' }).where('id', '=', world.activityId).execute();
    const closed = await coordinator.get(`${base}/new`);
    assert.equal(closed.statusCode, 409);
    assert.match(closed.body, /This activity has closed/);
  });

  test('skipping a date removes an unused session, cancels one with a place taken, and is never generated again', async () => {
    const { app } = await testWorld();
    const world = await buildRotaWorld(app.db);
    const coordinator = await signIn(app, world.coordinator);
    const base = `/activities/${world.activityId}/schedules`;
    await coordinator.postForm(`${base}/new`, weeklyTuesdays(today));
    const schedule = await app.db
      .selectFrom('activity_schedules')
      .select('id')
      .where('activity_id', '=', world.activityId)
      .executeTakeFirstOrThrow();
    const [first, second] = (await sessionsOf(world.activityId)).filter((session) => session.local_date > today);
    assert.ok(first && second);
    await app.db
      .updateTable('activity_rota_places')
      .set({ champion_id: world.bob.championId })
      .where('session_id', '=', second.id)
      .where('role_template_id', '=', world.hostRoleId)
      .where('position', '=', 1)
      .execute();

    const url = `${base}/${schedule.id}/exceptions`;
    assert.equal((await coordinator.get(url)).statusCode, 200);
    const notADay = await coordinator.postForm(url, {
      ...dateFields('onDate', addDays(first.local_date, 1)),
      reason: 'Bank holiday',
    });
    assert.equal(notADay.statusCode, 400);
    assert.match(notADay.body, /There is no session on .*Every Tuesday/);
    assert.match(notADay.body, /value="Bank holiday"/);
    const noReason = await coordinator.postForm(url, dateFields('onDate', first.local_date));
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /Enter why there is no session/);
    const past = await coordinator.postForm(url, { ...dateFields('onDate', addDays(today, -7)), reason: 'Too late' });
    assert.equal(past.statusCode, 400);
    assert.match(past.body, /today or in the future/);

    assert.equal(
      (await coordinator.postForm(url, { ...dateFields('onDate', first.local_date), reason: 'Bank holiday' }))
        .statusCode,
      303,
    );
    assert.equal(
      (
        await coordinator.postForm(url, {
          ...dateFields('onDate', second.local_date),
          reason: 'Hall booked for voting',
        })
      ).statusCode,
      303,
    );
    const again = await coordinator.postForm(url, {
      ...dateFields('onDate', first.local_date),
      reason: 'Bank holiday',
    });
    assert.equal(again.statusCode, 400);
    assert.match(again.body, /is already skipped/);

    const after = await sessionsOf(world.activityId);
    assert.ok(!after.some((session) => session.id === first.id), 'the unused session is removed');
    const cancelled = after.find((session) => session.id === second.id);
    assert.deepEqual([cancelled?.status, cancelled?.cancel_reason], ['cancelled', 'Hall booked for voting']);
    await app.db
      .updateTable('activity_schedules')
      .set({ generated_until: null })
      .where('id', '=', schedule.id)
      .execute();
    await extendSchedules(app.db);
    assert.ok(
      !(await sessionsOf(world.activityId)).some((session) => session.local_date === first.local_date),
      'the skipped date is not generated again',
    );

    const page = await coordinator.get(`${base}?done=skipped`);
    assert.match(page.body, /Cancelled: Hall booked for voting/);
    assert.match(page.body, /No session on:/);
  });

  test('ending a schedule cancels the sessions after its last date', async () => {
    const { app } = await testWorld();
    const world = await buildRotaWorld(app.db);
    const coordinator = await signIn(app, world.coordinator);
    const base = `/activities/${world.activityId}/schedules`;
    await coordinator.postForm(`${base}/new`, weeklyTuesdays(today));
    const schedule = await app.db
      .selectFrom('activity_schedules')
      .select('id')
      .where('activity_id', '=', world.activityId)
      .executeTakeFirstOrThrow();
    const lastDay = addDays(nextWeekday(2), 14);
    const url = `${base}/${schedule.id}/end`;
    assert.equal((await coordinator.get(url)).statusCode, 200);
    const bad = await coordinator.postForm(url, { 'endsOn[day]': '40', 'endsOn[month]': '1', 'endsOn[year]': '2027' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /must be a real date/);
    assert.equal((await coordinator.postForm(url, dateFields('endsOn', lastDay))).statusCode, 303);
    const sessions = await sessionsOf(world.activityId);
    assert.ok(
      sessions.filter((session) => session.local_date <= lastDay).every((session) => session.status === 'scheduled'),
    );
    const later = sessions.filter((session) => session.local_date > lastDay);
    assert.ok(
      later.length > 0 &&
        later.every((session) => session.status === 'cancelled' && /The schedule ended on/.test(session.cancel_reason)),
    );
    const stored = await app.db
      .selectFrom('activity_schedules')
      .select(['ends_on', 'rrule'])
      .where('id', '=', schedule.id)
      .executeTakeFirstOrThrow();
    assert.equal(stored.ends_on, lastDay);
    assert.match(stored.rrule, /^FREQ=WEEKLY;BYDAY=TU;UNTIL=\d{8}T\d{6}Z$/);
  });

  test('the daily job extends schedules twelve weeks ahead and is idempotent; closed activities are left alone', async () => {
    const { app } = await testWorld();
    const world = await buildRotaWorld(app.db);
    const coordinator = await signIn(app, world.coordinator);
    await coordinator.postForm(`/activities/${world.activityId}/schedules/new`, weeklyTuesdays(today));
    const before = (await sessionsOf(world.activityId)).length;
    await extendSchedules(app.db);
    assert.equal((await sessionsOf(world.activityId)).length, before, 'nothing new on the same day');

    const nextWeek = new Date(Date.now() + 7 * 86_400_000);
    await extendSchedules(app.db, nextWeek);
    const extended = await sessionsOf(world.activityId);
    assert.equal(extended.length, before + 1, 'a week later, one more Tuesday');
    await extendSchedules(app.db, nextWeek);
    assert.equal((await sessionsOf(world.activityId)).length, before + 1, 'running again makes nothing new');
    const newest = extended.at(-1);
    const places = await app.db
      .selectFrom('activity_rota_places')
      .select('id')
      .where('session_id', '=', newest?.id ?? '')
      .execute();
    assert.equal(places.length, 3);

    await app.db.updateTable('activities').set({ status: 'closed' }).where('id', '=', world.activityId).execute();
    await extendSchedules(app.db, new Date(Date.now() + 21 * 86_400_000));
    assert.equal((await sessionsOf(world.activityId)).length, before + 1);
  });

  test('tenancy: another practice gets 404, a receptionist may read but not change (403)', async () => {
    const { app } = await testWorld();
    const world = await buildRotaWorld(app.db);
    const coordinator = await signIn(app, world.coordinator);
    await coordinator.postForm(`/activities/${world.activityId}/schedules/new`, weeklyTuesdays(today));
    const schedule = await app.db
      .selectFrom('activity_schedules')
      .select('id')
      .where('activity_id', '=', world.activityId)
      .executeTakeFirstOrThrow();
    const base = `/activities/${world.activityId}/schedules`;

    const otherPractice = await buildPractice(app.db);
    const stranger = await signIn(app, await buildPerson(app.db, { roles: [[otherPractice, 'coordinator']] }));
    assert.equal((await stranger.get(base)).statusCode, 404);
    assert.equal((await stranger.get(`${base}/new`)).statusCode, 404);
    assert.equal((await stranger.postForm(`${base}/new`, weeklyTuesdays(today))).statusCode, 404);
    assert.equal(
      (
        await stranger.postForm(`${base}/${schedule.id}/exceptions`, {
          ...dateFields('onDate', nextWeekday(2)),
          reason: 'x',
        })
      ).statusCode,
      404,
    );
    assert.equal((await stranger.get(`/activities/${newId()}/schedules`)).statusCode, 404);

    const receptionist = await signIn(app, await buildPerson(app.db, { roles: [[world.practiceId, 'receptionist']] }));
    assert.equal((await receptionist.get(base)).statusCode, 200);
    assert.equal((await receptionist.get(`${base}/new`)).statusCode, 403);
    assert.equal((await receptionist.postForm(`${base}/new`, weeklyTuesdays(today))).statusCode, 403);
    assert.equal(
      (await receptionist.postForm(`${base}/${schedule.id}/end`, dateFields('endsOn', nextWeekday(2)))).statusCode,
      403,
    );
    assert.equal((await coordinator.get(`${base}/${newId()}/end`)).statusCode, 404);
  });
});
