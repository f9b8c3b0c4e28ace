import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { signIn } from '../../../../test/helpers/agent.ts';
import { buildService, uniqueWord } from '../../../../test/helpers/directory.ts';
import { buildNetwork, buildPerson, buildPractice } from '../../../../test/helpers/factories.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { parseSearchQuery } from './directory-search.schemas.ts';
import { runSearch } from './directory-search.service.ts';
import { NEEDS_TAXONOMY } from '../shared/taxonomies.rules.ts';

/** Runs a query string through the parser and the search, only over `ownerIds`' public services. */
async function search(ownerIds: string[], queryString: string) {
  const { app } = await testWorld();
  const parsed = parseSearchQuery(Object.fromEntries(new URLSearchParams(queryString)));
  assert.ok(parsed.ok, `valid query ${queryString}`);
  const outcome = await runSearch(app.db, { kind: 'public', ownerIds }, parsed.query);
  return outcome.results.map((result) => result.name);
}

describe('directory search: words, typos, filters and distance', () => {
  test('finds by stemmed words and by close spellings, and ranks the closer match first', async () => {
    const { app } = await testWorld();
    const practice = await buildPractice(app.db);
    const tag = uniqueWord();
    await buildService(app.db, {
      ownerId: practice,
      name: `${tag} Walking Group`,
      description: 'Walks for all abilities',
      postcode: 'LS28 7AA',
    });
    await buildService(app.db, {
      ownerId: practice,
      name: `${tag} Singing for the Brain`,
      description: 'A choir for people with memory loss',
      postcode: 'LS28 7AA',
    });

    assert.deepEqual(await search([practice], `q=walks ${tag}`), [`${tag} Walking Group`]);
    assert.deepEqual(await search([practice], 'q=walkng'), [`${tag} Walking Group`]);
    assert.deepEqual(await search([practice], 'q=singng'), [`${tag} Singing for the Brain`]);
    assert.deepEqual(await search([practice], 'q=choir memory'), [`${tag} Singing for the Brain`]);
    assert.deepEqual(await search([practice], 'q=quantum'), []);
    // A match in the name ranks above a match in the description.
    await buildService(app.db, {
      ownerId: practice,
      name: `${tag} Allotment club`,
      description: 'We walk to the allotment together',
      postcode: 'LS28 7AA',
    });
    assert.deepEqual(await search([practice], 'q=walk'), [`${tag} Walking Group`, `${tag} Allotment club`]);
  });

  test('filters by day and time of day, free of charge, age, language, accessibility and need', async () => {
    const { app } = await testWorld();
    const practice = await buildPractice(app.db);
    const [loneliness, physical] = [
      NEEDS_TAXONOMY.terms[0]?.id as string,
      NEEDS_TAXONOMY.terms.find((term) => term.code === 'physical-activity')?.id as string,
    ];
    await buildService(app.db, {
      ownerId: practice,
      name: 'Tuesday morning walk',
      postcode: 'LS28 7AA',
      sessions: [['TU', '10:00', '11:00']],
      cost: 0,
      needs: [physical],
      accessibility: 'Step-free route, wheelchair friendly',
    });
    await buildService(app.db, {
      ownerId: practice,
      name: 'Tuesday evening club',
      postcode: 'LS28 7AA',
      sessions: [['TU', '18:00', '20:00']],
      cost: 3,
      minimumAge: 18,
      needs: [loneliness],
      languages: ['Urdu', 'English'],
    });
    await buildService(app.db, {
      ownerId: practice,
      name: 'Friday youth group',
      postcode: 'LS28 7AA',
      sessions: [['MO,FR', '16:00', '18:00']],
      minimumAge: 11,
      maximumAge: 18,
      accessibility: 'Hearing loop in the main hall',
    });

    const names = (query: string) => search([practice], query).then((list) => list.sort());
    assert.deepEqual(await names('day=tuesday'), ['Tuesday evening club', 'Tuesday morning walk']);
    assert.deepEqual(await names('day=tuesday&time=morning'), ['Tuesday morning walk']);
    assert.deepEqual(await names('time=19:30'), ['Tuesday evening club']);
    assert.deepEqual(await names('day=monday'), ['Friday youth group']);
    assert.deepEqual(await names('free=yes'), ['Tuesday morning walk']);
    assert.deepEqual(await names('age=14'), ['Friday youth group', 'Tuesday morning walk']);
    assert.deepEqual(await names('age=70'), ['Tuesday evening club', 'Tuesday morning walk']);
    assert.deepEqual(await names('language=urdu'), ['Tuesday evening club']);
    assert.deepEqual(await names('access=step-free'), ['Tuesday morning walk']);
    assert.deepEqual(await names('access=hearing-loop'), ['Friday youth group']);
    assert.deepEqual(await names(`need=${physical}`), ['Tuesday morning walk']);
    assert.deepEqual(await names(`need=${loneliness}&day=tuesday&free=yes`), []);
  });

  test('distance: within the radius only, nearest first, from a full postcode or an outcode', async () => {
    const { app } = await testWorld();
    const practice = await buildPractice(app.db);
    await buildService(app.db, { ownerId: practice, name: 'In Pudsey', postcode: 'LS28 7AA' });
    await buildService(app.db, { ownerId: practice, name: 'In Bradford', postcode: 'BD10 8CC' });
    await buildService(app.db, { ownerId: practice, name: 'In Leeds centre', postcode: 'LS1 4AP' });
    await buildService(app.db, { ownerId: practice, name: 'Online only' });

    assert.deepEqual(await search([practice], 'near=LS28&within=1'), ['In Pudsey']);
    assert.deepEqual(await search([practice], 'near=ls28 9zz&within=10'), [
      'In Pudsey',
      'In Bradford',
      'In Leeds centre',
    ]);
    assert.deepEqual(await search([practice], 'near=BD10&within=25'), ['In Bradford', 'In Pudsey', 'In Leeds centre']);
    const withDistance = await runSearch(
      app.db,
      { kind: 'public', ownerIds: [practice] },
      { near: 'LS28', within: 10, free: false, page: 1, access: undefined },
    );
    assert.match(withDistance.results[1]?.distance ?? '', /^\d+\.\d miles$/);
    assert.equal(withDistance.place?.precision, 'district');
  });

  test('words and a place together: relevance fades with distance (halved at 8 km), so neither alone decides the order', async () => {
    const { app } = await testWorld();
    const practice = await buildPractice(app.db);
    const tag = uniqueWord();
    // From LS28: LS13 is about 2.5 km away and LS1 about 8 km; a name match outweighs a description match.
    await buildService(app.db, { ownerId: practice, name: `${tag} club, far`, postcode: 'LS1 1AA' });
    await buildService(app.db, {
      ownerId: practice,
      name: 'Description match, here',
      description: `Home of the ${tag} club`,
      postcode: 'LS28 7AA',
    });
    await buildService(app.db, { ownerId: practice, name: `${tag} club, near`, postcode: 'LS13 1AA' });
    await buildService(app.db, { ownerId: practice, name: `${tag} club, here`, postcode: 'LS28 7AA' });
    const combined = await search([practice], `q=${tag}&near=LS28&within=10`);
    assert.deepEqual(combined, [
      `${tag} club, here`,
      `${tag} club, near`,
      'Description match, here',
      `${tag} club, far`,
    ]);
    // By relevance alone the description match is last; by distance alone the far name match is.
    assert.deepEqual(await search([practice], `q=${tag}`), [
      `${tag} club, far`,
      `${tag} club, here`,
      `${tag} club, near`,
      'Description match, here',
    ]);
    assert.deepEqual(
      await search([practice], 'near=LS28&within=10').then((names) =>
        names.filter((name) => name.includes(tag) || name.startsWith('Description')),
      ),
      ['Description match, here', `${tag} club, here`, `${tag} club, near`, `${tag} club, far`],
    );
  });

  test('the public see active, published entries of the directory only; staff also see their own unpublished ones', async () => {
    const { app } = await testWorld();
    const network = await buildNetwork(app.db);
    const practice = await buildPractice(app.db, { networkId: network });
    const otherPractice = await buildPractice(app.db);
    const tag = uniqueWord();
    await buildService(app.db, { ownerId: practice, name: `${tag} published` });
    await buildService(app.db, { ownerId: practice, name: `${tag} draft`, published: false });
    await buildService(app.db, { ownerId: practice, name: `${tag} closed`, status: 'defunct' });
    await buildService(app.db, { ownerId: otherPractice, name: `${tag} elsewhere draft`, published: false });
    assert.deepEqual(await search([practice, network], `q=${tag}`), [`${tag} published`]);

    const receptionist = await buildPerson(app.db, { roles: [[practice, 'receptionist']] });
    const agent = await signIn(app, receptionist);
    const response = await agent.get(`/api/directory/search?q=${tag}`);
    assert.equal(response.statusCode, 200);
    const names = (response.json() as { results: { name: string }[] }).results.map((result) => result.name).sort();
    assert.deepEqual(names, [`${tag} draft`, `${tag} published`]);
  });

  test('the staff search page pages through results and marks entries that need checking', async () => {
    const { app } = await testWorld();
    const practice = await buildPractice(app.db);
    const tag = uniqueWord();
    for (let index = 0; index < 23; index += 1) {
      await buildService(app.db, {
        ownerId: practice,
        name: `${tag} group ${String(index).padStart(2, '0')}`,
        stale: index === 0,
      });
    }
    const agent = await signIn(app, await buildPerson(app.db, { roles: [[practice, 'receptionist']] }));
    const first = await agent.get(`/directory?q=${tag}`);
    assert.equal(first.statusCode, 200);
    assert.match(first.body, /23 services found/);
    assert.match(first.body, /Page 1 of 2/);
    assert.match(first.body, /Needs checking/);
    assert.match(first.body, /Checked today/);
    assert.match(first.body, new RegExp(`href="/directory\\?q=${tag}&amp;page=2#results"`));
    const second = await agent.get(`/directory?q=${tag}&page=2`);
    assert.equal((second.body.match(/class="app-result"/g) ?? []).length, 3);
    const beyond = await agent.get(`/directory?q=${tag}&page=9`);
    assert.equal(beyond.statusCode, 200);
    assert.match(beyond.body, /23 services found/);
  });

  test('bad input gets a 400 with the search kept: page, postcode, need, age and the JSON API', async () => {
    const { app } = await testWorld();
    const practice = await buildPractice(app.db);
    const agent = await signIn(app, await buildPerson(app.db, { roles: [[practice, 'receptionist']] }));
    const cases: [string, RegExp][] = [
      ['/directory?q=walk&page=abc', /Page must be a number/],
      ['/directory?q=walk&near=ZZ99', /We could not find ZZ99/],
      ['/directory?q=walk&near=not a postcode', /Enter a postcode, like LS28 7AA/],
      ['/directory?q=walk&need=00000000-0000-4000-8000-000000000000', /Select a need from the list/],
      ['/directory?q=walk&age=-4', /Enter an age in years/],
      ['/directory?q=walk&day=someday&within=2', /Select a day from the list/],
    ];
    for (const [url, message] of cases) {
      const response = await agent.get(url);
      assert.equal(response.statusCode, 400, url);
      assert.match(response.body, message, url);
      assert.match(response.body, /nhsuk-error-summary/);
      assert.match(
        response.body,
        /id="q" name="q" type="search" spellcheck="false" value="walk"/,
        `the words are kept: ${url}`,
      );
    }
    const api = await agent.get('/api/directory/search?near=ZZ99');
    assert.equal(api.statusCode, 400);
    assert.deepEqual(api.json(), {
      code: 'validation_failed',
      message: 'There is a problem with the information you gave',
      errors: { near: 'We could not find ZZ99. Check the postcode, or enter the first half, like LS28' },
    });
  });

  test('property: any query string on the staff, practice and network pages is answered with 200 or 400, never 5xx', async () => {
    const { app } = await testWorld();
    const network = await buildNetwork(app.db);
    const practice = await buildPractice(app.db, { networkId: network });
    const [practiceOds, networkOds] = await Promise.all(
      [practice, network].map(
        async (id) =>
          (await app.db.selectFrom('organisations').select('ods_code').where('id', '=', id).executeTakeFirstOrThrow())
            .ods_code,
      ),
    );
    const agent = await signIn(app, await buildPerson(app.db, { roles: [[practice, 'receptionist']] }));
    const key = fc.constantFrom(
      'q',
      'need',
      'day',
      'time',
      'free',
      'age',
      'access',
      'language',
      'near',
      'within',
      'page',
      'ids',
      'other',
    );
    const value = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom(
        'tuesday',
        'morning',
        '25:99',
        'yes',
        'LS28',
        'LS28 7AA',
        'step-free',
        '5',
        '0',
        '-1',
        '%',
        '\u0000',
        "' or 1=1 --",
        'walk & talk',
        'é',
      ),
      fc.integer().map(String),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(key, value), { maxLength: 6 }),
        fc.constantFrom('/directory', `/practices/${practiceOds}/directory`, `/networks/${networkOds}/directory`),
        async (pairs, path) => {
          const query = new URLSearchParams(pairs).toString();
          const response = await agent.get(`${path}?${query}`);
          assert.ok([200, 400].includes(response.statusCode), `${path}?${query} answered ${response.statusCode}`);
        },
      ),
      { numRuns: 60 },
    );
  });
});
