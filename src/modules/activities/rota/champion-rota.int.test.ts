import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { signIn } from '../../../../test/helpers/agent.ts';
import { buildActivity } from '../../../../test/helpers/activity-factories.ts';
import { buildPerson } from '../../../../test/helpers/factories.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { newId } from '../../../lib/ids.ts';
import { buildChampionWorld } from '../../champions/self-service/self-service.fixtures.ts';
import { addDays, londonToday } from '../../../lib/dates.ts';
import { buildRotaWorld, dateFields } from './rota.fixtures.ts';
import { addRotaPlaces } from '../schedules/session-generation.jobs.ts';

const today = londonToday();

/** A rota world with a weekly Tuesday schedule (14:00 to 15:30) made by the coordinator. */
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
  const first = sessions[0];
  assert.ok(first);
  const placeOf = async (sessionId: string, roleId: string, position = 1) =>
    app.db
      .selectFrom('activity_rota_places')
      .selectAll()
      .where('session_id', '=', sessionId)
      .where('role_template_id', '=', roleId)
      .where('position', '=', position)
      .executeTakeFirstOrThrow();
  return { app, world, coordinator, sessions, first, placeOf };
}

/** The ids of the places offered on a champion's rota page, in order. */
const offered = (body: string) => [...body.matchAll(/data-open-place="([^"]+)"/g)].map((match) => match[1]);
const mine = (body: string) => [...body.matchAll(/data-my-place="([^"]+)"/g)].map((match) => match[1]);

