import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { newId } from '../../../lib/ids.ts';
import { buildActivity } from '../../../../test/helpers/activity-factories.ts';
import { signIn } from '../../../../test/helpers/agent.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { buildChampionPerson } from '../../champions/self-service/self-service.fixtures.ts';
import {
  RISK_FIELDS,
  activityIdFrom,
  buildLifecycleWorld,
  postFields,
  proposalFields,
} from '../shared/activities.fixtures.ts';

describe('activities: who may see and change them', () => {
  test("another practice's coordinator gets 404 for every page of an activity and for the list", async () => {
    const { app } = await testWorld();
    const practiceA = await buildLifecycleWorld(app.db);
    const practiceB = await buildLifecycleWorld(app.db);
    const activityId = await buildActivity(app.db, practiceA.practiceId, {
      name: 'Canal walk',
      status: 'risk_assessed',
    });
    const outsider = await signIn(app, practiceB.coordinator);
    for (const path of [
      `/activities/${activityId}`,
      `/activities/${activityId}/edit`,
      `/activities/${activityId}/risk-assessment`,
      `/organisations/${practiceA.practiceId}/activities`,
      `/organisations/${practiceA.practiceId}/activities/new`,
    ]) {
      assert.equal((await outsider.get(path)).statusCode, 404, path);
    }
    assert.equal((await postFields(outsider, `/activities/${activityId}/status`, { to: 'approved' })).statusCode, 404);
    assert.equal((await postFields(outsider, `/activities/${activityId}/edit`, proposalFields())).statusCode, 404);
    assert.equal(
      (await postFields(outsider, `/activities/${activityId}/risk-assessment`, RISK_FIELDS)).statusCode,
      404,
    );
    assert.equal(
      (await postFields(outsider, `/organisations/${practiceA.practiceId}/activities/new`, proposalFields()))
        .statusCode,
      404,
    );
    assert.equal((await outsider.get(`/activities/${newId()}`)).statusCode, 404, 'an unknown id');
    assert.equal((await outsider.get('/activities/not-an-id')).statusCode, 404);
    const own = await outsider.get(`/organisations/${practiceB.practiceId}/activities`);
    assert.doesNotMatch(own.body, /Canal walk/);
    const row = await app.db
      .selectFrom('activities')
      .select('status')
      .where('id', '=', activityId)
      .executeTakeFirstOrThrow();
    assert.equal(row.status, 'risk_assessed', 'nothing changed');
  });

  test('a receptionist can see the activities but not propose, edit, assess or approve (403)', async () => {
    const { app } = await testWorld();
    const world = await buildLifecycleWorld(app.db);
    const activityId = await buildActivity(app.db, world.practiceId, { name: 'Chair yoga', status: 'risk_assessed' });
    const jas = await signIn(app, world.receptionist);
    const list = await jas.get(`/organisations/${world.practiceId}/activities`);
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Chair yoga/);
    assert.doesNotMatch(list.body, /Propose an activity/);
    assert.doesNotMatch(list.body, /Ideas from champion meetings/);
    const page = await jas.get(`/activities/${activityId}`);
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /What you can do/);
    for (const path of [
      `/activities/${activityId}/edit`,
      `/activities/${activityId}/risk-assessment`,
      `/organisations/${world.practiceId}/activities/new`,
    ]) {
      assert.equal((await jas.get(path)).statusCode, 403, path);
    }
    assert.equal((await postFields(jas, `/activities/${activityId}/status`, { to: 'approved' })).statusCode, 403);
    assert.equal((await postFields(jas, `/activities/${activityId}/edit`, proposalFields())).statusCode, 403);
    assert.equal((await postFields(jas, `/activities/${activityId}/risk-assessment`, RISK_FIELDS)).statusCode, 403);
    assert.equal(
      (await postFields(jas, `/organisations/${world.practiceId}/activities/new`, proposalFields())).statusCode,
      403,
    );
  });

  test("a network lead sees its practices' activities, read-only; another network's are 404", async () => {
    const { app } = await testWorld();
    const world = await buildLifecycleWorld(app.db);
    const elsewhere = await buildLifecycleWorld(app.db);
    const ours = await buildActivity(app.db, world.practiceId, { name: 'Canal walk', status: 'active' });
    const neighbours = await buildActivity(app.db, world.neighbourId, { name: 'Neighbour singing', status: 'idea' });
    const theirs = await buildActivity(app.db, elsewhere.practiceId, { name: 'Faraway choir', status: 'active' });
    const alison = await signIn(app, world.networkLead);
    const list = await alison.get(`/organisations/${world.networkId}/activities`);
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Canal walk/);
    assert.match(list.body, /Neighbour singing/);
    assert.match(list.body, /Run by/, 'a network list says whose each activity is');
    assert.doesNotMatch(list.body, /Faraway choir/);
    assert.match((await alison.get(`/organisations/${world.networkId}/activities?status=active`)).body, /Canal walk/);
    assert.doesNotMatch(
      (await alison.get(`/organisations/${world.networkId}/activities?status=active`)).body,
      /Neighbour singing/,
    );
    assert.equal((await alison.get(`/activities/${ours}`)).statusCode, 200);
    assert.equal((await alison.get(`/activities/${neighbours}`)).statusCode, 200);
    assert.equal((await alison.get(`/activities/${ours}/edit`)).statusCode, 403);
    assert.equal((await postFields(alison, `/activities/${ours}/status`, { to: 'paused' })).statusCode, 403);
    assert.equal((await alison.get(`/activities/${theirs}`)).statusCode, 404);
  });

  test('a champion sees their practice’s activities and proposes, but cannot approve; their own idea stays theirs to edit until assessed', async () => {
    const { app } = await testWorld();
    const world = await buildLifecycleWorld(app.db);
    const ready = await buildActivity(app.db, world.practiceId, { name: 'Health walk', status: 'risk_assessed' });
    await postFields(await signIn(app, world.coordinator), `/activities/${ready}/risk-assessment`, RISK_FIELDS);
    const geoff = await signIn(app, world.champion);
    const list = await geoff.get(`/organisations/${world.practiceId}/activities`);
    assert.equal(list.statusCode, 200);
    assert.ok(
      list.body.includes(`href="/organisations/${world.practiceId}/activities"`),
      'champions get the Activities link',
    );
    assert.match(list.body, /Health walk/);
    assert.match(list.body, /Propose an activity/);
    const page = await geoff.get(`/activities/${ready}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Trip hazards from cables/, 'champions may read the risk assessment');
    assert.doesNotMatch(page.body, /name="to" value="approved"/);
    assert.doesNotMatch(page.body, /Edit the details/);
    assert.equal((await postFields(geoff, `/activities/${ready}/status`, { to: 'approved' })).statusCode, 403);
    assert.equal((await geoff.get(`/activities/${ready}/edit`)).statusCode, 403);
    assert.equal((await geoff.get(`/activities/${ready}/risk-assessment`)).statusCode, 403);

    const idea = await postFields(geoff, `/organisations/${world.practiceId}/activities/new`, {
      intent: 'idea',
      name: 'Ukulele club',
    });
    const mine = activityIdFrom(idea.headers.location);
    assert.equal((await geoff.get(`/activities/${mine}/edit`)).statusCode, 200);
    assert.equal(
      (await postFields(geoff, `/activities/${mine}/edit`, proposalFields({ name: 'Ukulele club', intent: 'idea' })))
        .statusCode,
      303,
    );
    const submitted = await postFields(geoff, `/activities/${mine}/status`, { to: 'proposed' });
    assert.equal(submitted.statusCode, 303);
    assert.equal((await geoff.get(`/activities/${mine}/edit`)).statusCode, 200, 'still editable while proposed');
    await postFields(await signIn(app, world.coordinator), `/activities/${mine}/risk-assessment`, RISK_FIELDS);
    assert.equal((await geoff.get(`/activities/${mine}/edit`)).statusCode, 403, 'not once risk assessed');
    const other = await signIn(app, await buildChampionPerson(app.db, world.practiceId, 'Other Champion'));
    const coordinatorsIdea = await buildActivity(app.db, world.practiceId, { name: 'Coffee morning', status: 'idea' });
    assert.equal(
      (await other.get(`/activities/${coordinatorsIdea}/edit`)).statusCode,
      403,
      "a champion cannot edit someone else's idea",
    );
  });
});
