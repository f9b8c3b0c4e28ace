import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { Agent, signIn } from '../../../../test/helpers/agent.ts';
import { buildPerson, buildPractice, uniqueEmail } from '../../../../test/helpers/factories.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { ensureChampionDefaults } from '../settings/champion-defaults.service.ts';
import { findChampionForUser } from '../index.ts';
import { buildApplicant, roleTemplateNamed } from './recruitment.fixtures.ts';
import { buildChampionWorld } from '../self-service/self-service.fixtures.ts';

describe('champions: from interested to active', () => {
  test('stages are recorded with who, when and the role offered; the applicant gets a log-in at agreements and signs one themselves; activation needs agreements, induction and a role', async () => {
    const world = await testWorld();
    const { app } = world;
    const practiceId = await buildPractice(app.db);
    const coordinator = await buildPerson(app.db, {
      roles: [[practiceId, 'coordinator']],
      displayName: 'Carol Coordinator',
    });
    const email = uniqueEmail('new.champion');
    const championId = await buildApplicant(app.db, { organisationId: practiceId, email, name: 'Nora Newcomer' });
    const agent = await signIn(app, coordinator);
    const base = `/organisations/${practiceId}/champions/${championId}`;
    const walkLeader = await roleTemplateNamed(app.db, practiceId, 'Walk leader');
    const researcher = await roleTemplateNamed(app.db, practiceId, 'Directory researcher');

    assert.equal((await agent.postForm(`${base}/next-stage`, {})).statusCode, 303);
    const noRole = await agent.postForm(`${base}/next-stage`, {});
    assert.equal(noRole.statusCode, 400, 'an offer names the role');
    assert.match(noRole.body, /Select the role you are offering them/);
    assert.equal((await agent.postForm(`${base}/next-stage`, { offeredRole: walkLeader })).statusCode, 303);
    const offer = await app.db
      .selectFrom('champion_stage_history')
      .select('role_template_id')
      .where('champion_id', '=', championId)
      .where('to_stage', '=', 'role_offered')
      .executeTakeFirstOrThrow();
    assert.equal(offer.role_template_id, walkLeader);
    assert.match((await agent.get(base)).body, /Role offered: Walk leader/);
    for (const stage of ['checks', 'agreements']) {
      const moved = await agent.postForm(`${base}/next-stage`, {});
      assert.equal(moved.statusCode, 303, stage);
      assert.equal(
        (await app.db.selectFrom('champions').select('stage').where('id', '=', championId).executeTakeFirstOrThrow())
          .stage,
        stage,
      );
    }

    // At the agreements stage they are invited to sign in, so they can sign for themselves.
    await world.runJobs();
    const link = /http:\/\/thirdspace\.test(\/invitations\/[\w-]+)/.exec(world.email.lastTo(email)?.body ?? '')?.[1];
    assert.ok(link, 'an invitation was emailed at the agreements stage');
    const newcomer = new Agent(app);
    const accepted = await newcomer.postForm(link, {
      displayName: 'Nora Newcomer',
      password: 'plum kettle orbit lantern',
      confirmPassword: 'plum kettle orbit lantern',
    });
    assert.equal(accepted.statusCode, 303);
    const user = await app.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', email.toLowerCase())
      .executeTakeFirstOrThrow();
    assert.equal((await findChampionForUser(app.db, user.id, practiceId))?.id, championId);
    const mine = await newcomer.get(`/organisations/${practiceId}/my-agreements`);
    const ownTemplates = [...mine.body.matchAll(/my-agreements\/([0-9a-f-]{36})/g)].map((match) => match[1] ?? '');
    assert.equal(ownTemplates.length, 3);
    assert.equal(
      (await newcomer.postForm(`/organisations/${practiceId}/my-agreements/${ownTemplates[0]}`, {})).statusCode,
      303,
    );
    const selfSigned = await app.db
      .selectFrom('champion_agreement_signatures')
      .select(['on_behalf', 'signed_by'])
      .where('champion_id', '=', championId)
      .execute();
    assert.deepEqual(selfSigned, [{ on_behalf: false, signed_by: user.id }]);

    const record = await agent.get(base);
    const agreementLinks = [
      ...new Set(
        [...record.body.matchAll(new RegExp(`${base}/agreements/([0-9a-f-]{36})`, 'g'))].map((match) => match[1]),
      ),
    ];
    assert.equal(agreementLinks.length, 2, 'the one they signed needs no signature on their behalf');
    const missingNote = await agent.postForm(`${base}/agreements/${agreementLinks[0]}`, { note: '' });
    assert.equal(missingNote.statusCode, 400);
    for (const templateId of agreementLinks) {
      assert.equal(
        (await agent.postForm(`${base}/agreements/${templateId}`, { note: 'Signed a paper copy' })).statusCode,
        303,
      );
    }
    assert.equal((await agent.postForm(`${base}/next-stage`, {})).statusCode, 303, 'to induction');
    const blocked = await agent.postForm(`${base}/next-stage`, {});
    assert.equal(blocked.statusCode, 400);
    assert.match(blocked.body, /cannot be made active yet/);
    assert.match(blocked.body, /no role yet/);
    const itemIds = [
      ...(await agent.get(base)).body.matchAll(new RegExp(`${base}/induction/([0-9a-f-]{36})`, 'g')),
    ].map((match) => match[1]);
    assert.ok(itemIds.length >= 5);
    for (const itemId of itemIds) {
      assert.equal((await agent.postForm(`${base}/induction/${itemId}`, {})).statusCode, 303);
    }
    const stillNoRole = await agent.postForm(`${base}/next-stage`, {});
    assert.equal(stillNoRole.statusCode, 400);
    assert.doesNotMatch(stillNoRole.body, /induction item/);
    assert.match(stillNoRole.body, /no role yet: give them a role they are cleared for/);
    assert.equal((await agent.postForm(`${base}/roles`, { roleTemplateId: researcher })).statusCode, 303);
    const activated = await agent.postForm(`${base}/next-stage`, {});
    assert.equal(activated.statusCode, 303);
    assert.match(activated.headers.location as string, /done=activated-linked$/, 'their log-in is linked already');

    const history = await app.db
      .selectFrom('champion_stage_history')
      .select(['to_stage', 'changed_by'])
      .where('champion_id', '=', championId)
      .orderBy('changed_at')
      .orderBy('id')
      .execute();
    assert.deepEqual(
      history.map((move) => move.to_stage).sort(),
      ['active', 'agreements', 'checks', 'conversation', 'induction', 'interested', 'role_offered'].sort(),
    );
    assert.ok(
      history.filter((move) => move.to_stage !== 'interested').every((move) => move.changed_by === coordinator.id),
    );
    assert.match((await agent.get(base)).body, /Carol Coordinator/);
  });

  test('a new version of an agreement is emailed to active champions with a log-in, prompted on /champion, and only the latest version can be signed', async () => {
    const world = await testWorld();
    const { app } = world;
    const people = await buildChampionWorld(app.db);
    await ensureChampionDefaults(app.db, people.practiceId);
    for (const template of await app.db
      .selectFrom('champion_agreement_templates')
      .select('id')
      .where('organisation_id', '=', people.practiceId)
      .execute()) {
      await app.db
        .insertInto('champion_agreement_signatures')
        .values({
          id: crypto.randomUUID(),
          champion_id: people.alice.championId,
          agreement_template_id: template.id,
          signed_by: people.alice.id,
        })
        .execute();
    }
    await app.db.updateTable('champions').set({ stage: 'paused' }).where('id', '=', people.bob.championId).execute();
    const noLogIn = await buildApplicant(app.db, {
      organisationId: people.practiceId,
      stage: 'active',
      email: uniqueEmail('no.log.in'),
    });
    const coordinator = await signIn(app, people.coordinator);
    const oldVersion = await app.db
      .selectFrom('champion_agreement_templates')
      .select('id')
      .where('organisation_id', '=', people.practiceId)
      .where('kind', '=', 'confidentiality')
      .executeTakeFirstOrThrow();
    const published = await coordinator.postForm(`/organisations/${people.practiceId}/champions/agreements`, {
      kind: 'confidentiality',
      title: 'Confidentiality agreement',
      body: 'Version two text.',
    });
    assert.equal(published.statusCode, 303);

    const told = await app.db
      .selectFrom('outbox_messages')
      .select(['recipient', 'subject', 'body'])
      .where('subject', '=', 'Please read and sign the new confidentiality agreement')
      .where('organisation_id', '=', people.practiceId)
      .execute();
    assert.deepEqual(
      told.map((message) => message.recipient),
      [people.alice.email.toLowerCase()],
      'only active champions with a log-in',
    );
    assert.match(told[0]?.body ?? '', new RegExp(`/organisations/${people.practiceId}/my-agreements`));
    assert.ok(noLogIn);

    const alice = await signIn(app, people.alice);
    const home = await alice.get('/champion');
    assert.match(home.body, /Please read and sign the new confidentiality agreement/);
    const refused = await alice.postForm(`/organisations/${people.practiceId}/my-agreements/${oldVersion.id}`, {});
    assert.equal(refused.statusCode, 409, 'an old version cannot be signed');
    const page = await alice.get(`/organisations/${people.practiceId}/my-agreements`);
    assert.match(page.body, /This is a new version|Version 2/);
    const newVersion = await app.db
      .selectFrom('champion_agreement_templates')
      .select('id')
      .where('organisation_id', '=', people.practiceId)
      .where('kind', '=', 'confidentiality')
      .where('version', '=', 2)
      .executeTakeFirstOrThrow();
    assert.equal(
      (await alice.postForm(`/organisations/${people.practiceId}/my-agreements/${newVersion.id}`, {})).statusCode,
      303,
    );
    assert.doesNotMatch((await alice.get('/champion')).body, /new confidentiality agreement/);
    const signatures = await app.db
      .selectFrom('champion_agreement_signatures')
      .select('agreement_template_id')
      .where('champion_id', '=', people.alice.championId)
      .execute();
    assert.ok(signatures.some((row) => row.agreement_template_id === newVersion.id));
    assert.equal(signatures.length, 4, 'three first versions and the new one');
  });

  test('an existing account with the same email is linked straight away on activation', async () => {
    const { app } = await testWorld();
    const practiceId = await buildPractice(app.db);
    const existing = await buildPerson(app.db, { roles: [[practiceId, 'champion']] });
    const championId = await buildApplicant(app.db, {
      organisationId: practiceId,
      email: existing.email,
      stage: 'paused',
    });
    const agent = await signIn(app, await buildPerson(app.db, { roles: [[practiceId, 'practice_manager']] }));
    const form = await agent.postForm(`/organisations/${practiceId}/champions/${championId}/stage`, {
      stage: 'active',
      note: 'Back from a break',
    });
    assert.equal(form.statusCode, 400, 'agreements, induction and a role still needed');
    assert.match(form.body, /value="active" checked/);
    assert.match(form.body, /Back from a break/);
    await app.db.updateTable('champions').set({ stage: 'induction' }).where('id', '=', championId).execute();
    await app.db
      .updateTable('champion_induction_items')
      .set({ active: false })
      .where('organisation_id', '=', practiceId)
      .execute();
    for (const template of await app.db
      .selectFrom('champion_agreement_templates')
      .select('id')
      .where('organisation_id', '=', practiceId)
      .execute()) {
      await app.db
        .insertInto('champion_agreement_signatures')
        .values({ id: crypto.randomUUID(), champion_id: championId, agreement_template_id: template.id })
        .execute();
    }
    await app.db
      .insertInto('champion_role_assignments')
      .values({
        id: crypto.randomUUID(),
        champion_id: championId,
        role_template_id: await roleTemplateNamed(app.db, practiceId, 'Clinic marshal'),
      })
      .execute();
    const done = await agent.postForm(`/organisations/${practiceId}/champions/${championId}/stage`, {
      stage: 'active',
      note: '',
    });
    assert.equal(done.statusCode, 303);
    assert.match(done.headers.location as string, /done=activated-linked$/);
    const row = await app.db
      .selectFrom('champions')
      .select('user_id')
      .where('id', '=', championId)
      .executeTakeFirstOrThrow();
    assert.equal(row.user_id, existing.id);
  });
});

