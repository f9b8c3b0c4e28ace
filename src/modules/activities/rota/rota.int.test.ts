import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Agent, signIn } from '../../../../test/helpers/agent.ts';
import { buildActivity } from '../../../../test/helpers/activity-factories.ts';
import { buildPerson, buildPractice } from '../../../../test/helpers/factories.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { newId } from '../../../lib/ids.ts';
import { addDays, londonToday } from '../../../lib/dates.ts';
import { buildRotaWorld, dateFields, giveCheck, type RotaWorld } from './rota.fixtures.ts';
import { refreshFutureRotaPlaces } from './rota.service.ts';
import { addRotaPlaces } from '../schedules/session-generation.jobs.ts';

const today = londonToday();

/** A rota world with a weekly Tuesday 14:00–15:30 schedule made through the page; its first future session. */
async function scheduledWorld() {
  const { app } = await testWorld();
  const world = await buildRotaWorld(app.db);
  const coordinator = await signIn(app, world.coordinator);
  await coordinator.postForm(`/activities/${world.activityId}/schedules/new`, {
    frequency: 'weekly',
    weekday: '2',
    ...dateFields('startsOn', addDays(today, 1)),
    startTime: '14:00',
    endTime: '15:30',
    venueName: 'Community room',
  });
  const sessions = await app.db
    .selectFrom('activity_sessions')
    .selectAll()
    .where('activity_id', '=', world.activityId)
    .orderBy('starts_at')
    .execute();
  const session = sessions[0];
  assert.ok(session);
  return { app, world, coordinator, session, sessions, url: `/activities/${world.activityId}/sessions/${session.id}` };
}

async function placeOf(world: RotaWorld, sessionId: string, roleId: string, position = 1) {
  const { app } = await testWorld();
  return app.db
    .selectFrom('activity_rota_places')
    .selectAll()
    .where('session_id', '=', sessionId)
    .where('role_template_id', '=', roleId)
    .where('position', '=', position)
    .executeTakeFirstOrThrow();
}

const assign = (agent: Agent, url: string, placeId: string, championId: string) =>
  agent.postForm(`${url}/rota/${placeId}/assign`, { championId });

