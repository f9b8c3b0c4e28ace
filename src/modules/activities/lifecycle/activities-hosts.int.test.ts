import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { signIn } from '../../../../test/helpers/agent.ts';
import { buildActivity } from '../../../../test/helpers/activity-factories.ts';
import { buildNetwork, buildPerson, buildPractice } from '../../../../test/helpers/factories.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';

describe('activities hosted at another practice', () => {
  test('the host practice’s staff see it and can introduce people to it, but cannot change it; other practices still get 404', async () => {
    const { app } = await testWorld();
    const network = await buildNetwork(app.db);
    const runner = await buildPractice(app.db, { networkId: network });
    const host = await buildPractice(app.db, { networkId: network });
    const elsewhere = await buildPractice(app.db, { networkId: network });
    const activityId = await buildActivity(app.db, runner, { status: 'active', name: 'Shared chair yoga' });
    await app.db.insertInto('activity_hosts').values({ activity_id: activityId, organisation_id: host }).execute();

    const hostReception = await signIn(app, await buildPerson(app.db, { roles: [[host, 'receptionist']] }));
    const list = await hostReception.get(`/organisations/${host}/activities`);
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Shared chair yoga/, 'listed at the practice that hosts it');
    assert.equal((await hostReception.get(`/activities/${activityId}`)).statusCode, 200);
    assert.equal((await hostReception.get(`/activities/${activityId}/introductions/new`)).statusCode, 200);
    assert.equal(
      (await hostReception.get(`/activities/${activityId}/edit`)).statusCode,
      403,
      'changing it stays with the practice that runs it',
    );

    const hostCoordinator = await signIn(app, await buildPerson(app.db, { roles: [[host, 'coordinator']] }));
    assert.equal((await hostCoordinator.get(`/activities/${activityId}/risk-assessment`)).statusCode, 403);
    assert.equal(
      (await hostCoordinator.postForm(`/activities/${activityId}/status`, { to: 'paused', note: '' })).statusCode,
      403,
    );

    const otherReception = await signIn(app, await buildPerson(app.db, { roles: [[elsewhere, 'receptionist']] }));
    assert.equal((await otherReception.get(`/activities/${activityId}`)).statusCode, 404);
    assert.doesNotMatch((await otherReception.get(`/organisations/${elsewhere}/activities`)).body, /Shared chair yoga/);
  });
});
