import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import { signIn } from '../../../../test/helpers/agent.ts';
import { buildActivity, buildRoleTemplate, buildSession } from '../../../../test/helpers/activity-factories.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { newId } from '../../../lib/ids.ts';
import type { Database } from '../../../platform/db/schema.ts';
import { buildChampionWorld } from '../self-service/self-service.fixtures.ts';
import { sessionMinutes } from './session-hours.service.ts';
import { londonToday } from '../../../lib/dates.ts';

const DAY = 86_400_000;
const daysFromNow = (days: number) => londonToday(new Date(Date.now() + days * DAY));

/** Puts a champion in a place on a session's rota (tests only). */
async function onRota(
  db: Kysely<Database>,
  sessionId: string,
  organisationId: string,
  roleTemplateId: string,
  championId: string,
): Promise<void> {
  await db
    .insertInto('activity_rota_places')
    .values({
      id: newId(),
      session_id: sessionId,
      organisation_id: organisationId,
      role_template_id: roleTemplateId,
      position: 1,
      champion_id: championId,
    })
    .execute();
}

describe('hours: a champion logs time against one of their own sessions', () => {
  test('only their recent past sessions without hours are offered; the hours carry the session and count in its total; a second time is refused', async () => {
    const { app } = await testWorld();
    const world = await buildChampionWorld(app.db);
    const { practiceId } = world;
    const role = await buildRoleTemplate(app.db, practiceId);
    const walk = await buildActivity(app.db, practiceId, { status: 'active', name: 'Riverside walk' });
    const knit = await buildActivity(app.db, practiceId, { status: 'active', name: 'Knit and natter' });
    await app.db
      .insertInto('activity_leads')
      .values({ activity_id: knit, champion_id: world.alice.championId, organisation_id: practiceId })
      .execute();

    const onRotaYesterday = await buildSession(app.db, walk, { date: daysFromNow(-1) });
    const ledLastWeek = await buildSession(app.db, knit, { date: daysFromNow(-6), startTime: '14:00', minutes: 120 });
    const bobsSession = await buildSession(app.db, walk, { date: daysFromNow(-2) });
    const longAgo = await buildSession(app.db, walk, { date: daysFromNow(-70) });
    const tomorrow = await buildSession(app.db, walk, { date: daysFromNow(1) });
    const cancelled = await buildSession(app.db, walk, { date: daysFromNow(-3), status: 'cancelled' });
    const recordedByLead = await buildSession(app.db, walk, { date: daysFromNow(-4) });
    for (const session of [onRotaYesterday, longAgo, tomorrow, cancelled, recordedByLead]) {
      await onRota(app.db, session, practiceId, role, world.alice.championId);
    }
    await onRota(app.db, bobsSession, practiceId, role, world.bob.championId);
    await app.db
      .insertInto('champion_hours')
      .values({
        id: newId(),
        organisation_id: practiceId,
        champion_id: world.alice.championId,
        worked_on: daysFromNow(-4),
        minutes: 90,
        category: 'session',
        description: 'Session: Riverside walk',
        session_id: recordedByLead,
      })
      .execute();

    const alice = await signIn(app, world.alice);
    const form = await alice.get('/champion/hours/session');
    assert.equal(form.statusCode, 200);
    const offered = [...form.body.matchAll(/name="sessionId" type="radio" value="([^"]+)"/g)].map((match) => match[1]);
    assert.deepEqual(
      offered,
      [onRotaYesterday, ledLastWeek],
      'newest first: on the rota yesterday, and a session of the activity she leads',
    );
    assert.match(form.body, /Knit and natter, \w+day \d+ \w+ \d{4}/);
    assert.match(form.body, /2pm to 4pm \(2 hours\)/);

    const kept = await alice.postForm('/champion/hours/session', {
      sessionId: onRotaYesterday,
      hours: 'lots',
      minutes: '0',
    });
    assert.equal(kept.statusCode, 400);
    assert.match(kept.body, /Hours must be a whole number/);
    assert.match(kept.body, new RegExp(`value="${onRotaYesterday}" checked`), 'the session chosen stays chosen');
    assert.match(kept.body, /value="lots"/);

    const logged = await alice.postForm('/champion/hours/session', {
      sessionId: onRotaYesterday,
      hours: '1',
      minutes: '30',
    });
    assert.equal(logged.statusCode, 303);
    const row = await app.db
      .selectFrom('champion_hours')
      .select(['organisation_id', 'worked_on', 'minutes', 'category', 'session_id', 'status'])
      .where('champion_id', '=', world.alice.championId)
      .where('session_id', '=', onRotaYesterday)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, {
      organisation_id: practiceId,
      worked_on: daysFromNow(-1),
      minutes: 90,
      category: 'session',
      session_id: onRotaYesterday,
      status: 'logged',
    });
    assert.equal(
      (await sessionMinutes(app.db, [onRotaYesterday])).get(onRotaYesterday),
      90,
      'it counts in the session’s total',
    );
    assert.doesNotMatch(
      (await alice.get('/champion/hours/session')).body,
      new RegExp(`value="${onRotaYesterday}"`),
      'no longer offered',
    );

    for (const already of [onRotaYesterday, recordedByLead]) {
      const again = await alice.postForm('/champion/hours/session', { sessionId: already, hours: '2', minutes: '0' });
      assert.equal(again.statusCode, 409, already);
      assert.match(again.body, /You already have hours for Riverside walk, \w+day/);
    }
    for (const notHers of [bobsSession, longAgo, tomorrow, cancelled, newId()]) {
      const refused = await alice.postForm('/champion/hours/session', { sessionId: notHers, hours: '1', minutes: '0' });
      assert.equal(refused.statusCode, 400, notHers);
      assert.match(refused.body, /Select one of your sessions from the list/);
    }
    const rows = await app.db
      .selectFrom('champion_hours')
      .select(['session_id', 'minutes'])
      .where('champion_id', '=', world.alice.championId)
      .orderBy('worked_on')
      .execute();
    assert.deepEqual(
      rows,
      [
        { session_id: recordedByLead, minutes: 90 },
        { session_id: onRotaYesterday, minutes: 90 },
      ],
      'nothing else was added or changed',
    );
    assert.equal(
      (await (await signIn(app, world.coordinator)).get('/champion/hours/session')).statusCode,
      403,
      'staff have no champion hours',
    );
  });

  test('the ad hoc form offers only preparation, directory research, travel and something else; older session and meeting rows still show', async () => {
    const { app } = await testWorld();
    const world = await buildChampionWorld(app.db);
    const alice = await signIn(app, world.alice);
    const form = await alice.get('/champion/hours/new');
    const kinds = [...form.body.matchAll(/name="category" type="radio" value="([^"]+)"/g)].map((match) => match[1]);
    assert.deepEqual(kinds, ['preparation', 'directory_research', 'travel', 'other']);
    assert.match(form.body, /href="\/champion\/hours\/session"/);
    const [year, month, day] = londonToday().split('-') as [string, string, string];
    for (const category of ['session', 'meeting']) {
      const refused = await alice.postForm('/champion/hours/new', {
        'workedOn[day]': day,
        'workedOn[month]': month,
        'workedOn[year]': year,
        hours: '1',
        minutes: '0',
        category,
        description: 'Ran the walk',
      });
      assert.equal(refused.statusCode, 400, category);
      assert.match(refused.body, /Select what the time was for/);
    }
    assert.equal(
      (
        await app.db
          .selectFrom('champion_hours')
          .select('id')
          .where('champion_id', '=', world.alice.championId)
          .execute()
      ).length,
      0,
    );

    // Rows logged before session and meeting time had to be linked keep their kinds.
    await app.db
      .insertInto('champion_hours')
      .values([
        {
          id: newId(),
          organisation_id: world.practiceId,
          champion_id: world.alice.championId,
          worked_on: daysFromNow(-100),
          minutes: 60,
          category: 'session',
          description: 'Old walk',
        },
        {
          id: newId(),
          organisation_id: world.practiceId,
          champion_id: world.alice.championId,
          worked_on: daysFromNow(-101),
          minutes: 45,
          category: 'meeting',
          description: 'Old meeting',
        },
      ])
      .execute();
    const mine = await alice.get('/champion/hours');
    assert.match(mine.body, /Running a session[\s\S]*Old walk/);
    assert.match(mine.body, /Meeting[\s\S]*Old meeting/);
    assert.match(mine.body, /1 hour 45 minutes/);
  });
});