describe('the champion’s own rota', () => {
  test('open places are offered only for roles the champion is cleared for; they take one and leave it', async () => {
    const { app, world, first, placeOf } = await scheduledWorld();
    const bob = await signIn(app, world.bob);
    const page = await bob.get('/champion/rota');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Your rota/);
    assert.match(page.body, /You have no places on the rota yet/);
    const hostPlace = await placeOf(first.id, world.hostRoleId);
    const leaderPlace = await placeOf(first.id, world.leaderRoleId);
    assert.ok(offered(page.body).includes(hostPlace.id), 'the host place (no check needed) is offered');
    assert.ok(!offered(page.body).includes(leaderPlace.id), 'the walk leader place (enhanced check) is not');
    assert.match(page.body, /2 open places/);

    const alice = await signIn(app, world.alice);
    const alicePage = await alice.get('/champion/rota');
    assert.ok(offered(alicePage.body).includes(leaderPlace.id) && offered(alicePage.body).includes(hostPlace.id));

    const notCleared = await bob.postForm(`/champion/rota/${leaderPlace.id}/take`, {});
    assert.equal(notCleared.statusCode, 400);
    assert.match(
      notCleared.body,
      /You are not cleared for the Walk leader \w+ role yet. Missing: A current enhanced with adults’ barred list DBS check/,
    );

    const taken = await bob.postForm(`/champion/rota/${hostPlace.id}/take`, {});
    assert.equal(taken.statusCode, 303);
    assert.equal(taken.headers.location, '/champion/rota?done=taken');
    const after = await bob.get('/champion/rota?done=taken');
    assert.match(after.body, /The place is yours/);
    assert.deepEqual(mine(after.body), [hostPlace.id]);
    assert.match(after.body, /Canal Street walk/);
    assert.match(after.body, /2pm to 3:30pm/);
    assert.match(after.body, /Community room/);
    assert.ok(!offered(after.body).some((id) => id === hostPlace.id), 'no longer open');
    const secondHost = await placeOf(first.id, world.hostRoleId, 2);
    assert.ok(!offered(after.body).includes(secondHost.id), 'no second place on a session they are already on');

    const tooLate = await alice.postForm(`/champion/rota/${hostPlace.id}/take`, {});
    assert.equal(tooLate.statusCode, 409);
    assert.match(tooLate.body, /someone else has just taken this place/);

    assert.equal((await bob.postForm(`/champion/rota/${hostPlace.id}/leave`, {})).statusCode, 303);
    const left = await bob.get('/champion/rota?done=left');
    assert.match(left.body, /You have left the place/);
    assert.deepEqual(mine(left.body), []);
    assert.equal(
      (await bob.postForm(`/champion/rota/${hostPlace.id}/leave`, {})).statusCode,
      404,
      'not theirs any more',
    );
    const audit = await app.db
      .selectFrom('audit_events')
      .select('action')
      .where('subject_id', '=', hostPlace.id)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      audit.map((event) => event.action),
      ['activity.rota-place-taken', 'activity.rota-left'],
    );
  });

  test('two champions taking the same place at once: one gets it, the other a 409', async () => {
    const { app, world, first, placeOf } = await scheduledWorld();
    const hostPlace = await placeOf(first.id, world.hostRoleId);
    const [alice, bob] = await Promise.all([signIn(app, world.alice), signIn(app, world.bob)]);
    const answers = await Promise.all([
      alice.postForm(`/champion/rota/${hostPlace.id}/take`, {}),
      bob.postForm(`/champion/rota/${hostPlace.id}/take`, {}),
    ]);
    assert.deepEqual(answers.map((answer) => answer.statusCode).sort(), [303, 409]);
    const holder = (await placeOf(first.id, world.hostRoleId)).champion_id;
    assert.ok(holder === world.alice.championId || holder === world.bob.championId);
  });

  test('places that clash with one they hold are not offered, and taking one is refused', async () => {
    const { app, world, first, placeOf } = await scheduledWorld();
    const bob = await signIn(app, world.bob);
    await bob.postForm(`/champion/rota/${(await placeOf(first.id, world.hostRoleId)).id}/take`, {});
    const yoga = await buildActivity(app.db, world.practiceId, { status: 'active', name: 'Chair yoga' });
    const start = new Date(first.starts_at.getTime() + 30 * 60_000);
    const overlapping = await app.db
      .insertInto('activity_sessions')
      .values({
        id: newId(),
        activity_id: yoga,
        organisation_id: world.practiceId,
        starts_at: start,
        ends_at: new Date(start.getTime() + 3_600_000),
        local_date: first.local_date,
      })
      .returning(['id', 'organisation_id'])
      .executeTakeFirstOrThrow();
    await addRotaPlaces(app.db, overlapping, [{ role_template_id: world.hostRoleId, places: 1 }]);
    const yogaPlace = await placeOf(overlapping.id, world.hostRoleId);
    assert.ok(!offered((await bob.get('/champion/rota')).body).includes(yogaPlace.id));
    const alice = await signIn(app, world.alice);
    assert.ok(offered((await alice.get('/champion/rota')).body).includes(yogaPlace.id), 'Alice is free then');
    const clash = await bob.postForm(`/champion/rota/${yogaPlace.id}/take`, {});
    assert.equal(clash.statusCode, 409);
    assert.match(clash.body, /You are already on the rota for Canal Street walk on .*, which overlaps this session/);
  });

  test('only active activities offer places; a paused champion cannot take one', async () => {
    const { app, world, first, placeOf } = await scheduledWorld();
    await app.db.updateTable('activities').set({ status: 'paused' }).where('id', '=', world.activityId).execute();
    const bob = await signIn(app, world.bob);
    const hostPlace = await placeOf(first.id, world.hostRoleId);
    assert.deepEqual(offered((await bob.get('/champion/rota')).body), []);
    assert.equal((await bob.postForm(`/champion/rota/${hostPlace.id}/take`, {})).statusCode, 409);
    await app.db.updateTable('activities').set({ status: 'active' }).where('id', '=', world.activityId).execute();
    await app.db.updateTable('champions').set({ stage: 'paused' }).where('id', '=', world.bob.championId).execute();
    const paused = await bob.get('/champion/rota');
    assert.match(paused.body, /You are paused, so you cannot take new places/);
    const refused = await bob.postForm(`/champion/rota/${hostPlace.id}/take`, {});
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /You cannot take places while you are paused/);
  });

  test('tenancy: a champion of another practice cannot take a place (404); staff without the champion role get 403', async () => {
    const { app, world, first, placeOf } = await scheduledWorld();
    const hostPlace = await placeOf(first.id, world.hostRoleId);
    const elsewhere = await buildChampionWorld(app.db);
    const outsider = await signIn(app, elsewhere.alice);
    assert.equal((await outsider.get('/champion/rota')).statusCode, 200);
    assert.ok(!offered((await outsider.get('/champion/rota')).body).includes(hostPlace.id));
    assert.equal((await outsider.postForm(`/champion/rota/${hostPlace.id}/take`, {})).statusCode, 404);
    assert.equal((await outsider.postForm(`/champion/rota/${newId()}/take`, {})).statusCode, 404);
    assert.equal((await outsider.postForm('/champion/rota/not-an-id/take', {})).statusCode, 404);
    assert.equal((await placeOf(first.id, world.hostRoleId)).champion_id, null);

    const receptionist = await signIn(app, await buildPerson(app.db, { roles: [[world.practiceId, 'receptionist']] }));
    assert.equal((await receptionist.get('/champion/rota')).statusCode, 403);
    assert.equal((await receptionist.postForm(`/champion/rota/${hostPlace.id}/take`, {})).statusCode, 403);
  });

  test('the champion home page links to the rota', async () => {
    const { app, world } = await scheduledWorld();
    const alice = await signIn(app, world.alice);
    assert.match((await alice.get('/champion')).body, /href="\/champion\/rota">Your rota</);
  });
});
