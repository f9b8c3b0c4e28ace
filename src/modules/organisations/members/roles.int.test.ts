import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import { type Agent, signIn } from '../../../../test/helpers/agent.ts';
import {
  type TestPerson,
  buildArea,
  buildNetwork,
  buildPerson,
  buildPractice,
  buildProgramme,
} from '../../../../test/helpers/factories.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import type { Database } from '../../../platform/db/schema.ts';

/** A page's visible text, tags dropped and spaces collapsed, for matching what a person reads. */
function textOf(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');
}

/** A practice with one manager, six champions and two receptionists, all named. */
async function staffedPractice(db: Kysely<Database>, options: { networkId?: string } = {}) {
  const practiceId = await buildPractice(db, options);
  const people: TestPerson[] = [
    await buildPerson(db, { roles: [[practiceId, 'practice_manager']], displayName: 'Priya Manager' }),
  ];
  for (let index = 0; index < 6; index += 1) {
    people.push(await buildPerson(db, { roles: [[practiceId, 'champion']], displayName: `Chris Champion ${index}` }));
  }
  for (let index = 0; index < 2; index += 1) {
    people.push(
      await buildPerson(db, { roles: [[practiceId, 'receptionist']], displayName: `Rory Reception ${index}` }),
    );
  }
  return { practiceId, people };
}

/** Every page and API address that would show who works in an organisation. */
function identifyingAddresses(organisationId: string): string[] {
  return [
    `/organisations/${organisationId}/members`,
    `/organisations/${organisationId}/members/invite`,
    `/organisations/${organisationId}/audit`,
    `/api/organisations/${organisationId}/members`,
    `/api/organisations/${organisationId}/audit-events`,
  ];
}

async function assertNeverSeesPeople(
  agent: Agent,
  organisationId: string,
  people: TestPerson[],
  status: number,
): Promise<void> {
  for (const url of identifyingAddresses(organisationId)) {
    const response = await agent.get(url);
    assert.equal(response.statusCode, status, url);
    for (const person of people) {
      assert.ok(
        !response.body.includes(person.displayName) && !response.body.includes(person.email),
        `${url} shows ${person.displayName}`,
      );
    }
  }
}

describe('roles: people who see only totals', () => {
  test('a commissioner sees totals for a practice in their area, small numbers hidden, and never the people', async () => {
    const { app } = await testWorld();
    const areaId = await buildArea(app.db);
    const networkId = await buildNetwork(app.db, { areaId });
    const { practiceId, people } = await staffedPractice(app.db, { networkId });
    const commissioner = await signIn(app, await buildPerson(app.db, { roles: [[areaId, 'commissioner']] }));

    const page = await commissioner.get(`/organisations/${practiceId}`);
    assert.equal(page.statusCode, 200);
    const text = textOf(page.body);
    assert.match(text, /You can see totals for this organisation, not the people in it/);
    assert.match(text, /Practice health champion 6 /);
    assert.match(text, /Practice manager fewer than 5 /);
    assert.match(text, /Receptionist or care navigator fewer than 5 /);
    assert.doesNotMatch(text, /Practice manager 1 |Receptionist or care navigator 2 /);
    for (const person of people) {
      assert.ok(!page.body.includes(person.displayName), `the practice page names ${person.displayName}`);
    }
    assert.doesNotMatch(text, /People and roles|Audit log/);
    await assertNeverSeesPeople(commissioner, practiceId, people, 404);

    // Looking at the whole area adds up everything below it.
    const area = textOf((await commissioner.get(`/organisations/${areaId}`)).body);
    assert.match(area, /Practice health champion 6 /);
    assert.match(area, /Commissioner or funder fewer than 5 /);
  });

  test('a commissioner of another area cannot see the practice at all', async () => {
    const { app } = await testWorld();
    const { practiceId } = await staffedPractice(app.db, {
      networkId: await buildNetwork(app.db, { areaId: await buildArea(app.db) }),
    });
    const elsewhere = await signIn(
      app,
      await buildPerson(app.db, { roles: [[await buildArea(app.db), 'commissioner']] }),
    );
    assert.equal((await elsewhere.get(`/organisations/${practiceId}`)).statusCode, 404);
    assert.equal((await elsewhere.get(`/api/organisations/${practiceId}`)).statusCode, 404);
  });

  test('a programme facilitator sees totals for the practices the programme supports, and nothing of others', async () => {
    const { app } = await testWorld();
    const supported = await staffedPractice(app.db);
    const notSupported = await staffedPractice(app.db);
    const programmeId = await buildProgramme(app.db, [supported.practiceId]);
    const facilitator = await signIn(app, await buildPerson(app.db, { roles: [[programmeId, 'facilitator']] }));

    const page = await facilitator.get(`/organisations/${supported.practiceId}`);
    assert.equal(page.statusCode, 200);
    assert.match(textOf(page.body), /Practice health champion 6 /);
    await assertNeverSeesPeople(facilitator, supported.practiceId, supported.people, 404);

    assert.equal((await facilitator.get(`/organisations/${notSupported.practiceId}`)).statusCode, 404);
    await assertNeverSeesPeople(facilitator, notSupported.practiceId, notSupported.people, 404);

    const programme = textOf((await facilitator.get(`/organisations/${programmeId}`)).body);
    assert.match(programme, /Practices supported/);
    assert.match(programme, /Practice health champion 6 /);
  });
});

