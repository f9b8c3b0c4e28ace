import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { Agent, signIn } from '../../../test/helpers/agent.ts';
import { buildPerson, buildPractice, uniqueEmail } from '../../../test/helpers/factories.ts';
import { testWorld } from '../../../test/helpers/test-app.ts';
import { findChampionForUser } from './index.ts';
import { buildApplicant } from './recruitment.fixtures.ts';

describe('champions: from interested to active', () => {
  test('stages are recorded with who and when; activation needs agreements and induction, then invites them and links the log-in', async () => {
    const world = await testWorld();
    const { app } = world;
    const practiceId = await buildPractice(app.db);
    const coordinator = await buildPerson(app.db, { roles: [[practiceId, 'coordinator']], displayName: 'Carol Coordinator' });
    const email = uniqueEmail('new.champion');
    const championId = await buildApplicant(app.db, { organisationId: practiceId, email, name: 'Nora Newcomer' });
    const agent = await signIn(app, coordinator);
    const base = `/organisations/${practiceId}/champions/${championId}`;

    for (const stage of ['conversation', 'role_offered', 'checks', 'agreements', 'induction']) {
      const moved = await agent.postForm(`${base}/next-stage`, {});
      assert.equal(moved.statusCode, 303, stage);
      const row = await app.db.selectFrom('champions').select('stage').where('id', '=', championId).executeTakeFirstOrThrow();
      assert.equal(row.stage, stage);
    }
    const blocked = await agent.postForm(`${base}/next-stage`, {});
    assert.equal(blocked.statusCode, 400);
    assert.match(blocked.body, /cannot be made active yet/);

    const record = await agent.get(base);
    const agreementLinks = [...record.body.matchAll(new RegExp(`${base}/agreements/([0-9a-f-]{36})`, 'g'))].map((match) => match[1]);
    assert.equal(new Set(agreementLinks).size, 3);
    const missingNote = await agent.postForm(`${base}/agreements/${agreementLinks[0]}`, { note: '' });
    assert.equal(missingNote.statusCode, 400);
    for (const templateId of new Set(agreementLinks)) {
      assert.equal((await agent.postForm(`${base}/agreements/${templateId}`, { note: 'Signed a paper copy' })).statusCode, 303);
    }
    const itemIds = [...(await agent.get(base)).body.matchAll(new RegExp(`${base}/induction/([0-9a-f-]{36})`, 'g'))].map((match) => match[1]);
    assert.ok(itemIds.length >= 5);
    for (const itemId of itemIds) {
      assert.equal((await agent.postForm(`${base}/induction/${itemId}`, {})).statusCode, 303);
    }
    const activated = await agent.postForm(`${base}/next-stage`, {});
    assert.equal(activated.statusCode, 303);
    assert.match(activated.headers.location as string, /done=activated$/);

    const history = await app.db.selectFrom('champion_stage_history').select(['to_stage', 'changed_by']).where('champion_id', '=', championId).orderBy('changed_at').orderBy('id').execute();
    assert.deepEqual(history.map((move) => move.to_stage).sort(), ['active', 'agreements', 'checks', 'conversation', 'induction', 'interested', 'role_offered'].sort());
    assert.ok(history.filter((move) => move.to_stage !== 'interested').every((move) => move.changed_by === coordinator.id));
    const page = await agent.get(base);
    assert.match(page.body, /Carol Coordinator/);

    // The invitation arrives; accepting it links the champion record to the new log-in.
    await world.runJobs();
    const link = /http:\/\/thirdspace\.test(\/invitations\/[\w-]+)/.exec(world.email.lastTo(email)?.body ?? '')?.[1];
    assert.ok(link, 'an invitation was emailed');
    const newcomer = new Agent(app);
    const accepted = await newcomer.postForm(link, { displayName: 'Nora Newcomer', password: 'plum kettle orbit lantern', confirmPassword: 'plum kettle orbit lantern' });
    assert.equal(accepted.statusCode, 303);
    const user = await app.db.selectFrom('users').select('id').where('email', '=', email.toLowerCase()).executeTakeFirstOrThrow();
    const linked = await findChampionForUser(app.db, user.id, practiceId);
    assert.equal(linked?.id, championId);

    // A new version of an agreement asks the champion to sign again, which they can do themselves.
    const published = await agent.postForm(`/organisations/${practiceId}/champions/agreements`, { kind: 'confidentiality', title: 'Confidentiality agreement', body: 'Version two text.' });
    assert.equal(published.statusCode, 303);
    const mine = await newcomer.get(`/organisations/${practiceId}/my-agreements`);
    const noRecordYet = await signIn(app, await buildPerson(app.db, { roles: [[practiceId, 'champion']] }));
    assert.match((await noRecordYet.get(`/organisations/${practiceId}/my-agreements`)).body, /no agreements to sign yet/);
    assert.equal(mine.statusCode, 200);
    assert.match(mine.body, /This is a new version/);
    const newVersion = /my-agreements\/([0-9a-f-]{36})/.exec(mine.body)?.[1];
    assert.equal((await newcomer.postForm(`/organisations/${practiceId}/my-agreements/${newVersion}`, {})).statusCode, 303);
    const signed = await app.db.selectFrom('champion_agreement_signatures').select(['on_behalf', 'signed_by']).where('champion_id', '=', championId).where('agreement_template_id', '=', newVersion ?? '').executeTakeFirstOrThrow();
    assert.deepEqual(signed, { on_behalf: false, signed_by: user.id });
  });

  test('an existing account with the same email is linked straight away on activation', async () => {
    const { app } = await testWorld();
    const practiceId = await buildPractice(app.db);
    const existing = await buildPerson(app.db, { roles: [[practiceId, 'champion']] });
    const championId = await buildApplicant(app.db, { organisationId: practiceId, email: existing.email, stage: 'paused' });
    const agent = await signIn(app, await buildPerson(app.db, { roles: [[practiceId, 'practice_manager']] }));
    const form = await agent.postForm(`/organisations/${practiceId}/champions/${championId}/stage`, { stage: 'active', note: 'Back from a break' });
    assert.equal(form.statusCode, 400, 'agreements and induction still needed');
    assert.match(form.body, /value="active" checked/);
    assert.match(form.body, /Back from a break/);
    await app.db.updateTable('champions').set({ stage: 'induction' }).where('id', '=', championId).execute();
    await app.db.updateTable('champion_induction_items').set({ active: false }).where('organisation_id', '=', practiceId).execute();
    for (const template of await app.db.selectFrom('champion_agreement_templates').select('id').where('organisation_id', '=', practiceId).execute()) {
      await app.db.insertInto('champion_agreement_signatures').values({ id: crypto.randomUUID(), champion_id: championId, agreement_template_id: template.id }).execute();
    }
    const done = await agent.postForm(`/organisations/${practiceId}/champions/${championId}/stage`, { stage: 'active', note: '' });
    assert.equal(done.statusCode, 303);
    assert.match(done.headers.location as string, /done=activated-linked$/);
    const row = await app.db.selectFrom('champions').select('user_id').where('id', '=', championId).executeTakeFirstOrThrow();
    assert.equal(row.user_id, existing.id);
  });
});