describe('the rota: coordinators assign only cleared champions, with no double-booking', () => {
  test('assigning an uncleared champion is refused naming the missing check; a cleared one is assigned', async () => {
    const { app, world, coordinator, url, session } = await scheduledWorld();
    const page = await coordinator.get(url);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /2pm to 3:30pm/);
    assert.match(page.body, /Community room/);
    assert.match(page.body, /Going ahead/);
    assert.match(page.body, /0 of 3 places filled/);
    assert.match(page.body, /Alice Champion \(cleared\)/);
    assert.match(page.body, /Bob Champion \(not cleared: A current enhanced with adults’ barred list DBS check\)/);

    const leader = await placeOf(world, session.id, world.leaderRoleId);
    const refused = await assign(coordinator, url, leader.id, world.bob.championId);
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /There is a problem/);
    assert.match(
      refused.body,
      /Bob Champion is not cleared for the Walk leader \w+ role yet. Missing: A current enhanced with adults’ barred list DBS check/,
    );
    assert.match(refused.body, new RegExp(`href="#champion-${leader.id}"`));
    assert.match(refused.body, new RegExp(`<option value="${world.bob.championId}" selected`));
    assert.equal((await placeOf(world, session.id, world.leaderRoleId)).champion_id, null);

    const assigned = await assign(coordinator, url, leader.id, world.alice.championId);
    assert.equal(assigned.statusCode, 303);
    const after = await coordinator.get(`${url}?done=assigned`);
    assert.match(after.body, /The champion has been put on the rota/);
    assert.match(after.body, /Alice Champion/);
    assert.match(after.body, /1 of 3 places filled/);
    const audit = await app.db
      .selectFrom('audit_events')
      .select('action')
      .where('subject_id', '=', leader.id)
      .execute();
    assert.deepEqual(
      audit.map((event) => event.action),
      ['activity.rota-assigned'],
    );

    const empty = await coordinator.postForm(`${url}/rota/${leader.id}/assign`, { championId: '' });
    assert.equal(empty.statusCode, 400);
  });

  test('double-booking is refused: twice on one session, or on another session at the same time', async () => {
    const { app, world, coordinator, url, session } = await scheduledWorld();
    const leader = await placeOf(world, session.id, world.leaderRoleId);
    const host = await placeOf(world, session.id, world.hostRoleId);
    assert.equal((await assign(coordinator, url, leader.id, world.alice.championId)).statusCode, 303);
    const twice = await assign(coordinator, url, host.id, world.alice.championId);
    assert.equal(twice.statusCode, 409);
    assert.match(twice.body, /Alice Champion already has a place on this session/);
    const taken = await assign(coordinator, url, leader.id, world.bob.championId);
    assert.equal(taken.statusCode, 409);
    assert.match(taken.body, /This place has already been taken/);

    // Another activity whose session overlaps (15:00 to 16:00 the same day).
    const otherActivity = await buildActivity(app.db, world.practiceId, { status: 'active', name: 'Chair yoga' });
    const start = new Date(session.starts_at.getTime() + 60 * 60_000);
    const overlapping = await app.db
      .insertInto('activity_sessions')
      .values({
        id: newId(),
        activity_id: otherActivity,
        organisation_id: world.practiceId,
        starts_at: start,
        ends_at: new Date(start.getTime() + 60 * 60_000),
        local_date: session.local_date,
      })
      .returning(['id', 'organisation_id'])
      .executeTakeFirstOrThrow();
    await addRotaPlaces(app.db, overlapping, [{ role_template_id: world.hostRoleId, places: 1 }]);
    const otherPlace = await placeOf(world, overlapping.id, world.hostRoleId);
    const otherUrl = `/activities/${otherActivity}/sessions/${overlapping.id}`;
    const clash = await assign(coordinator, otherUrl, otherPlace.id, world.alice.championId);
    assert.equal(clash.statusCode, 409);
    assert.match(
      clash.body,
      /Alice Champion is already on the rota for Canal Street walk on \w+day \d+ \w+ \d{4}, 2pm to 3:30pm, which overlaps this session/,
    );
    assert.equal((await assign(coordinator, otherUrl, otherPlace.id, world.bob.championId)).statusCode, 303);
  });

  test('release, cancel with a reason and reinstate; a cancelled session’s rota cannot change', async () => {
    const { world, coordinator, url, session } = await scheduledWorld();
    const host = await placeOf(world, session.id, world.hostRoleId);
    await assign(coordinator, url, host.id, world.bob.championId);
    assert.equal((await coordinator.postForm(`${url}/rota/${host.id}/release`, {})).statusCode, 303);
    assert.equal((await placeOf(world, session.id, world.hostRoleId)).champion_id, null);
    assert.equal((await coordinator.postForm(`${url}/rota/${host.id}/release`, {})).statusCode, 409, 'already open');

    const noReason = await coordinator.postForm(`${url}/cancel`, { reason: '   ' });
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /Enter why the session is cancelled/);
    assert.equal((await coordinator.postForm(`${url}/cancel`, { reason: 'The hall is flooded' })).statusCode, 303);
    const cancelled = await coordinator.get(url);
    assert.match(cancelled.body, /Cancelled: The hall is flooded/);
    assert.match(cancelled.body, /Put this session back on/);
    assert.doesNotMatch(cancelled.body, /Choose a champion/);
    assert.equal((await assign(coordinator, url, host.id, world.bob.championId)).statusCode, 409);
    assert.equal((await coordinator.postForm(`${url}/cancel`, { reason: 'Again' })).statusCode, 409);

    assert.equal((await coordinator.postForm(`${url}/reinstate`, {})).statusCode, 303);
    assert.match((await coordinator.get(url)).body, /Going ahead/);
    assert.equal((await coordinator.postForm(`${url}/reinstate`, {})).statusCode, 409);
  });

  test('tenancy: another practice 404, a receptionist reads but cannot assign (403), champions see only sessions they are on', async () => {
    const { app, world, coordinator, url, session, sessions } = await scheduledWorld();
    const leader = await placeOf(world, session.id, world.leaderRoleId);
    await assign(coordinator, url, leader.id, world.alice.championId);

    const otherPractice = await buildPractice(app.db);
    const stranger = await signIn(app, await buildPerson(app.db, { roles: [[otherPractice, 'coordinator']] }));
    assert.equal((await stranger.get(url)).statusCode, 404);
    assert.equal((await assign(stranger, url, leader.id, world.bob.championId)).statusCode, 404);
    assert.equal((await stranger.postForm(`${url}/cancel`, { reason: 'x' })).statusCode, 404);

    const receptionist = await signIn(app, await buildPerson(app.db, { roles: [[world.practiceId, 'receptionist']] }));
    assert.equal((await receptionist.get(url)).statusCode, 200);
    assert.doesNotMatch((await receptionist.get(url)).body, /Choose a champion/);
    const host = await placeOf(world, session.id, world.hostRoleId);
    assert.equal((await assign(receptionist, url, host.id, world.bob.championId)).statusCode, 403);
    assert.equal((await receptionist.postForm(`${url}/rota/${leader.id}/release`, {})).statusCode, 403);

    const alice = await signIn(app, world.alice);
    assert.equal((await alice.get(url)).statusCode, 200, 'Alice has a place on this session');
    assert.equal(
      (await alice.get(`/activities/${world.activityId}/sessions/${sessions[1]?.id}`)).statusCode,
      403,
      'but not on the next one',
    );
    const bob = await signIn(app, world.bob);
    assert.equal((await bob.get(url)).statusCode, 403);
    assert.equal((await assign(bob, url, host.id, world.bob.championId)).statusCode, 403);
    assert.equal((await coordinator.get(`/activities/${world.activityId}/sessions/${newId()}`)).statusCode, 404);
    assert.equal((await coordinator.get(`/activities/${world.activityId}/sessions/not-a-session`)).statusCode, 404);
  });

  test('refreshing the rota after roles change adds and removes open places and keeps held ones', async () => {
    const { app, world, coordinator, url, session, sessions } = await scheduledWorld();
    const leader = await placeOf(world, session.id, world.leaderRoleId);
    await assign(coordinator, url, leader.id, world.alice.championId);
    const hostTwo = await placeOf(world, session.id, world.hostRoleId, 2);
    await assign(coordinator, url, hostTwo.id, world.bob.championId);

    const greeter = newId();
    await app.db
      .insertInto('champion_role_templates')
      .values({ id: greeter, organisation_id: world.practiceId, name: `Greeter ${greeter.slice(-4)}` })
      .execute();
    await app.db
      .deleteFrom('activity_roles')
      .where('activity_id', '=', world.activityId)
      .where('role_template_id', '=', world.leaderRoleId)
      .execute();
    await app.db
      .updateTable('activity_roles')
      .set({ places: 1 })
      .where('activity_id', '=', world.activityId)
      .where('role_template_id', '=', world.hostRoleId)
      .execute();
    await app.db
      .insertInto('activity_roles')
      .values({
        activity_id: world.activityId,
        role_template_id: greeter,
        organisation_id: world.practiceId,
        places: 2,
      })
      .execute();
    await refreshFutureRotaPlaces(app.db, world.activityId);
    await refreshFutureRotaPlaces(app.db, world.activityId);

    const rotaOf = async (sessionId: string) =>
      (
        await app.db
          .selectFrom('activity_rota_places')
          .select(['role_template_id', 'position', 'champion_id'])
          .where('session_id', '=', sessionId)
          .execute()
      )
        .map(
          (place) =>
            `${place.role_template_id === greeter ? 'greeter' : place.role_template_id === world.hostRoleId ? 'host' : 'leader'} ${place.position}${place.champion_id ? ' held' : ''}`,
        )
        .sort();
    assert.deepEqual(await rotaOf(session.id), ['greeter 1', 'greeter 2', 'host 2 held', 'leader 1 held']);
    assert.deepEqual(await rotaOf(sessions[1]?.id ?? ''), ['greeter 1', 'greeter 2', 'host 1']);
  });
});

