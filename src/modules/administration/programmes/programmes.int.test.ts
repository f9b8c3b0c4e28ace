import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { signIn } from '../../../../test/helpers/agent.ts';
import { buildNetwork, buildPerson, buildPractice, buildProgramme } from '../../../../test/helpers/factories.ts';
import { type TestWorld, testWorld } from '../../../../test/helpers/test-app.ts';
import { newId } from '../../../lib/ids.ts';

const TOTP_SECRET = 'JBSWY3DPEHPK3PXP';

/** A programme supporting no practice yet, its facilitator, and a practice with six champions. */
async function programmeAndPractice(world: TestWorld) {
  const db = world.app.db;
  const programmeId = await buildProgramme(db, []);
  const facilitator = await buildPerson(db, { roles: [[programmeId, 'facilitator']] });
  const practiceName = `Orchard Surgery ${newId().slice(-6)}`;
  const practiceId = await buildPractice(db, { name: practiceName });
  for (let index = 0; index < 6; index += 1) {
    await buildPerson(db, {
      roles: [[practiceId, 'champion']],
      displayName: `Named Champion ${index} ${newId().slice(-4)}`,
    });
  }
  const admin = await buildPerson(db, { admin: true, totpSecret: TOTP_SECRET, config: world.config });
  return { programmeId, facilitator, practiceId, practiceName, admin, adminAgent: await signIn(world.app, admin) };
}

async function linked(world: TestWorld, programmeId: string): Promise<string[]> {
  const rows = await world.app.db
    .selectFrom('programme_practices')
    .select('practice_id')
    .where('programme_id', '=', programmeId)
    .execute();
  return rows.map((row) => row.practice_id);
}

describe('administration: the practices a programme supports', () => {
  test('an administrator links a practice to a programme; its facilitator then sees the practice as aggregates only', async () => {
    const world = await testWorld();
    const { programmeId, facilitator, practiceId, practiceName, admin, adminAgent } = await programmeAndPractice(world);
    const facilitatorAgent = await signIn(world.app, facilitator);
    assert.equal(
      (await facilitatorAgent.get(`/organisations/${practiceId}`)).statusCode,
      404,
      'not yet supported: the practice is not even revealed',
    );

    const page = await adminAgent.get('/admin/organisations');
    assert.match(page.body, new RegExp(`<select[^>]+id="practiceId-${programmeId}"`));
    const added = await adminAgent.postForm(`/admin/organisations/${programmeId}/practices`, { practiceId });
    assert.equal(added.statusCode, 303);
    assert.equal(added.headers.location, '/admin/organisations?done=linked');
    assert.deepEqual(await linked(world, programmeId), [practiceId]);
    assert.match((await adminAgent.get(added.headers.location)).body, /Practice added to the programme/);
    const audit = await world.app.db
      .selectFrom('audit_events')
      .select(['actor_user_id', 'organisation_id'])
      .where('action', '=', 'programme.practice-added')
      .where('subject_id', '=', practiceId)
      .execute();
    assert.deepEqual(audit, [{ actor_user_id: admin.id, organisation_id: programmeId }]);

    const seen = await facilitatorAgent.get(`/organisations/${practiceId}`);
    assert.equal(seen.statusCode, 200);
    assert.ok(seen.body.includes(practiceName));
    assert.match(seen.body, /You can see totals for this organisation, not the people in it/);
    const championRow = /Practice health champion\s*<\/td>([\s\S]*?)<\/tr>/.exec(seen.body)?.[1] ?? '';
    assert.match(championRow.replace(/<[^>]+>/g, ' '), /^\s*(People\s+)?6\s*$/, 'six champions counted');
    assert.doesNotMatch(seen.body, /Named Champion/);
    assert.equal(
      (await facilitatorAgent.get(`/organisations/${practiceId}/members`)).statusCode,
      404,
      'no names, even for a supported practice',
    );
  });

  test('a choice that is not a practice, an unknown id or a practice already supported gets the page back with the reason and the choice kept', async () => {
    const world = await testWorld();
    const { programmeId, practiceId, adminAgent } = await programmeAndPractice(world);
    const networkId = await buildNetwork(world.app.db);
    await adminAgent.postForm(`/admin/organisations/${programmeId}/practices`, { practiceId });

    const cases: [practiceIdSent: string | undefined, status: number, message: RegExp][] = [
      [networkId, 400, /Select a practice for this programme to support/],
      [newId(), 400, /Select a practice for this programme to support/],
      ['not-an-id', 400, /Select a practice for this programme to support/],
      [undefined, 400, /Select a practice/],
      [practiceId, 409, /This programme supports that practice already/],
    ];
    for (const [sent, status, message] of cases) {
      const response = await adminAgent.postForm(
        `/admin/organisations/${programmeId}/practices`,
        sent === undefined ? {} : { practiceId: sent },
      );
      assert.equal(response.statusCode, status, `${sent}: ${response.body.slice(0, 200)}`);
      assert.match(String(response.headers['content-type']), /text\/html/);
      assert.match(response.body, /<title>Error: Organisations – Thirdspace<\/title>/);
      assert.match(
        response.body,
        new RegExp(`<a href="#practiceId-${programmeId}">`),
        "the error summary leads to this programme's list",
      );
      assert.match(response.body, message);
    }
    const again = await adminAgent.postForm(`/admin/organisations/${programmeId}/practices`, { practiceId });
    assert.match(
      again.body,
      new RegExp(`<option value="${practiceId}" selected`),
      'the practice chosen is still selected',
    );
    assert.deepEqual(await linked(world, programmeId), [practiceId], 'still linked once');

    const unknownProgramme = await adminAgent.postForm(`/admin/organisations/${newId()}/practices`, { practiceId });
    assert.equal(unknownProgramme.statusCode, 404);
    const notAProgramme = await adminAgent.postForm(`/admin/organisations/${networkId}/practices`, { practiceId });
    assert.equal(notAProgramme.statusCode, 404);
    assert.equal((await linked(world, networkId)).length, 0);
  });

  test("nobody but a system administrator may link a practice, not even the programme's facilitator or the practice's manager", async () => {
    const world = await testWorld();
    const { programmeId, facilitator, practiceId } = await programmeAndPractice(world);
    const manager = await buildPerson(world.app.db, { roles: [[practiceId, 'practice_manager']] });
    for (const person of [facilitator, manager]) {
      const agent = await signIn(world.app, person);
      const refused = await agent.postForm(`/admin/organisations/${programmeId}/practices`, { practiceId });
      assert.equal(refused.statusCode, 403, person.email);
      assert.equal((await agent.get('/admin/organisations')).statusCode, 403);
    }
    assert.deepEqual(await linked(world, programmeId), []);
  });
});
