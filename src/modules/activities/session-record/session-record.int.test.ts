import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { signIn } from '../../../../test/helpers/agent.ts';
import { buildPerson, buildPractice } from '../../../../test/helpers/factories.ts';
import { buildSession } from '../../../../test/helpers/activity-factories.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { buildChampionPerson } from '../../champions/self-service/self-service.fixtures.ts';
import { buildSessionWorld, daysAgo, postRecordForm, recordFields } from './session-record.fixtures.ts';

describe('recording a session on a phone', () => {
  test('a champion on the rota records a session: the counts, and one hours row per champion on the session date', async () => {
    const { app } = await testWorld();
    const world = await buildSessionWorld(app.db);
    const alice = await signIn(app, world.alice);
    const list = await alice.get('/champion/sessions');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, new RegExp(world.activityName));
    assert.match(list.body, new RegExp(`href="/sessions/${world.sessionId}/record"`));

    const page = await alice.get(`/sessions/${world.sessionId}/record`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(`<h1>${world.activityName}</h1>`));
    assert.match(page.body, /Alice Champion/);
    assert.match(page.body, /Bob Champion/);
    assert.match(
      page.body,
      new RegExp(`id="hours-${world.alice.championId}" name="hours-${world.alice.championId}" type="text" value="1"`),
    );
    assert.match(
      page.body,
      new RegExp(`id="minutes-${world.bob.championId}" name="minutes-${world.bob.championId}" type="text" value="30"`),
    );
    assert.match(page.body, /name="idempotencyKey" value="[0-9a-f-]{36}"/);
    assert.match(page.body, /Do not write any details here/);
    assert.match(page.body, /<script type="module" src="\/static\/session-record.js" nonce="[^"]+"><\/script>/);
    assert.doesNotMatch(page.body, /name="register"/, 'no register without a recorded reason');
    assert.doesNotMatch(page.body, /name="peopleSupported"/, 'people supported only for service support');

    const saved = await postRecordForm(
      alice,
      world.sessionId,
      recordFields({ [world.alice.championId]: [1, 30], [world.bob.championId]: [0, 45] }),
    );
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, '/champion/sessions?done=recorded');
    assert.match((await alice.get('/champion/sessions?done=recorded')).body, /The session has been recorded/);

    const session = await app.db
      .selectFrom('activity_sessions')
      .selectAll()
      .where('id', '=', world.sessionId)
      .executeTakeFirstOrThrow();
    assert.equal(session.status, 'delivered');
    assert.equal(session.head_count, 11);
    assert.equal(session.new_attendees, 9);
    assert.equal(session.referred_reception, 2);
    assert.equal(session.recorded_by, world.alice.id);
    assert.ok(session.recorded_at);
    const hours = await app.db
      .selectFrom('champion_hours')
      .select(['champion_id', 'minutes', 'category', 'worked_on', 'organisation_id', 'status'])
      .where('session_id', '=', world.sessionId)
      .orderBy('minutes')
      .execute();
    assert.deepEqual(
      hours.map((row) => [
        row.champion_id,
        row.minutes,
        row.category,
        String(row.worked_on),
        row.organisation_id,
        row.status,
      ]),
      [
        [world.bob.championId, 45, 'session', session.local_date, world.practiceId, 'logged'],
        [world.alice.championId, 90, 'session', session.local_date, world.practiceId, 'logged'],
      ],
    );
    // What the record changed; opening the screen is audited too (activity.session-record-viewed).
    const audit = await app.db
      .selectFrom('audit_events')
      .select('action')
      .where('subject_id', '=', world.sessionId)
      .where('action', 'not like', '%-viewed')
      .execute();
    assert.deepEqual(
      audit.map((event) => event.action),
      ['activity.session-recorded'],
    );
    assert.match((await alice.get('/champion/hours')).body, /data-total="logged-hours">1 hour 30 minutes</);
  });

  test('re-recording replaces the record: hours are updated, not duplicated; a changed verified row goes back to waiting', async () => {
    const { app } = await testWorld();
    const world = await buildSessionWorld(app.db);
    const carol = await buildChampionPerson(app.db, world.practiceId, 'Carol Champion');
    const alice = await signIn(app, world.alice);
    assert.equal(
      (
        await postRecordForm(
          alice,
          world.sessionId,
          recordFields({ [world.alice.championId]: [1, 30], [world.bob.championId]: [1, 30] }),
        )
      ).statusCode,
      303,
    );
    const coordinator = await signIn(app, world.coordinator);
    const aliceRow = await app.db
      .selectFrom('champion_hours')
      .select('id')
      .where('session_id', '=', world.sessionId)
      .where('champion_id', '=', world.alice.championId)
      .executeTakeFirstOrThrow();
    assert.equal(
      (
        await coordinator.postForm(`/organisations/${world.practiceId}/champion-hours/verify`, {
          hoursIds: aliceRow.id,
        })
      ).statusCode,
      303,
    );

    const page = await alice.get(`/sessions/${world.sessionId}/record`);
    assert.match(page.body, /This session was recorded on/);
    assert.match(page.body, /name="headCount" type="text" value="11"/);
    assert.match(page.body, /Carol Champion/, 'the practice’s other champions can be added');
    const again = await postRecordForm(
      alice,
      world.sessionId,
      recordFields(
        { [world.alice.championId]: [1, 0] },
        { headCount: '14', 'extraChampion-0': carol.championId, 'extraHours-0': '2', 'extraMinutes-0': '5' },
      ),
    );
    assert.equal(again.statusCode, 303);
    const rows = await app.db
      .selectFrom('champion_hours')
      .select(['champion_id', 'minutes', 'status', 'verified_at'])
      .where('session_id', '=', world.sessionId)
      .execute();
    const byChampion = new Map(rows.map((row) => [row.champion_id, row]));
    assert.equal(rows.length, 2, 'Bob, no longer ticked, is gone; no duplicates');
    assert.equal(byChampion.get(world.alice.championId)?.minutes, 60);
    assert.equal(byChampion.get(world.alice.championId)?.status, 'logged', 'a changed verified row is checked again');
    assert.equal(byChampion.get(world.alice.championId)?.verified_at, null);
    assert.equal(byChampion.get(carol.championId)?.minutes, 125);
    const session = await app.db
      .selectFrom('activity_sessions')
      .select(['head_count'])
      .where('id', '=', world.sessionId)
      .executeTakeFirstOrThrow();
    assert.equal(session.head_count, 14);

    // Re-recording the same minutes keeps a verified row verified.
    const carolRow = rows.find((row) => row.champion_id === carol.championId);
    assert.ok(carolRow);
    const carolId = await app.db
      .selectFrom('champion_hours')
      .select('id')
      .where('session_id', '=', world.sessionId)
      .where('champion_id', '=', carol.championId)
      .executeTakeFirstOrThrow();
    await coordinator.postForm(`/organisations/${world.practiceId}/champion-hours/verify`, { hoursIds: carolId.id });
    const third = await postRecordForm(
      alice,
      world.sessionId,
      recordFields({ [world.alice.championId]: [1, 0], [carol.championId]: [2, 5] }, { headCount: '15' }),
    );
    assert.equal(third.statusCode, 303);
    const carolAfter = await app.db
      .selectFrom('champion_hours')
      .select('status')
      .where('id', '=', carolId.id)
      .executeTakeFirstOrThrow();
    assert.equal(carolAfter.status, 'verified');
  });

  test('a service-support session (a flu clinic) also records the people supported', async () => {
    const { app } = await testWorld();
    const world = await buildSessionWorld(app.db, { deliveryMode: 'service_support' });
    const alice = await signIn(app, world.alice);
    assert.match(
      (await alice.get(`/sessions/${world.sessionId}/record`)).body,
      /How many people did the champions support\?/,
    );
    const bad = await postRecordForm(
      alice,
      world.sessionId,
      recordFields({ [world.alice.championId]: [3, 0] }, { peopleSupported: '-800' }),
    );
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /People supported must be 0 or more/);
    assert.match(bad.body, /name="peopleSupported" type="text" value="-800"/);
    assert.equal(
      (
        await postRecordForm(
          alice,
          world.sessionId,
          recordFields({ [world.alice.championId]: [3, 0] }, { peopleSupported: '800' }),
        )
      ).statusCode,
      303,
    );
    const session = await app.db
      .selectFrom('activity_sessions')
      .select(['people_supported'])
      .where('id', '=', world.sessionId)
      .executeTakeFirstOrThrow();
    assert.equal(session.people_supported, 800);
    const coordinator = await signIn(app, world.coordinator);
    assert.match(
      (await coordinator.get(`/activities/${world.activityId}/totals`)).body,
      /data-total="people-supported" data-activity="all">800</,
    );
  });

  test('only sessions that have started and are not cancelled can be recorded', async () => {
    const { app } = await testWorld();
    const world = await buildSessionWorld(app.db);
    const coordinator = await signIn(app, world.coordinator);
    const tomorrow = await buildSession(app.db, world.activityId, { date: daysAgo(-1) });
    const cancelled = await buildSession(app.db, world.activityId, { date: daysAgo(2), status: 'cancelled' });
    const lastWeek = await buildSession(app.db, world.activityId, { date: daysAgo(6) });
    assert.equal((await coordinator.get(`/sessions/${tomorrow}/record`)).statusCode, 409);
    assert.match((await coordinator.get(`/sessions/${tomorrow}/record`)).body, /has not happened yet/);
    assert.equal((await coordinator.get(`/sessions/${cancelled}/record`)).statusCode, 409);
    assert.equal((await postRecordForm(coordinator, cancelled, recordFields({}))).statusCode, 409);
    assert.equal((await coordinator.get(`/sessions/${lastWeek}/record`)).statusCode, 200);
    const list = await coordinator.get(`/organisations/${world.practiceId}/sessions`);
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Not yet recorded/);
    assert.match(list.body, new RegExp(`/sessions/${lastWeek}/record`));
    assert.doesNotMatch(list.body, new RegExp(`/sessions/${tomorrow}/record`));
    const saved = await postRecordForm(coordinator, lastWeek, recordFields({}));
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, `/organisations/${world.practiceId}/sessions?done=recorded`);
  });

  test('tenancy: another practice gets 404, an unconnected champion and a receptionist get 403, a lead may record', async () => {
    const { app } = await testWorld();
    const world = await buildSessionWorld(app.db);
    const otherPractice = await buildPractice(app.db);
    const outsider = await signIn(app, await buildPerson(app.db, { roles: [[otherPractice, 'coordinator']] }));
    assert.equal((await outsider.get(`/sessions/${world.sessionId}/record`)).statusCode, 404);
    assert.equal((await postRecordForm(outsider, world.sessionId, recordFields({}))).statusCode, 404);
    const apiOutsider = await outsider.sendJson('POST', `/api/sessions/${world.sessionId}/record`, {
      headCount: 3,
      idempotencyKey: crypto.randomUUID(),
    });
    assert.equal(apiOutsider.statusCode, 404);
    assert.equal(apiOutsider.json().code, 'not_found');
    assert.equal((await outsider.get(`/organisations/${world.practiceId}/sessions`)).statusCode, 404);
    assert.equal((await outsider.get('/sessions/not-a-uuid/record')).statusCode, 404);

    const dave = await buildChampionPerson(app.db, world.practiceId, 'Dave Champion');
    const daveAgent = await signIn(app, dave);
    assert.equal((await daveAgent.get(`/sessions/${world.sessionId}/record`)).statusCode, 403);
    assert.equal((await postRecordForm(daveAgent, world.sessionId, recordFields({}))).statusCode, 403);
    assert.doesNotMatch((await daveAgent.get('/champion/sessions')).body, new RegExp(world.activityName));
    assert.equal((await daveAgent.get(`/organisations/${world.practiceId}/sessions`)).statusCode, 403);

    const receptionist = await signIn(app, await buildPerson(app.db, { roles: [[world.practiceId, 'receptionist']] }));
    assert.equal((await receptionist.get(`/sessions/${world.sessionId}/record`)).statusCode, 403);
    assert.equal((await postRecordForm(receptionist, world.sessionId, recordFields({}))).statusCode, 403);
    assert.equal(
      (
        await receptionist.sendJson('POST', `/api/sessions/${world.sessionId}/record`, {
          headCount: 3,
          idempotencyKey: crypto.randomUUID(),
        })
      ).statusCode,
      403,
    );
    assert.equal((await receptionist.get('/champion/sessions')).statusCode, 403);

    await app.db
      .insertInto('activity_leads')
      .values({ activity_id: world.activityId, champion_id: dave.championId, organisation_id: world.practiceId })
      .execute();
    assert.equal(
      (await daveAgent.get(`/sessions/${world.sessionId}/record`)).statusCode,
      200,
      'a lead of the activity may record any of its sessions',
    );
    assert.equal((await postRecordForm(daveAgent, world.sessionId, recordFields({}))).statusCode, 303);
    const nothing = await app.db
      .selectFrom('activity_session_submissions')
      .select('idempotency_key')
      .where('session_id', '=', world.sessionId)
      .execute();
    assert.equal(nothing.length, 1, 'only the lead’s record was taken');
  });

  test('bad input is refused with 400 and the input kept; nothing is recorded', async () => {
    const { app } = await testWorld();
    const world = await buildSessionWorld(app.db);
    const alice = await signIn(app, world.alice);
    const cases: [Record<string, string>, RegExp][] = [
      [{ headCount: '-3' }, /The number of people who came must be 0 or more/],
      [{ headCount: '5', newAttendees: '6' }, /New people must be no more than the number of people who came/],
      [
        { headCount: '5', newAttendees: '1', referredSelf: '3', referredGp: '3' },
        /The people referred must add up to no more than the number of people who came/,
      ],
      [{ headCount: '\u0000' }, /Enter the number of people who came/],
      [{ headCount: 'twelve' }, /must be a whole number/],
      [
        { [`minutes-${world.alice.championId}`]: '0', [`hours-${world.alice.championId}`]: '0' },
        /Enter how long Alice Champion helped/,
      ],
      [{ [`hours-${world.alice.championId}`]: '25' }, /whole hours \(0 to 24\)/],
      [{ [`hours-${world.alice.championId}`]: '24', [`minutes-${world.alice.championId}`]: '30' }, /24 hours or less/],
      [{ register: 'Ada Lovelace' }, /does not keep a named register/],
    ];
    for (const [overrides, message] of cases) {
      const response = await postRecordForm(
        alice,
        world.sessionId,
        recordFields({ [world.alice.championId]: [1, 30] }, { newAttendees: '1', referredReception: '', ...overrides }),
      );
      assert.equal(response.statusCode, 400, JSON.stringify(overrides));
      assert.match(response.body, message);
      assert.match(response.body, /There is a problem/);
      assert.match(response.body, /name="idempotencyKey" value="[0-9a-f-]{36}"/);
      if (overrides.headCount && !overrides.headCount.includes('\u0000')) {
        assert.match(
          response.body,
          new RegExp(`name="headCount" type="text" value="${overrides.headCount}"`),
          'the input is kept',
        );
      }
    }
    const session = await app.db
      .selectFrom('activity_sessions')
      .select(['status', 'head_count'])
      .where('id', '=', world.sessionId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(session, { status: 'scheduled', head_count: null });
    assert.equal(
      (await app.db.selectFrom('champion_hours').select('id').where('session_id', '=', world.sessionId).execute())
        .length,
      0,
    );
    assert.equal(
      (
        await app.db
          .selectFrom('activity_register_entries')
          .select('id')
          .where('session_id', '=', world.sessionId)
          .execute()
      ).length,
      0,
    );
  });
});