describe('champions: the public form never fails with a server error', () => {
  test('any mix of fields and values gets a 303 or a 4xx, never a 5xx', async () => {
    const { app } = await testWorld();
    const practiceId = await buildPractice(app.db);
    const ods =
      (
        await app.db
          .selectFrom('organisations')
          .select('ods_code')
          .where('id', '=', practiceId)
          .executeTakeFirstOrThrow()
      ).ods_code ?? '';
    const fieldNames = fc.constantFrom(
      'fullName',
      'email',
      'phone',
      'interests',
      'skills',
      'languages',
      'availability',
      'accessNeeds',
      'heardVia',
      'consent',
      'campaign',
      '__proto__',
      'constructor',
      'interests[]',
      'x',
    );
    const values = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.constantFrom('walking', 'weekends', 'yes', 'poster', '', 'a@b.co', '07700 900982', 'toString'),
      fc.string({ unit: 'grapheme', maxLength: 50 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fieldNames, values), { maxLength: 14 }), async (pairs) => {
        const agent = new Agent(app);
        const body = new URLSearchParams(pairs);
        body.set('_csrf', await agent.csrfToken());
        const response = await agent.request({
          method: 'POST',
          url: `/practices/${ods}/become-a-champion`,
          payload: body.toString(),
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        });
        assert.ok(
          response.statusCode === 303 || (response.statusCode >= 400 && response.statusCode < 500),
          `status ${response.statusCode} for ${body.toString().slice(0, 200)}`,
        );
      }),
      { numRuns: 60 },
    );
  });
});
