import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import { buildSession } from '../../../../test/helpers/activity-factories.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { newId } from '../../../lib/ids.ts';
import type { Database } from '../../../platform/db/schema.ts';
import { enqueueJob } from '../../../platform/jobs/queue.ts';
import { CLEARANCE_LAPSE_JOB, releaseLapsedPlaces } from './clearance-lapse.jobs.ts';
import { addDays, londonToday } from '../../../lib/dates.ts';
import { buildRotaWorld } from './rota.fixtures.ts';

/** A place on a session's rota, held by a champion (tests only). */
async function holdPlace(
  db: Kysely<Database>,
  sessionId: string,
  organisationId: string,
  roleTemplateId: string,
  championId: string,
): Promise<string> {
  const id = newId();
  await db
    .insertInto('activity_rota_places')
    .values({
      id,
      session_id: sessionId,
      organisation_id: organisationId,
      role_template_id: roleTemplateId,
      position: 1,
      champion_id: championId,
      assigned_at: new Date(),
    })
    .execute();
  return id;
}

async function holderOf(db: Kysely<Database>, placeId: string): Promise<string | null> {
  return (
    await db
      .selectFrom('activity_rota_places')
      .select('champion_id')
      .where('id', '=', placeId)
      .executeTakeFirstOrThrow()
  ).champion_id;
}

describe('rota: places released when the holder’s clearance lapses before the session', () => {
  test('the nightly job releases places on sessions after a check or course expires, keeps earlier ones, and emails the coordinator and the champion once', async () => {
    const { app } = await testWorld();
    const world = await buildRotaWorld(app.db);
    const { practiceId } = world;
    const today = londonToday();
    // Alice's adults' check (needed by the leader role) runs out in ten days.
    await app.db
      .updateTable('champion_checks')
      .set({ expires_on: addDays(today, 10) })
      .where('champion_id', '=', world.alice.championId)
      .execute();
    // Bob's host role needs a food hygiene course, which lapses in three days.
    await app.db
      .insertInto('champion_role_training')
      .values({ role_template_id: world.hostRoleId, course: 'Food hygiene' })
      .execute();
    await app.db
      .insertInto('champion_training')
      .values({
        id: newId(),
        champion_id: world.bob.championId,
        course: 'Food hygiene',
        completed_on: addDays(today, -700),
        expires_on: addDays(today, 3),
      })
      .execute();

    const soon = await buildSession(app.db, world.activityId, { date: addDays(today, 5) });
    const later = await buildSession(app.db, world.activityId, { date: addDays(today, 20) });
    const aliceSoon = await holdPlace(app.db, soon, practiceId, world.leaderRoleId, world.alice.championId);
    const aliceLater = await holdPlace(app.db, later, practiceId, world.leaderRoleId, world.alice.championId);
    const bobSoon = await holdPlace(app.db, soon, practiceId, world.hostRoleId, world.bob.championId);

    const released = await releaseLapsedPlaces(app.db, app.services.notifier, app.services.config);
    assert.ok(released >= 2);
    assert.equal(
      await holderOf(app.db, aliceSoon),
      world.alice.championId,
      'still cleared on the day of the earlier session',
    );
    assert.equal(await holderOf(app.db, aliceLater), null, 'her check will have expired by then');
    assert.equal(await holderOf(app.db, bobSoon), null, 'his course will have lapsed by then');

    const mail = async (to: string) =>
      app.db
        .selectFrom('outbox_messages')
        .select(['subject', 'body'])
        .where('recipient', '=', to.toLowerCase())
        .where('organisation_id', '=', practiceId)
        .orderBy('created_at')
        .execute();
    const toCoordinator = await mail(world.coordinator.email);
    assert.equal(toCoordinator.length, 2, 'one email about each champion');
    const aboutAlice = toCoordinator.find((message) => /Alice Champion/.test(message.subject));
    assert.ok(aboutAlice);
    assert.match(
      aboutAlice.body,
      new RegExp(
        `as Walk leader ${world.activityId.slice(-4)}\\. Missing on the day: A current enhanced with adults’ barred list DBS check`,
      ),
    );
    assert.doesNotMatch(aboutAlice.body, /Tea host/);
    assert.match(aboutAlice.body, new RegExp(`/organisations/${practiceId}/champions/${world.alice.championId}`));
    const toAlice = await mail(world.alice.email);
    assert.equal(toAlice.length, 1);
    assert.match(toAlice[0]?.subject ?? '', /Your rota places at .* have been released/);
    assert.match(toAlice[0]?.body ?? '', /Canal Street walk on .*, as Walk leader .*DBS check/);
    const toBob = await mail(world.bob.email);
    assert.match(
      toBob[0]?.body ?? '',
      new RegExp(`as Tea host ${world.activityId.slice(-4)}\\. Missing on the day: Current training: Food hygiene`),
    );
    const audited = await app.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'activity.rota-released-on-lapse')
      .where('subject_id', '=', world.alice.championId)
      .execute();
    assert.equal(audited.length, 1);

    // Run again, this time as the registered nightly job: nothing more is released or sent.
    await enqueueJob(app.db, CLEARANCE_LAPSE_JOB);
    await (await testWorld()).runJobs();
    assert.equal(await holderOf(app.db, aliceSoon), world.alice.championId);
    assert.equal((await mail(world.coordinator.email)).length, 2);
    assert.equal((await mail(world.alice.email)).length, 1);
  });

  test('a renewed check keeps the place; past and cancelled sessions are left alone', async () => {
    const { app } = await testWorld();
    const world = await buildRotaWorld(app.db);
    const today = londonToday();
    await app.db
      .updateTable('champion_checks')
      .set({ expires_on: addDays(today, -1) })
      .where('champion_id', '=', world.alice.championId)
      .execute();
    const past = await buildSession(app.db, world.activityId, { date: addDays(today, -3) });
    const cancelled = await buildSession(app.db, world.activityId, { date: addDays(today, 6), status: 'cancelled' });
    const coming = await buildSession(app.db, world.activityId, { date: addDays(today, 8) });
    const pastPlace = await holdPlace(app.db, past, world.practiceId, world.leaderRoleId, world.alice.championId);
    const cancelledPlace = await holdPlace(
      app.db,
      cancelled,
      world.practiceId,
      world.leaderRoleId,
      world.alice.championId,
    );
    const comingPlace = await holdPlace(app.db, coming, world.practiceId, world.leaderRoleId, world.alice.championId);
    // Renewed before the job runs: a second, current check.
    await app.db
      .insertInto('champion_checks')
      .values({
        id: newId(),
        champion_id: world.alice.championId,
        level: 'enhanced_adult',
        issued_on: today,
        certificate_reference: '009876543210',
        expires_on: addDays(today, 1000),
      })
      .execute();

    await releaseLapsedPlaces(app.db, app.services.notifier, app.services.config);
    for (const place of [pastPlace, cancelledPlace, comingPlace]) {
      assert.equal(await holderOf(app.db, place), world.alice.championId);
    }
  });
});
