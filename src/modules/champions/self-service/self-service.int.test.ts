import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { signIn } from '../../../../test/helpers/agent.ts';
import { buildPerson } from '../../../../test/helpers/factories.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { newId } from '../../../lib/ids.ts';
import { buildChampionWorld } from './self-service.fixtures.ts';
import { londonToday } from '../../../lib/dates.ts';

describe('champion self-service', () => {
  test('a champion sees their totals and milestones and edits their contact details, interests, skills, languages and availability', async () => {
    const { app } = await testWorld();
    const world = await buildChampionWorld(app.db);
    await app.db
      .insertInto('champion_hours')
      .values({
        id: newId(),
        organisation_id: world.practiceId,
        champion_id: world.alice.championId,
        worked_on: londonToday(),
        minutes: 11 * 60,
        category: 'session',
        description: 'Walks',
      })
      .execute();
    const alice = await signIn(app, world.alice);
    const home = await alice.get('/champion');
    assert.equal(home.statusCode, 200);
    assert.match(home.body, /Hello, Alice Champion/);
    assert.match(home.body, /10 hours/);
    assert.match(home.body, /39 hours to go until 50 hours/);

    const bad = await alice.postForm('/champion/profile', {
      email: 'not-an-email',
      phone: 'call me',
      languages: 'English, Urdu',
      availability: 'whenever',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Enter an email address in the correct format/);
    assert.match(bad.body, /value="English, Urdu"/);
    assert.match(bad.body, /Select from the times listed/);
    const form = new URLSearchParams([
      ['_csrf', await alice.csrfToken()],
      ['email', 'alice.new@example.test'],
      ['phone', '07700 900 982'],
      ['interests', 'walking'],
      ['interests', 'gardening'],
      ['skills', 'first aid, baking'],
      ['languages', 'English, Urdu, English'],
      ['availability', 'tue_morning'],
      ['availability', 'sat_afternoon'],
    ]);
    const saved = await alice.request({
      method: 'POST',
      url: '/champion/profile',
      payload: form.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(saved.statusCode, 303);
    const tags = await app.db
      .selectFrom('champion_tags')
      .select(['kind', 'value'])
      .where('champion_id', '=', world.alice.championId)
      .orderBy('kind')
      .orderBy('value')
      .execute();
    assert.deepEqual(tags, [
      { kind: 'availability', value: 'sat_afternoon' },
      { kind: 'availability', value: 'tue_morning' },
      { kind: 'interest', value: 'gardening' },
      { kind: 'interest', value: 'walking' },
      { kind: 'language', value: 'English' },
      { kind: 'language', value: 'Urdu' },
      { kind: 'skill', value: 'baking' },
      { kind: 'skill', value: 'first aid' },
    ]);
    const profile = await alice.get('/champion/profile');
    assert.match(profile.body, /value="07700 900 982"/);
    assert.match(profile.body, /value="tue_morning" checked/);
    assert.match(profile.body, /value="gardening" checked/);
    assert.match(profile.body, /value="baking, first aid"/);
    assert.match(profile.body, /<legend[^>]*>\s*Tuesday\s*<\/legend>/, 'one fieldset per day, named by its legend');
    const untick = new URLSearchParams([
      ['_csrf', await alice.csrfToken()],
      ['email', 'alice.new@example.test'],
      ['phone', ''],
      ['skills', ''],
      ['languages', 'English'],
      ['availability', 'weekday_evenings'],
    ]);
    assert.equal(
      (
        await alice.request({
          method: 'POST',
          url: '/champion/profile',
          payload: untick.toString(),
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        })
      ).statusCode,
      303,
    );
    const after = await app.db
      .selectFrom('champion_tags')
      .select(['kind', 'value'])
      .where('champion_id', '=', world.alice.championId)
      .where('kind', 'in', ['interest', 'skill', 'availability'])
      .orderBy('value')
      .execute();
    assert.deepEqual(
      after.map((tag) => tag.value),
      ['fri_evening', 'mon_evening', 'thu_evening', 'tue_evening', 'wed_evening'],
      'interests and skills cleared; the old "weekday evenings" means Monday to Friday evenings',
    );
    const bobTags = await app.db
      .selectFrom('champion_tags')
      .select('value')
      .where('champion_id', '=', world.bob.championId)
      .execute();
    assert.equal(bobTags.length, 0);
  });

  test('staff without the champion role get 403 on champion pages; a champion role with no record gets 404', async () => {
    const { app } = await testWorld();
    const world = await buildChampionWorld(app.db);
    const coordinator = await signIn(app, world.coordinator);
    for (const url of ['/champion', '/champion/hours', '/champion/expenses/new', '/champion/profile']) {
      assert.equal((await coordinator.get(url)).statusCode, 403, url);
    }
    const unlinked = await signIn(app, await buildPerson(app.db, { roles: [[world.practiceId, 'champion']] }));
    assert.equal((await unlinked.get('/champion')).statusCode, 404);
    assert.equal((await unlinked.postForm('/champion/hours/new', { hours: '1' })).statusCode, 404);
  });
});
