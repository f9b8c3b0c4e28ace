import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { signIn } from '../../../../test/helpers/agent.ts';
import { buildPerson, buildPractice } from '../../../../test/helpers/factories.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { buildChampionWorld } from '../../champions/self-service/self-service.fixtures.ts';
import { addDays, londonToday } from '../../../lib/dates.ts';
import { buildRotaWorld, dateFields, nextWeekday } from '../rota/rota.fixtures.ts';

// Every page and action of one practice's activity answers 404 to another practice's staff
// and champions (its existence is not revealed), and changes nothing.

/** A rota world with a weekly schedule made through the page, Alice on the first session's leader place, and a stranger from another practice. */
async function strangerWorld() {
  const { app } = await testWorld();
  const world = await buildRotaWorld(app.db);
  const coordinator = await signIn(app, world.coordinator);
  const base = `/activities/${world.activityId}/schedules`;
  assert.equal(
    (
      await coordinator.postForm(`${base}/new`, {
        frequency: 'weekly',
        weekday: '2',
        ...dateFields('startsOn', addDays(londonToday(), 1)),
        startTime: '14:00',
        endTime: '15:30',
        venueName: 'Community room',
      })
    ).statusCode,
    303,
  );
  const schedule = await app.db
    .selectFrom('activity_schedules')
    .selectAll()
    .where('activity_id', '=', world.activityId)
    .executeTakeFirstOrThrow();
  const [first, second] = await app.db
    .selectFrom('activity_sessions')
    .selectAll()
    .where('activity_id', '=', world.activityId)
    .orderBy('starts_at')
    .limit(2)
    .execute();
  assert.ok(first && second);
  const leader = await app.db
    .selectFrom('activity_rota_places')
    .select('id')
    .where('session_id', '=', first.id)
    .where('role_template_id', '=', world.leaderRoleId)
    .executeTakeFirstOrThrow();
  const sessionUrl = (sessionId: string) => `/activities/${world.activityId}/sessions/${sessionId}`;
  assert.equal(
    (
      await coordinator.postForm(`${sessionUrl(first.id)}/rota/${leader.id}/assign`, {
        championId: world.alice.championId,
      })
    ).statusCode,
    303,
  );
  const stranger = await signIn(
    app,
    await buildPerson(app.db, { roles: [[await buildPractice(app.db), 'coordinator']] }),
  );
  return { app, world, coordinator, stranger, base, schedule, first, second, leader, sessionUrl };
}

describe('tenancy: another practice gets 404 for every schedule, rota and introduction action', () => {
  test('skip-a-date and end-schedule pages and forms', async () => {
    const { app, stranger, base, schedule } = await strangerWorld();
    const url = `${base}/${schedule.id}`;
    assert.equal((await stranger.get(`${url}/exceptions`)).statusCode, 404);
    assert.equal((await stranger.get(`${url}/end`)).statusCode, 404);
    assert.equal((await stranger.postForm(`${url}/end`, dateFields('endsOn', nextWeekday(2)))).statusCode, 404);
    const after = await app.db
      .selectFrom('activity_schedules')
      .select(['ends_on', 'rrule'])
      .where('id', '=', schedule.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(after, { ends_on: null, rrule: schedule.rrule }, 'the schedule is not ended');
    assert.equal(
      (
        await app.db
          .selectFrom('activity_sessions')
          .select('id')
          .where('schedule_id', '=', schedule.id)
          .where('status', '=', 'cancelled')
          .execute()
      ).length,
      0,
    );
  });

  test('releasing a rota place and putting a cancelled session back on', async () => {
    const { app, world, coordinator, stranger, second, leader, first, sessionUrl } = await strangerWorld();
    assert.equal((await stranger.postForm(`${sessionUrl(first.id)}/rota/${leader.id}/release`, {})).statusCode, 404);
    assert.equal(
      (
        await app.db
          .selectFrom('activity_rota_places')
          .select('champion_id')
          .where('id', '=', leader.id)
          .executeTakeFirstOrThrow()
      ).champion_id,
      world.alice.championId,
      'Alice keeps her place',
    );

    assert.equal(
      (await coordinator.postForm(`${sessionUrl(second.id)}/cancel`, { reason: 'The hall is flooded' })).statusCode,
      303,
    );
    assert.equal((await stranger.postForm(`${sessionUrl(second.id)}/reinstate`, {})).statusCode, 404);
    assert.equal(
      (
        await app.db
          .selectFrom('activity_sessions')
          .select('status')
          .where('id', '=', second.id)
          .executeTakeFirstOrThrow()
      ).status,
      'cancelled',
      'still cancelled',
    );
  });

  test('marking an introduction joined', async () => {
    const { app, world, stranger } = await strangerWorld();
    const reception = await signIn(app, await buildPerson(app.db, { roles: [[world.practiceId, 'receptionist']] }));
    const url = `/activities/${world.activityId}/introductions`;
    assert.equal(
      (
        await reception.postForm(`${url}/new`, {
          firstName: 'Florence',
          contact: '07700 900 123',
          route: 'reception',
          consent: 'yes',
        })
      ).statusCode,
      303,
    );
    const introduction = await app.db
      .selectFrom('activity_introductions')
      .select('id')
      .where('activity_id', '=', world.activityId)
      .executeTakeFirstOrThrow();
    assert.equal((await stranger.postForm(`${url}/${introduction.id}/status`, { status: 'joined' })).statusCode, 404);
    assert.equal(
      (
        await app.db
          .selectFrom('activity_introductions')
          .select('status')
          .where('id', '=', introduction.id)
          .executeTakeFirstOrThrow()
      ).status,
      'pending',
    );
  });

  test('a champion of another practice cannot leave a place someone else holds', async () => {
    const { app, world, leader } = await strangerWorld();
    const elsewhere = await buildChampionWorld(app.db);
    const outsider = await signIn(app, elsewhere.alice);
    assert.equal((await outsider.postForm(`/champion/rota/${leader.id}/leave`, {})).statusCode, 404);
    const bob = await signIn(app, world.bob);
    assert.equal(
      (await bob.postForm(`/champion/rota/${leader.id}/leave`, {})).statusCode,
      404,
      'nor can a champion of the same practice who does not hold it',
    );
    assert.equal(
      (
        await app.db
          .selectFrom('activity_rota_places')
          .select('champion_id')
          .where('id', '=', leader.id)
          .executeTakeFirstOrThrow()
      ).champion_id,
      world.alice.championId,
    );
    const audit = await app.db
      .selectFrom('audit_events')
      .select('action')
      .where('subject_id', '=', leader.id)
      .execute();
    assert.deepEqual(
      audit.map((event) => event.action),
      ['activity.rota-assigned'],
      'nothing but the assignment happened',
    );
  });
});