describe('champions: the public form never fails with a server error', () => {
  test('any mix of fields and values gets a 303 or a 4xx, never a 5xx', async () => {
    const { app } = await testWorld();
    const practiceId = await buildPractice(app.db);
    const ods = (await app.db.selectFrom('organisations').select('ods_code').where('id', '=', practiceId).executeTakeFirstOrThrow()).ods_code ?? '';
    const fieldNames = fc.constantFrom('fullName', 'email', 'phone', 'interests', 'skills', 'languages', 'availability', 'accessNeeds', 'heardVia', 'consent', 'campaign', '__proto__', 'constructor', 'interests[]', 'x');
    const values = fc.oneof(fc.string({ maxLength: 300 }), fc.constantFrom('walking', 'weekends', 'yes', 'poster', '', 'a@b.co', '07700 900982', 'toString'), fc.string({ unit: 'grapheme', maxLength: 50 }));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fieldNames, values), { maxLength: 14 }), async (pairs) => {
        const agent = new Agent(app);
        const body = new URLSearchParams(pairs);
        body.set('_csrf', await agent.csrfToken());
        const response = await agent.request({ method: 'POST', url: `/practices/${ods}/become-a-champion`, payload: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
        assert.ok(response.statusCode === 303 || (response.statusCode >= 400 && response.statusCode < 500), `status ${response.statusCode} for ${body.toString().slice(0, 200)}`);
      }),
      { numRuns: 60 },
    );
  });
});
