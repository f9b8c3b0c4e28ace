import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildRoleTemplate } from '../../../../test/helpers/activity-factories.ts';
import { signIn } from '../../../../test/helpers/agent.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { buildChampionPerson, buildChampionWorld } from '../../champions/self-service/self-service.fixtures.ts';
import { giveCheck } from '../rota/rota.fixtures.ts';
import { buildSessionWorld, postRecordForm, recordFields } from './session-record.fixtures.ts';

/** A session today whose rota role needs an enhanced DBS check (Alice and Bob hold its places), and champions who might have helped. */
async function helperWorld() {
  const { app } = await testWorld();
  const world = await buildSessionWorld(app.db);
  await app.db
    .updateTable('champion_role_templates')
    .set({ name: 'Walk leader', check_level: 'enhanced_adult' })
    .where('id', '=', world.roleTemplateId)
    .execute();
  await app.db
    .insertInto('activity_roles')
    .values({
      activity_id: world.activityId,
      role_template_id: world.roleTemplateId,
      organisation_id: world.practiceId,
      places: 2,
    })
    .execute();
  const dave = await buildChampionPerson(app.db, world.practiceId, 'Dave Champion');
  const erin = await buildChampionPerson(app.db, world.practiceId, 'Erin Champion');
  await giveCheck(app.db, erin.championId);
  const alice = await signIn(app, world.alice);
  const hoursAt = async () =>
    (
      await app.db
        .selectFrom('champion_hours')
        .select(['champion_id', 'minutes'])
        .where('session_id', '=', world.sessionId)
        .orderBy('minutes')
        .execute()
    ).map((row) => [row.champion_id, row.minutes]);
  return { app, world, dave, erin, alice, hoursAt };
}

const helper = (championId: string, hours: string, minutes: string) => ({
  'extraChampion-0': championId,
  'extraHours-0': hours,
  'extraMinutes-0': minutes,
});

describe('recording a session: "another champion helped"', () => {
  test('a helper not cleared for the role the session needs is refused, naming what is missing, with the input kept', async () => {
    const { app, world, dave, alice, hoursAt } = await helperWorld();
    const refused = await postRecordForm(
      alice,
      world.sessionId,
      recordFields({ [world.alice.championId]: [1, 30] }, { headCount: '12', ...helper(dave.championId, '1', '15') }),
    );
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /There is a problem/);
    assert.match(
      refused.body,
      /Dave Champion cannot be recorded as helping: they are not cleared for the Walk leader role yet. Missing: A current enhanced with adults’ barred list DBS check/,
    );
    assert.match(refused.body, /href="#extraChampion-0"/);
    assert.match(refused.body, new RegExp(`<option value="${dave.championId}" selected`), 'the helper chosen is kept');
    assert.match(refused.body, /name="extraMinutes-0" type="text" value="15"/);
    assert.match(refused.body, /name="headCount" type="text" value="12"/);
    assert.match(refused.body, /<details class="nhsuk-details" open/, 'the helpers section is open');
    assert.deepEqual(await hoursAt(), [], 'nothing is recorded');
    const session = await app.db
      .selectFrom('activity_sessions')
      .select(['status', 'head_count'])
      .where('id', '=', world.sessionId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(session, { status: 'scheduled', head_count: null });

    const api = await alice.sendJson('POST', `/api/sessions/${world.sessionId}/record`, {
      headCount: 12,
      champions: [{ championId: dave.championId, hours: 1, minutes: 0 }],
      idempotencyKey: crypto.randomUUID(),
    });
    assert.equal(api.statusCode, 400);
    assert.match(api.json().errors[`hours-${dave.championId}`], /Dave Champion cannot be recorded as helping/);
  });

  test('a cleared helper is recorded; a rota champion is recorded whatever their clearance now; an earlier helper is not checked again', async () => {
    const { app, world, erin, alice, hoursAt } = await helperWorld();
    const recorded = await postRecordForm(
      alice,
      world.sessionId,
      recordFields(
        { [world.alice.championId]: [1, 30], [world.bob.championId]: [1, 0] },
        helper(erin.championId, '2', '0'),
      ),
    );
    assert.equal(
      recorded.statusCode,
      303,
      'Bob holds a place on the rota, so what he gave is recorded though he has no check',
    );
    assert.deepEqual(await hoursAt(), [
      [world.bob.championId, 60],
      [world.alice.championId, 90],
      [erin.championId, 120],
    ]);

    // Erin's check lapses; correcting the record later keeps her, as she was accepted when first recorded.
    await app.db.deleteFrom('champion_checks').where('champion_id', '=', erin.championId).execute();
    const corrected = await postRecordForm(
      alice,
      world.sessionId,
      recordFields({ [world.alice.championId]: [1, 30], [erin.championId]: [1, 45] }),
    );
    assert.equal(corrected.statusCode, 303);
    assert.deepEqual(await hoursAt(), [
      [world.alice.championId, 90],
      [erin.championId, 105],
    ]);
  });

  test('with several roles a helper needs clearance for one of them; the message names what each lacks', async () => {
    const { app, world, dave, alice, hoursAt } = await helperWorld();
    const hostRole = await buildRoleTemplate(app.db, world.practiceId, { name: 'Tea host', referencesRequired: 1 });
    await app.db
      .insertInto('activity_roles')
      .values({
        activity_id: world.activityId,
        role_template_id: hostRole,
        organisation_id: world.practiceId,
        places: 1,
      })
      .execute();
    const refused = await postRecordForm(
      alice,
      world.sessionId,
      recordFields({ [world.alice.championId]: [1, 30] }, helper(dave.championId, '1', '0')),
    );
    assert.equal(refused.statusCode, 400);
    assert.match(
      refused.body,
      /Dave Champion cannot be recorded as helping: they are not cleared for any role this activity needs. Missing for Tea host: 1 more reference. Walk leader: A current enhanced with adults’ barred list DBS check/,
    );

    await app.db
      .insertInto('champion_references')
      .values({
        id: crypto.randomUUID(),
        champion_id: dave.championId,
        referee_name: 'Pat Referee',
        received_on: '2026-01-05',
      })
      .execute();
    assert.equal(
      (
        await postRecordForm(
          alice,
          world.sessionId,
          recordFields({ [world.alice.championId]: [1, 30] }, helper(dave.championId, '1', '0')),
        )
      ).statusCode,
      303,
      'cleared as a tea host',
    );
    assert.deepEqual((await hoursAt()).map(([id]) => id).sort(), [world.alice.championId, dave.championId].sort());
  });

  test('only active champions of the practice can be chosen as helpers', async () => {
    const { app, world, alice, hoursAt } = await helperWorld();
    const fay = await buildChampionPerson(app.db, world.practiceId, 'Fay Champion');
    await giveCheck(app.db, fay.championId);
    await app.db.updateTable('champions').set({ stage: 'paused' }).where('id', '=', fay.championId).execute();
    const elsewhere = await buildChampionWorld(app.db);
    await giveCheck(app.db, elsewhere.alice.championId);
    const page = await alice.get(`/sessions/${world.sessionId}/record`);
    assert.doesNotMatch(page.body, /Fay Champion/, 'a paused champion is not offered');
    for (const championId of [fay.championId, elsewhere.alice.championId]) {
      const refused = await postRecordForm(
        alice,
        world.sessionId,
        recordFields({ [world.alice.championId]: [1, 30] }, helper(championId, '1', '0')),
      );
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /Choose a champion from the list/);
    }
    assert.deepEqual(await hoursAt(), []);
  });
});
