import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildActivity } from '../../../../test/helpers/activity-factories.ts';
import { signIn } from '../../../../test/helpers/agent.ts';
import { buildNetwork, buildPerson, buildPractice } from '../../../../test/helpers/factories.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { decryptSecret } from '../../../platform/crypto.ts';
import { buildChampionPerson } from '../../champions/self-service/self-service.fixtures.ts';
import { addLead } from '../reviews/reviews.fixtures.ts';

/** A practice in a network with an active activity, its coordinator, a lead champion and staff who introduce people. */
async function introductionWorld(app: FastifyInstance) {
  const networkId = await buildNetwork(app.db);
  const practiceId = await buildPractice(app.db, { networkId });
  const activityId = await buildActivity(app.db, practiceId, { status: 'active', name: 'Wednesday walk and talk' });
  const coordinator = await buildPerson(app.db, { roles: [[practiceId, 'coordinator']] });
  const receptionist = await buildPerson(app.db, { roles: [[practiceId, 'receptionist']] });
  const otherReceptionist = await buildPerson(app.db, { roles: [[practiceId, 'receptionist']] });
  const gp = await buildPerson(app.db, { roles: [[practiceId, 'clinician']] });
  const networkLinkWorker = await buildPerson(app.db, { roles: [[networkId, 'link_worker']] });
  const lead = await buildChampionPerson(app.db, practiceId, 'Dave Lead');
  const champion = await buildChampionPerson(app.db, practiceId, 'Carol Champion');
  await addLead(app.db, activityId, lead.championId);
  return {
    networkId,
    practiceId,
    activityId,
    coordinator,
    receptionist,
    otherReceptionist,
    gp,
    networkLinkWorker,
    lead,
    champion,
  };
}

const florence = { firstName: 'Florence', contact: '07700 900 123', route: 'reception', consent: 'yes' };

