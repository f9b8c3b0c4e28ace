import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { signIn } from '../../../../test/helpers/agent.ts';
import { buildActivity, buildRoleTemplate } from '../../../../test/helpers/activity-factories.ts';
import { buildPerson, buildPractice } from '../../../../test/helpers/factories.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { newId } from '../../../lib/ids.ts';
import { addDays, londonToday } from '../../../lib/dates.ts';
import { buildRotaWorld } from './rota.fixtures.ts';
import { addRotaPlaces } from '../schedules/session-generation.jobs.ts';

/** A session of the world's activity with the given start, date and length (tests only). */
async function sessionAt(
  activityId: string,
  organisationId: string,
  startsAt: Date,
  localDate: string,
  minutes = 60,
): Promise<string> {
  const { app } = await testWorld();
  const id = newId();
  await app.db
    .insertInto('activity_sessions')
    .values({
      id,
      activity_id: activityId,
      organisation_id: organisationId,
      starts_at: startsAt,
      ends_at: new Date(startsAt.getTime() + minutes * 60_000),
      local_date: localDate,
    })
    .execute();
  return id;
}

async function openPlace(sessionId: string, roleId: string): Promise<string> {
  const { app } = await testWorld();
  return (
    await app.db
      .selectFrom('activity_rota_places')
      .select('id')
      .where('session_id', '=', sessionId)
      .where('role_template_id', '=', roleId)
      .where('champion_id', 'is', null)
      .executeTakeFirstOrThrow()
  ).id;
}

describe('the rota on the day and across practices', () => {
  test('on the day, the coordinator can still put someone on a session that has started; a champion cannot take it; an earlier day is closed to both', async () => {
    const { app } = await testWorld();
    const world = await buildRotaWorld(app.db);
    const startedToday = await sessionAt(
      world.activityId,
      world.practiceId,
      new Date(Date.now() - 60_000),
      londonToday(),
    );
    const yesterday = await sessionAt(
      world.activityId,
      world.practiceId,
      new Date(Date.now() - 26 * 3_600_000),
      addDays(londonToday(), -1),
    );
    for (const sessionId of [startedToday, yesterday]) {
      await addRotaPlaces(app.db, { id: sessionId, organisation_id: world.practiceId }, [
        { role_template_id: world.hostRoleId, places: 2 },
      ]);
    }
    const bob = await signIn(app, world.bob);
    const taking = await bob.postForm(`/champion/rota/${await openPlace(startedToday, world.hostRoleId)}/take`, {});
    assert.equal(taking.statusCode, 409, 'a champion cannot take a place once the session has started');

    const coordinator = await signIn(app, world.coordinator);
    const url = `/activities/${world.activityId}/sessions/${startedToday}`;
    const page = await coordinator.get(url);
    assert.match(page.body, /Assign/, 'the coordinator is offered the open places');
    const assigned = await coordinator.postForm(
      `${url}/rota/${await openPlace(startedToday, world.hostRoleId)}/assign`,
      { championId: world.bob.championId },
    );
    assert.equal(assigned.statusCode, 303);
    const held = await app.db
      .selectFrom('activity_rota_places')
      .select('id')
      .where('session_id', '=', startedToday)
      .where('champion_id', '=', world.bob.championId)
      .execute();
    assert.equal(held.length, 1);

    const late = await coordinator.postForm(
      `/activities/${world.activityId}/sessions/${yesterday}/rota/${await openPlace(yesterday, world.hostRoleId)}/assign`,
      { championId: world.bob.championId },
    );
    assert.equal(late.statusCode, 409);
    assert.match(late.body, /earlier day/);
  });

  test('someone who champions at two practices cannot be on both rotas at the same time', async () => {
    const { app } = await testWorld();
    const world = await buildRotaWorld(app.db);
    const otherPractice = await buildPractice(app.db);
    const otherCoordinator = await buildPerson(app.db, { roles: [[otherPractice, 'coordinator']] });
    await app.db
      .insertInto('memberships')
      .values({
        id: newId(),
        user_id: world.bob.id,
        organisation_id: otherPractice,
        role: 'champion',
        granted_by: null,
      })
      .execute();
    const bobElsewhere = newId();
    await app.db
      .insertInto('champions')
      .values({
        id: bobElsewhere,
        organisation_id: otherPractice,
        user_id: world.bob.id,
        display_name: 'Bob Champion',
        email: world.bob.email,
        stage: 'active',
      })
      .execute();
    const otherActivity = await buildActivity(app.db, otherPractice, { status: 'active', name: 'Millpond café' });
    const otherHost = await buildRoleTemplate(app.db, otherPractice, { name: 'Café host' });
    await app.db
      .insertInto('activity_roles')
      .values({ activity_id: otherActivity, role_template_id: otherHost, organisation_id: otherPractice, places: 1 })
      .execute();

    const start = new Date(Date.now() + 3 * 86_400_000);
    const here = await sessionAt(world.activityId, world.practiceId, start, addDays(londonToday(), 3), 90);
    const there = await sessionAt(
      otherActivity,
      otherPractice,
      new Date(start.getTime() + 30 * 60_000),
      addDays(londonToday(), 3),
      60,
    );
    await addRotaPlaces(app.db, { id: here, organisation_id: world.practiceId }, [
      { role_template_id: world.hostRoleId, places: 1 },
    ]);
    await addRotaPlaces(app.db, { id: there, organisation_id: otherPractice }, [
      { role_template_id: otherHost, places: 1 },
    ]);
    const coordinator = await signIn(app, world.coordinator);
    const first = await coordinator.postForm(
      `/activities/${world.activityId}/sessions/${here}/rota/${await openPlace(here, world.hostRoleId)}/assign`,
      { championId: world.bob.championId },
    );
    assert.equal(first.statusCode, 303);
    const other = await signIn(app, otherCoordinator);
    const second = await other.postForm(
      `/activities/${otherActivity}/sessions/${there}/rota/${await openPlace(there, otherHost)}/assign`,
      { championId: bobElsewhere },
    );
    assert.equal(second.statusCode, 409);
    assert.match(second.body, /already on the rota for Canal Street walk/);
  });
});
