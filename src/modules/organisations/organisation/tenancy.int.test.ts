import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { signIn } from '../../../../test/helpers/agent.ts';
import { buildPerson, buildPractice } from '../../../../test/helpers/factories.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';

describe('tenancy: a practice manager of one practice and another practice', () => {
  test("a practice manager of practice A gets 404 for practice B's members and audit log, pages and API", async () => {
    const { app } = await testWorld();
    const practiceA = await buildPractice(app.db);
    const practiceB = await buildPractice(app.db);
    const managerA = await buildPerson(app.db, { roles: [[practiceA, 'practice_manager']] });
    await buildPerson(app.db, { roles: [[practiceB, 'practice_manager']], displayName: 'Bea From Practice B' });
    const agent = await signIn(app, managerA);

    for (const url of [
      `/organisations/${practiceB}`,
      `/organisations/${practiceB}/members`,
      `/organisations/${practiceB}/audit`,
      `/api/organisations/${practiceB}`,
      `/api/organisations/${practiceB}/members`,
      `/api/organisations/${practiceB}/audit-events`,
    ]) {
      const response = await agent.get(url);
      assert.equal(response.statusCode, 404, url);
      assert.doesNotMatch(response.body, /Bea From Practice B/);
    }
    const own = await agent.get(`/organisations/${practiceA}/members`);
    assert.equal(own.statusCode, 200);
    assert.match(own.body, new RegExp(managerA.displayName));
  });
});
