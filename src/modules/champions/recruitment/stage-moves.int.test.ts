import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Agent, signIn } from '../../../../test/helpers/agent.ts';
import { buildPerson, buildPractice, uniqueEmail } from '../../../../test/helpers/factories.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { linkChampionAccounts } from './recruitment.service.ts';
import { findChampionForUser } from '../index.ts';
import { buildApplicant } from './recruitment.fixtures.ts';
import { buildChampionWorld } from '../self-service/self-service.fixtures.ts';

const nextYear = String(new Date().getFullYear() + 1);

describe('champions: pausing and leaving go through their own pages', () => {
  test('"Change stage" refuses paused and left, pointing to the pause and leave pages, and changes nothing', async () => {
    const { app } = await testWorld();
    const world = await buildChampionWorld(app.db);
    const coordinator = await signIn(app, world.coordinator);
    const base = `/organisations/${world.practiceId}/champions/${world.alice.championId}`;
    const form = await coordinator.get(`${base}/stage`);
    assert.doesNotMatch(form.body, /value="paused"|value="left"/, 'not offered as stage changes');
    assert.match(form.body, new RegExp(`href="${base}/pause"`));
    for (const [stage, message] of [
      ['paused', /use “Pause” on their record/],
      ['left', /use “Record that they have left” on their record/],
    ] as const) {
      const refused = await coordinator.postForm(`${base}/stage`, { stage, note: 'Kept note' });
      assert.equal(refused.statusCode, 400, stage);
      assert.match(refused.body, message);
      assert.match(refused.body, /Kept note/);
    }
    const row = await app.db
      .selectFrom('champions')
      .select('stage')
      .where('id', '=', world.alice.championId)
      .executeTakeFirstOrThrow();
    assert.equal(row.stage, 'active');
    assert.equal(
      (
        await app.db
          .selectFrom('champion_departures')
          .select('id')
          .where('champion_id', '=', world.alice.championId)
          .execute()
      ).length,
      0,
    );
    assert.equal(
      (await app.db.selectFrom('memberships').select('id').where('user_id', '=', world.alice.id).execute()).length,
      1,
      'their log-in is untouched',
    );
  });

  test('the record page links to Pause and "Record that they have left"; pausing from there comes back to the record', async () => {
    const { app } = await testWorld();
    const world = await buildChampionWorld(app.db);
    const coordinator = await signIn(app, world.coordinator);
    const base = `/organisations/${world.practiceId}/champions/${world.alice.championId}`;
    const record = await coordinator.get(base);
    assert.equal(record.statusCode, 200);
    assert.match(record.body, new RegExp(`<a href="${base}/pause">Pause`));
    assert.match(record.body, new RegExp(`<a href="${base}/leave">Record that they have left`));
    assert.doesNotMatch(record.body, /for example to pause, or if they have left/);
    assert.equal((await coordinator.get(`${base}/pause`)).statusCode, 200);
    assert.equal((await coordinator.get(`${base}/leave`)).statusCode, 200);

    const paused = await coordinator.postForm(`${base}/pause`, {
      'returnOn[day]': '1',
      'returnOn[month]': '6',
      'returnOn[year]': nextYear,
    });
    assert.equal(paused.statusCode, 303);
    assert.equal(paused.headers.location, `${base}?done=paused`);
    const after = await coordinator.get(paused.headers.location);
    assert.match(after.body, /They are paused/);
    assert.doesNotMatch(after.body, new RegExp(`href="${base}/pause"`), 'already paused');
    assert.match(after.body, new RegExp(`href="${base}/leave"`));
    const departure = await app.db
      .selectFrom('champion_departures')
      .select(['kind', 'return_on'])
      .where('champion_id', '=', world.alice.championId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(departure, { kind: 'pause', return_on: `${nextYear}-06-01` });

    // A paused champion comes back through "Change stage", which is still allowed.
    const back = await coordinator.postForm(`${base}/stage`, { stage: 'conversation', note: '' });
    assert.equal(back.statusCode, 303);
    const readers = await signIn(app, await buildPerson(app.db, { roles: [[world.practiceId, 'practice_manager']] }));
    assert.match((await readers.get(base)).body, /Record that they have left/);
  });
});

describe('champions: leaving closes every way back in', () => {
  test('leaving withdraws their pending invitations here; the old link no longer works', async () => {
    const world = await testWorld();
    const { app } = world;
    const practiceId = await buildPractice(app.db);
    const coordinatorPerson = await buildPerson(app.db, { roles: [[practiceId, 'coordinator']] });
    const coordinator = await signIn(app, coordinatorPerson);
    const email = uniqueEmail('leaves.early');
    const championId = await buildApplicant(app.db, { organisationId: practiceId, email, stage: 'checks' });
    const otherPractice = await buildPractice(app.db);
    await app.db
      .insertInto('invitations')
      .values({
        id: crypto.randomUUID(),
        token_hash: `other-${crypto.randomUUID()}`,
        email,
        organisation_id: otherPractice,
        role: 'champion',
        invited_by: null,
        expires_at: new Date(Date.now() + 86_400_000),
      })
      .execute();

    const moved = await coordinator.postForm(`/organisations/${practiceId}/champions/${championId}/next-stage`, {});
    assert.match(moved.headers.location ?? '', /done=agreements-invited$/);
    await world.runJobs();
    const link =
      /http:\/\/thirdspace\.test(\/invitations\/[\w-]+)/.exec(world.email.lastTo(email)?.body ?? '')?.[1] ?? '';
    assert.ok(link);

    const [day, month, year] = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      day: 'numeric',
      month: 'numeric',
      year: 'numeric',
    })
      .format(new Date())
      .split('/');
    const left = await coordinator.postForm(`/organisations/${practiceId}/champions/${championId}/leave`, {
      'leftOn[day]': day ?? '',
      'leftOn[month]': month ?? '',
      'leftOn[year]': year ?? '',
    });
    assert.equal(left.statusCode, 303);
    const invitations = await app.db
      .selectFrom('invitations')
      .select(['organisation_id', 'revoked_at'])
      .where('email', '=', email.toLowerCase())
      .execute();
    assert.ok(
      invitations.filter((row) => row.organisation_id === practiceId).every((row) => row.revoked_at !== null),
      'withdrawn here',
    );
    assert.ok(
      invitations.filter((row) => row.organisation_id === otherPractice).every((row) => row.revoked_at === null),
      'another practice is not ours to withdraw',
    );
    const late = await new Agent(app).postForm(link, {
      displayName: 'Too Late',
      password: 'plum kettle orbit lantern',
      confirmPassword: 'plum kettle orbit lantern',
    });
    assert.equal(late.statusCode, 404);
    assert.match(late.body, /expired or has already been used/);
    assert.equal(
      await app.db.selectFrom('users').select('id').where('email', '=', email.toLowerCase()).executeTakeFirst(),
      undefined,
    );
  });

  test('a champion record at "left" is never linked to a log-in, however the person signs up again', async () => {
    const { app } = await testWorld();
    const practiceId = await buildPractice(app.db);
    const person = await buildPerson(app.db, { roles: [[practiceId, 'champion']] });
    const leftId = await buildApplicant(app.db, { organisationId: practiceId, email: person.email, stage: 'left' });
    await linkChampionAccounts(app.db, person.id, person.email);
    await linkChampionAccounts(app.db, person.id, person.email, practiceId);
    assert.equal(await findChampionForUser(app.db, person.id, practiceId), undefined);
    const row = await app.db
      .selectFrom('champions')
      .select('user_id')
      .where('id', '=', leftId)
      .executeTakeFirstOrThrow();
    assert.equal(row.user_id, null);
    // A new record for them (they came back through the public form) is linked as usual.
    const newId = await buildApplicant(app.db, {
      organisationId: practiceId,
      email: person.email.toUpperCase(),
      stage: 'interested',
    });
    assert.equal((await findChampionForUser(app.db, person.id, practiceId))?.id, newId);
  });
});