describe('roles: network leads and practice staff', () => {
  test("a network lead sees their network's people and audit log, and totals (not people) for its practices", async () => {
    const { app } = await testWorld();
    const networkId = await buildNetwork(app.db);
    const lead = await buildPerson(app.db, { roles: [[networkId, 'network_lead']], displayName: 'Nadia Lead' });
    const linkWorker = await buildPerson(app.db, {
      roles: [[networkId, 'link_worker']],
      displayName: 'Lee Linkworker',
    });
    const { practiceId, people } = await staffedPractice(app.db, { networkId });
    const agent = await signIn(app, lead);

    const members = await agent.get(`/organisations/${networkId}/members`);
    assert.equal(members.statusCode, 200);
    assert.match(members.body, /Nadia Lead/);
    assert.match(members.body, /Lee Linkworker/);
    assert.ok(members.body.includes(linkWorker.email));
    assert.equal((await agent.get(`/organisations/${networkId}/audit`)).statusCode, 200);
    assert.match((await agent.get('/')).body, new RegExp(`href="/organisations/${networkId}/members"`));

    const practice = await agent.get(`/organisations/${practiceId}`);
    assert.equal(practice.statusCode, 200);
    assert.match(textOf(practice.body), /Practice health champion 6 /);
    await assertNeverSeesPeople(agent, practiceId, people, 404);
  });

  test('a champion may see their practice but is refused its People page and audit log', async () => {
    const { app } = await testWorld();
    const { practiceId, people } = await staffedPractice(app.db);
    const champion = people.find((person) => person.displayName === 'Chris Champion 0');
    assert.ok(champion);
    const agent = await signIn(app, champion);

    const page = await agent.get(`/organisations/${practiceId}`);
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(textOf(page.body), /People and roles|Audit log|People by role/);
    const others = people.filter((person) => person !== champion);
    await assertNeverSeesPeople(agent, practiceId, others, 403);
    assert.match(
      (await agent.get(`/organisations/${practiceId}/members`)).body,
      /You do not have permission to see this page/,
    );
  });
});

describe('roles: working in more than one organisation', () => {
  test('switching to an organisation you do not belong to is not found', async () => {
    const { app } = await testWorld();
    const areaId = await buildArea(app.db);
    const practiceBelow = await buildPractice(app.db, { networkId: await buildNetwork(app.db, { areaId }) });
    const commissioner = await signIn(app, await buildPerson(app.db, { roles: [[areaId, 'commissioner']] }));
    const stranger = await buildPractice(app.db);
    for (const organisationId of [stranger, practiceBelow, 'not-an-id']) {
      const response = await commissioner.postForm('/organisations/switch', { organisationId, returnTo: '/' });
      assert.equal(response.statusCode, 404, organisationId);
    }
    const me = JSON.parse((await commissioner.get('/api/me')).body);
    assert.equal(me.activeOrganisationId, areaId);
  });

  test('someone with roles in two practices switches between them and the header shows where they are working', async () => {
    const { app } = await testWorld();
    const alpha = await buildPractice(app.db, { name: `Alpha Surgery ${Date.now()}` });
    const beta = await buildPractice(app.db, { name: `Beta Surgery ${Date.now()}` });
    const person = await buildPerson(app.db, {
      roles: [
        [alpha, 'practice_manager'],
        [beta, 'champion'],
      ],
    });
    const agent = await signIn(app, person);

    const before = await agent.get('/organisations');
    assert.match(
      before.body,
      new RegExp(`<option value="${alpha}" selected>Alpha Surgery \\d+ \\(Practice manager\\)</option>`),
    );
    assert.match(
      before.body,
      new RegExp(`<option value="${beta}">Beta Surgery \\d+ \\(Practice health champion\\)</option>`),
    );
    assert.match(
      before.body,
      new RegExp(`href="/organisations/${alpha}/members"`),
      'People link for the practice they manage',
    );

    const switched = await agent.postForm('/organisations/switch', {
      organisationId: beta,
      returnTo: `/organisations/${alpha}/members`,
    });
    assert.equal(switched.statusCode, 303);
    assert.equal(switched.headers.location, `/organisations/${beta}`, 'not back to the page of the practice they left');
    const after = await agent.get(switched.headers.location ?? '');
    assert.match(after.body, new RegExp(`<option value="${beta}" selected>`));
    assert.doesNotMatch(after.body, new RegExp(`<option value="${alpha}" selected>`));
    assert.doesNotMatch(after.body, /\/members"/, 'no People link as a champion');
    assert.equal(JSON.parse((await agent.get('/api/me')).body).activeOrganisationId, beta);

    const back = await agent.postForm('/organisations/switch', { organisationId: alpha, returnTo: '/account' });
    assert.equal(back.headers.location, '/account');
    const audit = await app.db
      .selectFrom('audit_events')
      .select(['action', 'organisation_id'])
      .where('actor_user_id', '=', person.id)
      .where('action', '=', 'organisation.switched')
      .orderBy('at')
      .execute();
    assert.deepEqual(audit, [
      { action: 'organisation.switched', organisation_id: beta },
      { action: 'organisation.switched', organisation_id: alpha },
    ]);
  });
});
