import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import { newId } from '../../../lib/ids.ts';
import type { Database } from '../../../platform/db/schema.ts';
import { buildActivity, buildSession } from '../../../../test/helpers/activity-factories.ts';
import { signIn } from '../../../../test/helpers/agent.ts';
import { buildArea, buildNetwork, buildPerson, buildPractice } from '../../../../test/helpers/factories.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { addDays, londonToday } from '../../../lib/dates.ts';
import { buildApplicant } from '../../champions/recruitment/recruitment.fixtures.ts';
import { buildChampionPerson, buildChampionWorld } from '../../champions/self-service/self-service.fixtures.ts';
import { buildRotaWorld } from '../../activities/rota/rota.fixtures.ts';

/** A row of hours waiting for verification (tests only). */
async function logHours(db: Kysely<Database>, organisationId: string, championId: string): Promise<void> {
  await db
    .insertInto('champion_hours')
    .values({
      id: newId(),
      organisation_id: organisationId,
      champion_id: championId,
      worked_on: londonToday(),
      minutes: 90,
      category: 'preparation',
    })
    .execute();
}

/** An expense claim waiting for a decision (tests only). */
async function submitClaim(db: Kysely<Database>, organisationId: string, championId: string): Promise<void> {
  await db
    .insertInto('expense_claims')
    .values({ id: newId(), organisation_id: organisationId, champion_id: championId, total_pence: 1250 })
    .execute();
}

/** The "Your work" section of a home page. */
function yourWork(body: string): string {
  const start = body.indexOf('<h2>Your work</h2>');
  return start < 0 ? '' : body.slice(start, body.indexOf('Your organisation and account', start));
}