describe('warm introductions', () => {
  test('a receptionist introduces someone; consent and a real contact are needed, and input is kept', async () => {
    const { app, config } = await testWorld();
    const world = await introductionWorld(app);
    const reception = await signIn(app, world.receptionist);
    const url = `/activities/${world.activityId}/introductions/new`;
    const form = await reception.get(url);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /value="reception" checked/, 'their own route is ticked');

    const noConsent = await reception.postForm(url, { ...florence, consent: '' });
    assert.equal(noConsent.statusCode, 400);
    assert.match(noConsent.body, /Confirm the person agreed to be introduced/);
    assert.match(noConsent.body, /value="Florence"/);
    const badContact = await reception.postForm(url, { ...florence, contact: 'ring the bell' });
    assert.equal(badContact.statusCode, 400);
    assert.match(badContact.body, /Enter a UK phone number/);
    assert.match(badContact.body, /value="ring the bell"/);
    const nul = await reception.postForm(url, { ...florence, firstName: '\u0000' });
    assert.equal(nul.statusCode, 400);
    assert.match(nul.body, /Enter their first name/);
    const digits = await reception.postForm(url, { ...florence, firstName: 'R2D2' });
    assert.equal(digits.statusCode, 400);

    const made = await reception.postForm(url, florence);
    assert.equal(made.statusCode, 303);
    assert.equal(made.headers.location, `/activities/${world.activityId}/introductions?done=introduced`);
    const stored = await app.db
      .selectFrom('activity_introductions')
      .selectAll()
      .where('activity_id', '=', world.activityId)
      .executeTakeFirstOrThrow();
    assert.equal(stored.route, 'reception');
    assert.equal(stored.status, 'pending');
    assert.equal(stored.referred_by, world.receptionist.id);
    assert.doesNotMatch(stored.first_name_enc, /Florence/);
    assert.doesNotMatch(stored.contact_enc, /07700/);
    assert.equal(decryptSecret(config.security.encryptionKey, stored.first_name_enc), 'Florence');
    assert.equal(decryptSecret(config.security.encryptionKey, stored.contact_enc), '07700 900 123');
    const audit = await app.db
      .selectFrom('audit_events')
      .select(['action', 'details'])
      .where('subject_id', '=', stored.id)
      .execute();
    assert.deepEqual(
      audit.map((row) => row.action),
      ['activity.introduction-created'],
    );
    assert.doesNotMatch(JSON.stringify(audit), /Florence|07700/);

    const mine = await reception.get(`/activities/${world.activityId}/introductions?done=introduced`);
    assert.match(mine.body, /The activity lead will get in touch/);
    assert.match(mine.body, /Florence/);
    assert.match(mine.body, /data-status="pending"/);
    assert.doesNotMatch(mine.body, /07700/, 'the referrer sees the status, not the contact list');
  });

  test('only the coordinator and the activity’s leads see who is waiting; referrers see their own', async () => {
    const { app } = await testWorld();
    const world = await introductionWorld(app);
    const url = `/activities/${world.activityId}/introductions`;
    const reception = await signIn(app, world.receptionist);
    assert.equal((await reception.postForm(`${url}/new`, florence)).statusCode, 303);
    const gp = await signIn(app, world.gp);
    assert.match((await gp.get(`${url}/new`)).body, /value="gp" checked/);
    assert.equal(
      (
        await gp.postForm(`${url}/new`, {
          firstName: 'Arthur',
          contact: 'arthur@example.org',
          route: 'gp',
          consent: 'yes',
        })
      ).statusCode,
      303,
    );
    const linkWorker = await signIn(app, world.networkLinkWorker);
    assert.equal(
      (
        await linkWorker.postForm(`${url}/new`, {
          firstName: 'Beryl',
          contact: '+44 7700 900 456',
          route: 'link_worker',
          consent: 'yes',
        })
      ).statusCode,
      303,
      'a network link worker reaches the practice’s activities',
    );

    for (const person of [world.coordinator, world.lead]) {
      const page = await (await signIn(app, person)).get(url);
      assert.equal(page.statusCode, 200);
      for (const text of ['Florence', '07700 900 123', 'Arthur', 'arthur@example.org', 'Beryl']) {
        assert.match(page.body, new RegExp(text.replace('+', '\\+')));
      }
    }
    const viewed = await app.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'activity.introductions-viewed')
      .where('subject_id', '=', world.activityId)
      .execute();
    assert.ok(viewed.length >= 2, 'reading names is audited');

    const receptionView = await reception.get(url);
    assert.match(receptionView.body, /Florence/);
    assert.doesNotMatch(receptionView.body, /Arthur|Beryl/);
    const other = await (await signIn(app, world.otherReceptionist)).get(url);
    assert.equal(other.statusCode, 200);
    assert.doesNotMatch(other.body, /Florence|Arthur|Beryl/);
    assert.match(other.body, /You have not introduced anyone/);
    assert.equal(
      (await (await signIn(app, world.champion)).get(url)).statusCode,
      403,
      'a champion who does not lead it',
    );
    const stranger = await buildPerson(app.db, { roles: [[await buildPractice(app.db), 'coordinator']] });
    const strangerAgent = await signIn(app, stranger);
    assert.equal((await strangerAgent.get(url)).statusCode, 404);
    assert.equal((await strangerAgent.get(`${url}/new`)).statusCode, 404);
    assert.equal((await strangerAgent.postForm(`${url}/new`, florence)).statusCode, 404);
  });

  test('the lead marks someone as joined; referrers see it and cannot change it themselves', async () => {
    const { app } = await testWorld();
    const world = await introductionWorld(app);
    const url = `/activities/${world.activityId}/introductions`;
    const reception = await signIn(app, world.receptionist);
    await reception.postForm(`${url}/new`, florence);
    const introduction = await app.db
      .selectFrom('activity_introductions')
      .select('id')
      .where('activity_id', '=', world.activityId)
      .executeTakeFirstOrThrow();
    assert.equal((await reception.postForm(`${url}/${introduction.id}/status`, { status: 'joined' })).statusCode, 403);
    const lead = await signIn(app, world.lead);
    assert.equal((await lead.postForm(`${url}/${introduction.id}/status`, { status: 'maybe' })).statusCode, 400);
    const marked = await lead.postForm(`${url}/${introduction.id}/status`, { status: 'joined' });
    assert.equal(marked.statusCode, 303);
    assert.match((await reception.get(url)).body, /data-status="joined">Joined/);
    const leadView = await lead.get(url);
    assert.match(leadView.body, /Nobody is waiting/);
    assert.match(leadView.body, /Joined: <strong>1<\/strong>/);
    assert.equal(
      (await lead.postForm(`${url}/00000000-0000-4000-8000-000000000000/status`, { status: 'joined' })).statusCode,
      404,
    );
  });

  test('introductions need a running activity and a route it accepts', async () => {
    const { app } = await testWorld();
    const world = await introductionWorld(app);
    const reception = await signIn(app, world.receptionist);
    const proposed = await buildActivity(app.db, world.practiceId, { status: 'proposed' });
    assert.equal((await reception.get(`/activities/${proposed}/introductions/new`)).statusCode, 409);
    await app.db
      .updateTable('activities')
      .set({ referral_routes: ['self', 'gp'] })
      .where('id', '=', world.activityId)
      .execute();
    const form = await reception.get(`/activities/${world.activityId}/introductions/new`);
    assert.doesNotMatch(form.body, /value="reception"/);
    const refused = await reception.postForm(`/activities/${world.activityId}/introductions/new`, florence);
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /does not take introductions by this route/);
    assert.match(refused.body, /value="Florence"/);
    assert.equal((await reception.get('/activities/not-an-id/introductions')).statusCode, 404);
  });
});
