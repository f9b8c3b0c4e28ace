import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decryptSecret } from '../../../platform/crypto.ts';
import { signIn } from '../../../../test/helpers/agent.ts';
import { buildNetwork, buildPerson } from '../../../../test/helpers/factories.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { buildRotaSession, buildSessionWorld, postRecordForm, recordFields } from './session-record.fixtures.ts';

describe('the session record API: idempotent, offline-safe', () => {
  test('the same idempotency key twice applies once; the same key with another body is 409; errors are JSON', async () => {
    const { app } = await testWorld();
    const world = await buildSessionWorld(app.db);
    const alice = await signIn(app, world.alice);
    const key = crypto.randomUUID();
    const body = {
      headCount: '8',
      newAttendees: 2,
      referredGp: '1',
      champions: [
        { championId: world.alice.championId, hours: 1, minutes: '30' },
        { championId: world.bob.championId, hours: '0', minutes: 50 },
      ],
      recordedAt: new Date().toISOString(),
    };
    const url = `/api/sessions/${world.sessionId}/record`;
    const send = async (payload: unknown, idempotencyKey = key) => {
      return alice.request({
        method: 'POST',
        url,
        payload: JSON.stringify(payload),
        headers: {
          'content-type': 'application/json',
          'x-csrf-token': await alice.csrfToken(),
          'idempotency-key': idempotencyKey,
        },
      });
    };
    const first = await send(body);
    assert.equal(first.statusCode, 200, first.body);
    assert.deepEqual(Object.keys(first.json()).sort(), ['applied', 'recordedAt', 'sessionId']);
    assert.equal(first.json().applied, true);
    const again = await send(body);
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().applied, true);
    assert.equal(again.json().recordedAt, first.json().recordedAt);
    const recorded = await app.db
      .selectFrom('audit_events')
      .select('id')
      .where('subject_id', '=', world.sessionId)
      .where('action', '=', 'activity.session-recorded')
      .execute();
    assert.equal(recorded.length, 1, 'applied once');
    const hours = await app.db
      .selectFrom('champion_hours')
      .select(['minutes'])
      .where('session_id', '=', world.sessionId)
      .orderBy('minutes')
      .execute();
    assert.deepEqual(
      hours.map((row) => row.minutes),
      [50, 90],
    );

    // The phone's retry racing its first attempt: one applies, the other gets the same answer.
    const racingKey = crypto.randomUUID();
    const raced = await Promise.all([
      send({ ...body, headCount: '8' }, racingKey),
      send({ ...body, headCount: '8' }, racingKey),
    ]);
    assert.deepEqual(
      raced.map((response) => [response.statusCode, response.json().applied]),
      [
        [200, true],
        [200, true],
      ],
    );
    assert.equal(
      (
        await app.db
          .selectFrom('activity_session_submissions')
          .select('idempotency_key')
          .where('idempotency_key', '=', racingKey)
          .execute()
      ).length,
      1,
    );
    assert.equal(
      (
        await app.db
          .selectFrom('audit_events')
          .select('id')
          .where('subject_id', '=', world.sessionId)
          .where('action', '=', 'activity.session-recorded')
          .execute()
      ).length,
      2,
    );

    const different = await send({ ...body, headCount: 9 });
    assert.equal(different.statusCode, 409);
    assert.equal(different.json().code, 'conflict');
    assert.equal(
      (
        await app.db
          .selectFrom('activity_sessions')
          .select('head_count')
          .where('id', '=', world.sessionId)
          .executeTakeFirstOrThrow()
      ).head_count,
      8,
    );

    // The key may also come in the body; the form and the API recognise each other's retries.
    const formKey = crypto.randomUUID();
    const recordedAt = new Date().toISOString();
    const viaForm = await postRecordForm(
      alice,
      world.sessionId,
      recordFields(
        { [world.alice.championId]: [1, 0] },
        { idempotencyKey: formKey, recordedAt, headCount: '10', newAttendees: '0', referredReception: '0' },
      ),
    );
    assert.equal(viaForm.statusCode, 303);
    const viaApi = await alice.sendJson('POST', url, {
      idempotencyKey: formKey,
      recordedAt,
      headCount: 10,
      newAttendees: 0,
      champions: [{ championId: world.alice.championId, hours: 1, minutes: 0 }],
    });
    assert.equal(viaApi.statusCode, 200, viaApi.body);
    assert.equal(
      (
        await app.db
          .selectFrom('audit_events')
          .select('id')
          .where('subject_id', '=', world.sessionId)
          .where('action', '=', 'activity.session-recorded')
          .execute()
      ).length,
      3,
    );

    const bad = await alice.sendJson('POST', url, {
      idempotencyKey: crypto.randomUUID(),
      headCount: -1,
      newAttendees: 'x',
      champions: [{ championId: world.alice.championId, hours: 0, minutes: 0 }],
    });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().code, 'validation_failed');
    assert.deepEqual(
      Object.keys(bad.json().errors).sort(),
      ['headCount', `hours-${world.alice.championId}`, 'newAttendees'].sort(),
    );
    const noKey = await alice.sendJson('POST', url, { headCount: 3 });
    assert.equal(noKey.statusCode, 400);
    assert.ok(noKey.json().errors.idempotencyKey);
    const wrongShape = await alice.sendJson('POST', url, {
      headCount: 3,
      champions: 'everyone',
      idempotencyKey: crypto.randomUUID(),
    });
    assert.equal(wrongShape.statusCode, 400);
    assert.equal(typeof wrongShape.json().message, 'string');
    const noCsrf = await alice.sendJson(
      'POST',
      url,
      { headCount: 3, idempotencyKey: crypto.randomUUID() },
      { withCsrf: false },
    );
    assert.equal(noCsrf.statusCode, 403);
    assert.equal(noCsrf.json().code, 'csrf_failed');
    const document = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    assert.ok(document.paths['/api/sessions/{sessionId}/record']?.post, 'the route is in the OpenAPI document');
    assert.equal(document.paths['/session-worker.js'], undefined);
  });

  test('a record made before the one kept arrives late: it is stored, not applied, and answered 200 so the phone stops', async () => {
    const { app } = await testWorld();
    const world = await buildSessionWorld(app.db);
    const alice = await signIn(app, world.alice);
    const bob = await signIn(app, world.bob);
    const url = `/api/sessions/${world.sessionId}/record`;
    const earlier = new Date(Date.now() - 60 * 60_000).toISOString();
    const later = new Date(Date.now() - 5 * 60_000).toISOString();
    const newer = await bob.sendJson('POST', url, {
      idempotencyKey: crypto.randomUUID(),
      recordedAt: later,
      headCount: 12,
      champions: [{ championId: world.bob.championId, hours: 1, minutes: 30 }],
    });
    assert.equal(newer.json().applied, true);
    const lateKey = crypto.randomUUID();
    const late = await alice.sendJson('POST', url, {
      idempotencyKey: lateKey,
      recordedAt: earlier,
      headCount: 7,
      champions: [{ championId: world.alice.championId, hours: 1, minutes: 0 }],
    });
    assert.equal(late.statusCode, 200);
    assert.equal(late.json().applied, false);
    const session = await app.db
      .selectFrom('activity_sessions')
      .select(['head_count', 'recorded_by'])
      .where('id', '=', world.sessionId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(session, { head_count: 12, recorded_by: world.bob.id }, 'the later record wins');
    const hours = await app.db
      .selectFrom('champion_hours')
      .select('champion_id')
      .where('session_id', '=', world.sessionId)
      .execute();
    assert.deepEqual(
      hours.map((row) => row.champion_id),
      [world.bob.championId],
    );
    const kept = await app.db
      .selectFrom('activity_session_submissions')
      .selectAll()
      .where('idempotency_key', '=', lateKey)
      .executeTakeFirstOrThrow();
    assert.equal(kept.applied, false);
    assert.ok(kept.payload_enc);
    assert.equal(
      JSON.parse(decryptSecret((await testWorld()).config.security.encryptionKey, kept.payload_enc)).headCount,
      7,
      'nothing is lost',
    );
    const retry = await alice.sendJson('POST', url, {
      idempotencyKey: lateKey,
      recordedAt: earlier,
      headCount: 7,
      champions: [{ championId: world.alice.championId, hours: 1, minutes: 0 }],
    });
    assert.equal(retry.json().applied, false);
    const page = await alice.get(`/sessions/${world.sessionId}/record`);
    assert.match(page.body, /Records that arrived late/);
    assert.match(page.body, /by Alice Champion: 7 people/);
    const viaForm = await postRecordForm(alice, world.sessionId, recordFields({}, { recordedAt: earlier }));
    assert.equal(viaForm.headers.location, '/champion/sessions?done=late');
    assert.match((await alice.get('/champion/sessions?done=late')).body, /kept but not used/);
  });

  test('an incident flag emails the safeguarding lead once, with no detail; the session keeps only the flag', async () => {
    const { app, runJobs, email } = await testWorld();
    const world = await buildSessionWorld(app.db, {
      namedRegisterReason: 'Children attend with their parents; we keep a register for fire safety',
    });
    const lead = await buildPerson(app.db, {
      roles: [[world.practiceId, 'safeguarding_lead']],
      displayName: 'Dr Safe Guard',
    });
    const alice = await signIn(app, world.alice);
    const secretName = `Zebedee Quirkwell ${crypto.randomUUID().slice(0, 6)}`;
    const fields = recordFields(
      { [world.alice.championId]: [1, 30] },
      { incidentFlagged: 'yes', register: `${secretName}\nAnne Other` },
    );
    assert.equal((await postRecordForm(alice, world.sessionId, fields)).statusCode, 303);
    assert.equal(
      (
        await postRecordForm(
          alice,
          world.sessionId,
          recordFields({ [world.alice.championId]: [1, 30] }, { incidentFlagged: 'yes', headCount: '12' }),
        )
      ).statusCode,
      303,
    );
    await runJobs();
    const toLead = email.sent.filter((message) => message.to === lead.email.toLowerCase());
    assert.equal(toLead.length, 1, 'told once');
    const message = toLead[0];
    assert.ok(message);
    assert.match(message.subject, new RegExp(`Incident flagged at ${world.activityName}`));
    assert.match(message.body, /recorded by Alice Champion/);
    assert.doesNotMatch(message.body, new RegExp(secretName), 'no names from the form');
    assert.doesNotMatch(message.body, /Anne Other/);
    const session = await app.db
      .selectFrom('activity_sessions')
      .selectAll()
      .where('id', '=', world.sessionId)
      .executeTakeFirstOrThrow();
    assert.equal(session.incident_flagged, true);
    assert.ok(session.incident_routed_at);
    assert.doesNotMatch(JSON.stringify(session), new RegExp(secretName));
    const routed = await app.db
      .selectFrom('audit_events')
      .select('details')
      .where('subject_id', '=', world.sessionId)
      .where('action', '=', 'activity.incident-routed')
      .execute();
    assert.equal(routed.length, 1);
    const list = await alice.get('/champion/sessions');
    assert.match(list.body, /Incident flagged/);
  });

  test('without a safeguarding lead at the practice, its network’s lead is told; without either, the practice managers', async () => {
    const { app, runJobs, email } = await testWorld();
    const network = await buildNetwork(app.db);
    const networkLead = await buildPerson(app.db, { roles: [[network, 'safeguarding_lead']] });
    const world = await buildSessionWorld(app.db, { networkId: network });
    const coordinator = await signIn(app, world.coordinator);
    await postRecordForm(coordinator, world.sessionId, recordFields({}, { incidentFlagged: 'yes' }));
    await runJobs();
    assert.equal(email.sent.filter((message) => message.to === networkLead.email.toLowerCase()).length, 1);

    const lonely = await buildSessionWorld(app.db);
    const manager = await buildPerson(app.db, { roles: [[lonely.practiceId, 'practice_manager']] });
    const managerAgent = await signIn(app, manager);
    const second = await buildRotaSession(app.db, lonely);
    await postRecordForm(managerAgent, second, recordFields({}, { incidentFlagged: 'yes' }));
    await runJobs();
    assert.equal(email.sent.filter((message) => message.to === manager.email.toLowerCase()).length, 1);
  });

  test('a named register is kept only where the activity records a reason, encrypted, with every read and write audited', async () => {
    const { app, config } = await testWorld();
    const reason = 'A children’s group: we keep names for safety';
    const world = await buildSessionWorld(app.db, { namedRegisterReason: reason });
    const alice = await signIn(app, world.alice);
    const page = await alice.get(`/sessions/${world.sessionId}/record`);
    assert.match(page.body, /name="register"/);
    assert.match(page.body, /we keep names for safety/);
    const names = ['Florence Nightingale', 'Mary Seacole'];
    assert.equal(
      (
        await postRecordForm(
          alice,
          world.sessionId,
          recordFields({ [world.alice.championId]: [1, 0] }, { register: `${names[0]}\r\n\r\n  ${names[1]}  ` }),
        )
      ).statusCode,
      303,
    );
    const entries = await app.db
      .selectFrom('activity_register_entries')
      .select(['name_enc', 'organisation_id'])
      .where('session_id', '=', world.sessionId)
      .orderBy('created_at')
      .execute();
    assert.equal(entries.length, 2);
    for (const entry of entries) {
      assert.doesNotMatch(entry.name_enc, /Florence|Mary|Nightingale|Seacole/);
      assert.equal(entry.organisation_id, world.practiceId);
    }
    assert.deepEqual(
      entries.map((entry) => decryptSecret(config.security.encryptionKey, entry.name_enc)),
      names,
    );
    const reread = await alice.get(`/sessions/${world.sessionId}/record`);
    assert.match(reread.body, /Florence Nightingale\nMary Seacole/);
    const audit = await app.db
      .selectFrom('audit_events')
      .select(['action', 'details'])
      .where('subject_id', '=', world.sessionId)
      .where('action', 'like', 'activity.register-%')
      .execute();
    assert.deepEqual(audit.map((event) => event.action).sort(), [
      'activity.register-recorded',
      'activity.register-viewed',
    ]);
    assert.doesNotMatch(JSON.stringify(audit), /Florence/);
    const submission = await app.db
      .selectFrom('activity_session_submissions')
      .selectAll()
      .where('session_id', '=', world.sessionId)
      .executeTakeFirstOrThrow();
    assert.doesNotMatch(JSON.stringify(submission), /Florence/);

    const plain = await buildSessionWorld(app.db);
    const bob = await signIn(app, plain.bob);
    const refused = await bob.sendJson('POST', `/api/sessions/${plain.sessionId}/record`, {
      idempotencyKey: crypto.randomUUID(),
      headCount: 2,
      register: ['Someone Named'],
    });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.json().errors.register, /does not keep a named register/);
    assert.equal(
      (
        await app.db
          .selectFrom('activity_register_entries')
          .select('id')
          .where('session_id', '=', plain.sessionId)
          .execute()
      ).length,
      0,
    );
  });
});