describe('home: a start page of the person’s work in their active organisation', () => {
  test('a coordinator sees what is waiting, counted, with links to the pages that deal with it', async () => {
    const { app } = await testWorld();
    const world = await buildChampionWorld(app.db);
    await buildApplicant(app.db, { organisationId: world.practiceId, name: 'Ivy Interested', stage: 'interested' });
    await buildApplicant(app.db, { organisationId: world.practiceId, name: 'Colin Checks', stage: 'checks' });
    await logHours(app.db, world.practiceId, world.alice.championId);
    await submitClaim(app.db, world.practiceId, world.bob.championId);
    await app.db
      .insertInto('champion_training')
      .values({
        id: newId(),
        champion_id: world.alice.championId,
        course: 'First aid',
        completed_on: addDays(londonToday(), -700),
        expires_on: addDays(londonToday(), 10),
      })
      .execute();
    await buildSession(app.db, await buildActivity(app.db, world.practiceId, { status: 'active' }));

    const coordinator = await signIn(app, world.coordinator);
    const page = await coordinator.get('/');
    assert.equal(page.statusCode, 200);
    const work = yourWork(page.body);
    const base = `/organisations/${world.practiceId}`;
    assert.match(work, /2 applicants waiting in the pipeline/);
    assert.match(work, new RegExp(`<a href="${base}/champions\\?stage=interested">Interested</a>: 1`));
    assert.match(work, new RegExp(`<a href="${base}/champions\\?stage=checks">Checks</a>: 1`));
    assert.match(work, new RegExp(`<a href="${base}/champions\\?stage=conversation">Conversation</a>: 0`));
    assert.match(work, /1 time entry waiting to be verified/);
    assert.match(work, /1 claim waiting for a decision/);
    assert.match(work, /1 check or course lapsing in the next 30 days/);
    assert.match(work, /1 session today/);
    assert.match(work, /0 proposed changes waiting for review/);
    assert.match(work, /0 checking tasks open/);
    for (const href of [
      `${base}/champions`,
      `${base}/champion-hours`,
      `${base}/expense-claims`,
      `${base}/sessions`,
      `/directory/reviews?organisation=${world.practiceId}`,
      `/directory/tasks?organisation=${world.practiceId}`,
    ]) {
      assert.ok(work.includes(`href="${href}"`), `links to ${href}`);
      assert.equal((await coordinator.get(href)).statusCode, 200, `${href} opens for the coordinator`);
    }
    assert.doesNotMatch(work, /Ivy Interested|Colin Checks|Alice Champion|Bob Champion/, 'counts, not names');
    assert.doesNotMatch(work, /Your rota/, 'a coordinator is not on the rota');
  });

  test('a champion sees their next rota place and their own pages, and no one else’s work', async () => {
    const { app } = await testWorld();
    const world = await buildRotaWorld(app.db);
    const soon = await buildSession(app.db, world.activityId, { date: addDays(londonToday(), 3), startTime: '10:00' });
    const later = await buildSession(app.db, world.activityId, {
      date: addDays(londonToday(), 10),
      startTime: '10:00',
    });
    await app.db
      .insertInto('activity_rota_places')
      .values([
        {
          id: newId(),
          session_id: later,
          organisation_id: world.practiceId,
          role_template_id: world.hostRoleId,
          champion_id: world.alice.championId,
        },
        {
          id: newId(),
          session_id: soon,
          organisation_id: world.practiceId,
          role_template_id: world.leaderRoleId,
          champion_id: world.alice.championId,
        },
      ])
      .execute();
    await logHours(app.db, world.practiceId, world.bob.championId);

    const alice = await signIn(app, world.alice);
    const work = yourWork((await alice.get('/')).body);
    const leader = await app.db
      .selectFrom('champion_role_templates')
      .select('name')
      .where('id', '=', world.leaderRoleId)
      .executeTakeFirstOrThrow();
    assert.match(work, new RegExp(`Your next place: [^<]+, Canal Street walk, as ${leader.name}`));
    assert.ok(work.includes('href="/champion/rota"'));
    assert.ok(work.includes('href="/champion"'));
    assert.doesNotMatch(work, /Hours to verify|Applicants waiting|Expense claims/, 'coordinator work is not offered');

    const bob = await signIn(app, world.bob);
    assert.match(yourWork((await bob.get('/')).body), /You have no places on the rota yet/);
  });

  test('a coordinator of practice A sees none of practice B’s counts', async () => {
    const { app } = await testWorld();
    const practiceA = await buildChampionWorld(app.db);
    const practiceB = await buildChampionWorld(app.db);
    for (const stage of ['interested', 'conversation', 'induction'] as const) {
      await buildApplicant(app.db, { organisationId: practiceB.practiceId, stage });
    }
    await logHours(app.db, practiceB.practiceId, practiceB.alice.championId);
    await submitClaim(app.db, practiceB.practiceId, practiceB.alice.championId);
    await buildSession(app.db, await buildActivity(app.db, practiceB.practiceId, { status: 'active' }));

    const coordinatorA = await signIn(app, practiceA.coordinator);
    const page = await coordinatorA.get('/');
    const work = yourWork(page.body);
    assert.match(work, /0 applicants waiting/);
    assert.match(work, /0 time entries waiting to be verified/);
    assert.match(work, /0 claims waiting for a decision/);
    assert.match(work, /0 sessions today/);
    assert.ok(!page.body.includes(practiceB.practiceId), 'nothing of practice B is linked');

    // Someone with no standing in any organisation sees no work at all.
    const outsider = await signIn(app, await buildPerson(app.db));
    assert.equal(yourWork((await outsider.get('/')).body), '');
  });

  test('a commissioner sees totals to follow, never named people or their work', async () => {
    const { app } = await testWorld();
    const areaId = await buildArea(app.db);
    const practiceId = await buildPractice(app.db, { networkId: await buildNetwork(app.db, { areaId }) });
    await buildApplicant(app.db, { organisationId: practiceId, name: 'Nora Named', stage: 'interested' });
    const champion = await buildChampionPerson(app.db, practiceId, 'Carl Champion');
    await logHours(app.db, practiceId, champion.championId);
    const commissioner = await signIn(app, await buildPerson(app.db, { roles: [[areaId, 'commissioner']] }));

    const page = await commissioner.get('/');
    assert.equal(page.statusCode, 200);
    const work = yourWork(page.body);
    assert.match(work, /Totals for this organisation and those it supports, with small numbers hidden/);
    assert.ok(work.includes(`href="/organisations/${areaId}"`));
    assert.doesNotMatch(page.body, /Nora Named|Carl Champion/, 'no names');
    assert.doesNotMatch(work, /Applicants waiting|Hours to verify|Expense claims|Directory reviews|Your rota/);
  });
});