describe('future rota places are released when a champion leaves or pauses', () => {
  test('leaving through the champions’ leave page frees future places and keeps past ones', async () => {
    const { app, world, coordinator, url, session, sessions } = await scheduledWorld();
    await assign(coordinator, url, (await placeOf(world, session.id, world.leaderRoleId)).id, world.alice.championId);
    const second = sessions[1];
    assert.ok(second);
    await assign(
      coordinator,
      `/activities/${world.activityId}/sessions/${second.id}`,
      (await placeOf(world, second.id, world.hostRoleId)).id,
      world.alice.championId,
    );
    const past = await app.db
      .insertInto('activity_sessions')
      .values({
        id: newId(),
        activity_id: world.activityId,
        organisation_id: world.practiceId,
        starts_at: new Date(Date.now() - 3 * 86_400_000),
        ends_at: new Date(Date.now() - 3 * 86_400_000 + 3_600_000),
        local_date: addDays(today, -3),
        status: 'delivered',
      })
      .returning(['id', 'organisation_id'])
      .executeTakeFirstOrThrow();
    await app.db
      .insertInto('activity_rota_places')
      .values({
        id: newId(),
        session_id: past.id,
        organisation_id: world.practiceId,
        role_template_id: world.hostRoleId,
        position: 1,
        champion_id: world.alice.championId,
      })
      .execute();

    const left = await coordinator.postForm(
      `/organisations/${world.practiceId}/champions/${world.alice.championId}/leave`,
      dateFields('leftOn', today),
    );
    assert.equal(left.statusCode, 303);
    const held = await app.db
      .selectFrom('activity_rota_places')
      .select('session_id')
      .where('champion_id', '=', world.alice.championId)
      .execute();
    assert.deepEqual(
      held.map((place) => place.session_id),
      [past.id],
    );
    assert.match((await coordinator.get(url)).body, /0 of 3 places filled/);
    const audit = await app.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'activity.rota-released-on-departure')
      .where('subject_id', '=', world.alice.championId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(audit.details, { places: 2, kind: 'left' });
  });

  test('pausing (by the champion or the coordinator) frees places before the return date only', async () => {
    const { app, world, coordinator, sessions } = await scheduledWorld();
    await giveCheck(app.db, world.bob.championId);
    const [first, second, third] = sessions;
    assert.ok(first && second && third);
    for (const session of [first, second, third]) {
      await assign(
        coordinator,
        `/activities/${world.activityId}/sessions/${session.id}`,
        (await placeOf(world, session.id, world.leaderRoleId)).id,
        world.bob.championId,
      );
    }
    const bob = await signIn(app, world.bob);
    const paused = await bob.postForm('/champion/pause', dateFields('returnOn', second.local_date));
    assert.equal(paused.statusCode, 303);
    const held = async () =>
      (
        await app.db
          .selectFrom('activity_rota_places')
          .select('session_id')
          .where('champion_id', '=', world.bob.championId)
          .execute()
      )
        .map((place) => place.session_id)
        .sort();
    assert.deepEqual(await held(), [second.id, third.id].sort(), 'the session before the return date is freed');

    await app.db.updateTable('champions').set({ stage: 'active' }).where('id', '=', world.bob.championId).execute();
    const byCoordinator = await coordinator.postForm(
      `/organisations/${world.practiceId}/champions/${world.bob.championId}/pause`,
      dateFields('returnOn', addDays(third.local_date, 1)),
    );
    assert.equal(byCoordinator.statusCode, 303);
    assert.deepEqual(await held(), [], 'paused by the coordinator until after the third session');
  });
});
