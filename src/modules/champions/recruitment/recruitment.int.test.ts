import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Agent, signIn } from '../../../../test/helpers/agent.ts';
import { buildNetwork, buildPerson, buildPractice, uniqueEmail } from '../../../../test/helpers/factories.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { buildApplicant } from './recruitment.fixtures.ts';

async function odsOf(practiceId: string): Promise<string> {
  const { app } = await testWorld();
  const row = await app.db
    .selectFrom('organisations')
    .select('ods_code')
    .where('id', '=', practiceId)
    .executeTakeFirstOrThrow();
  return row.ods_code ?? '';
}

const GOOD_FORM = {
  fullName: 'Ada Lovelace',
  email: '',
  phone: '07700 900982',
  interests: 'walking',
  skills: 'first aid, baking',
  languages: 'English, Urdu',
  availability: 'tue_morning',
  accessNeeds: '',
  heardVia: 'poster',
  consent: 'yes',
};

describe('champions: the public "become a champion" page', () => {
  test('anyone can open it without signing in; it explains the role and how their information is used', async () => {
    const { app } = await testWorld();
    const practiceId = await buildPractice(app.db, { name: 'Lockside Surgery' });
    const page = await new Agent(app).get(`/practices/${await odsOf(practiceId)}/become-a-champion`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Become a practice health champion/);
    assert.match(page.body, /How we use your information/);
    assert.match(page.body, /Lockside Surgery/);
    assert.equal((await new Agent(app).get('/practices/ZZZZZZ/become-a-champion')).statusCode, 404);
  });

  test('bad input is shown again with a clear error and everything typed kept', async () => {
    const { app } = await testWorld();
    const practiceId = await buildPractice(app.db);
    const agent = new Agent(app);
    const response = await agent.postForm(`/practices/${await odsOf(practiceId)}/become-a-champion`, {
      ...GOOD_FORM,
      phone: '',
      email: 'not-an-email',
      consent: '',
    });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /There is a problem/);
    assert.match(response.body, /Enter an email address in the correct format/);
    assert.match(response.body, /Confirm you have read how we use your information/);
    assert.match(response.body, /value="Ada Lovelace"/);
    assert.match(response.body, /value="not-an-email"/);
    assert.match(response.body, /value="walking" checked/);
    const none = await app.db.selectFrom('champions').select('id').where('organisation_id', '=', practiceId).execute();
    assert.equal(none.length, 0);
  });

  test('a good form records the person at "interested", with tags and history; a campaign link is remembered', async () => {
    const { app } = await testWorld();
    const practiceId = await buildPractice(app.db);
    const coordinator = await buildPerson(app.db, { roles: [[practiceId, 'coordinator']] });
    const staff = await signIn(app, coordinator);
    const nextYear = new Date().getFullYear() + 1;
    const created = await staff.postForm(`/organisations/${practiceId}/champions/campaigns`, {
      name: 'Spring text',
      channel: 'text_message',
      startsOn: '2026-03-01',
      endsOn: `${nextYear}-03-31`,
    });
    assert.equal(created.statusCode, 303);
    const campaignPage = await staff.get(created.headers.location as string);
    assert.match(campaignPage.body, /src="data:image\/png;base64,/);
    const code = /\/join\/([a-z0-9-]+)/.exec(campaignPage.body)?.[1] ?? '';

    const visitor = new Agent(app);
    const joined = await visitor.get(`/join/${code}`);
    assert.equal(joined.statusCode, 302);
    const form = await visitor.get(joined.headers.location as string);
    assert.match(form.body, new RegExp(`name="campaign" value="${code}"`));
    const sent = await visitor.postForm(`/practices/${await odsOf(practiceId)}/become-a-champion`, {
      ...GOOD_FORM,
      accessNeeds: 'A ground-floor room, please: I use a wheelchair',
      campaign: code,
    });
    assert.equal(sent.statusCode, 303);
    assert.match((await visitor.get(sent.headers.location as string)).body, /Thank you for your interest/);

    const row = await app.db
      .selectFrom('champions')
      .selectAll()
      .where('organisation_id', '=', practiceId)
      .executeTakeFirstOrThrow();
    assert.equal(row.stage, 'interested');
    assert.equal(row.display_name, 'Ada Lovelace');
    assert.ok(row.campaign_id);
    assert.equal(row.heard_via, 'poster', 'how they heard is kept');
    assert.equal(row.access_needs, 'A ground-floor room, please: I use a wheelchair', 'access needs are kept');
    const tags = await app.db
      .selectFrom('champion_tags')
      .select(['kind', 'value'])
      .where('champion_id', '=', row.id)
      .orderBy('kind')
      .orderBy('value')
      .execute();
    assert.deepEqual(
      tags.map((tag) => `${tag.kind}:${tag.value}`),
      [
        'availability:tue_morning',
        'interest:walking',
        'language:English',
        'language:Urdu',
        'skill:baking',
        'skill:first aid',
      ],
    );

    const told = await app.db
      .selectFrom('outbox_messages')
      .select(['subject', 'body'])
      .where('recipient', '=', coordinator.email.toLowerCase())
      .executeTakeFirstOrThrow();
    assert.match(told.subject, /would like to become a champion/);
    assert.match(told.body, new RegExp(`/organisations/${practiceId}/champions/${row.id}`));
    assert.doesNotMatch(told.body, /Ada Lovelace|07700/);

    const pipeline = await staff.get(`/organisations/${practiceId}/champions`);
    assert.equal(pipeline.statusCode, 200);
    assert.match(pipeline.body, /Ada Lovelace/);
  });
});

describe('champions: pipeline search, tenancy and permissions', () => {
  test('filters by interest, day and time of day, and language, and pages through 300+ applicants', async () => {
    const { app } = await testWorld();
    const practiceId = await buildPractice(app.db);
    const coordinator = await buildPerson(app.db, { roles: [[practiceId, 'coordinator']] });
    const rows = Array.from({ length: 310 }, (_unused, index) => index);
    for (const index of rows) {
      await buildApplicant(app.db, {
        organisationId: practiceId,
        name: `Person ${index}`,
        interests: [index % 2 ? 'walking' : 'crafts'],
        availability: index % 3 ? ['sat_morning', 'tue_evening'] : ['tue_morning', 'thu_morning'],
        languages: index % 10 === 0 ? ['Urdu'] : ['English'],
      });
    }
    const agent = await signIn(app, coordinator);
    const first = await agent.get(`/organisations/${practiceId}/champions`);
    assert.match(first.body, /Showing 1 to 25 of 310 people/);
    assert.match(first.body, /Next page/);
    const filtered = await agent.get(
      `/organisations/${practiceId}/champions?interest=crafts&day=tue&part=morning&language=urdu`,
    );
    // Even indexes (crafts), divisible by 3 (mornings) and by 10 (Urdu): multiples of 30 below 310.
    assert.match(filtered.body, /Showing 1 to 11 of 11 people/);
    const page2 = await agent.get(`/organisations/${practiceId}/champions?interest=walking&page=2`);
    assert.match(page2.body, /Showing 26 to 50 of 155 people/);
    assert.match(page2.body, /interest=walking/);
  });

  test("another practice's coordinator gets 404 and a champion gets 403 for coordinator pages", async () => {
    const { app } = await testWorld();
    const practiceA = await buildPractice(app.db);
    const practiceB = await buildPractice(app.db);
    const applicant = await buildApplicant(app.db, { organisationId: practiceA, name: 'Secret Applicant' });
    const outsider = await signIn(app, await buildPerson(app.db, { roles: [[practiceB, 'coordinator']] }));
    const champion = await signIn(app, await buildPerson(app.db, { roles: [[practiceA, 'champion']] }));
    const pages = [
      '',
      `/${applicant}`,
      `/${applicant}/stage`,
      `/${applicant}/checks`,
      `/${applicant}/references`,
      `/${applicant}/training`,
      '/campaigns',
      '/roles',
      '/agreements',
      '/induction',
      '/talent',
    ].map((suffix) => `/organisations/${practiceA}/champions${suffix}`);
    for (const url of pages) {
      const hidden = await outsider.get(url);
      assert.equal(hidden.statusCode, 404, url);
      assert.doesNotMatch(hidden.body, /Secret Applicant/);
      assert.equal((await champion.get(url)).statusCode, 403, url);
    }
    for (const url of [
      `/organisations/${practiceA}/champions/${applicant}/next-stage`,
      `/organisations/${practiceA}/champions/${applicant}/stage`,
    ]) {
      assert.equal((await outsider.postForm(url, { stage: 'conversation' })).statusCode, 404, url);
      assert.equal((await champion.postForm(url, { stage: 'conversation' })).statusCode, 403, url);
    }
    // The applicant's id under the outsider's own practice is not found either.
    const outsiderCoordinator = await signIn(app, await buildPerson(app.db, { roles: [[practiceB, 'coordinator']] }));
    assert.equal((await outsiderCoordinator.get(`/organisations/${practiceB}/champions/${applicant}`)).statusCode, 404);
    const unchanged = await app.db
      .selectFrom('champions')
      .select('stage')
      .where('id', '=', applicant)
      .executeTakeFirstOrThrow();
    assert.equal(unchanged.stage, 'interested');
  });

  test('opening an applicant record is audited', async () => {
    const { app } = await testWorld();
    const practiceId = await buildPractice(app.db);
    const applicant = await buildApplicant(app.db, { organisationId: practiceId });
    const coordinator = await buildPerson(app.db, { roles: [[practiceId, 'practice_manager']] });
    const agent = await signIn(app, coordinator);
    assert.equal((await agent.get(`/organisations/${practiceId}/champions/${applicant}`)).statusCode, 200);
    const events = await app.db
      .selectFrom('audit_events')
      .select(['action', 'actor_user_id'])
      .where('subject_id', '=', applicant)
      .execute();
    assert.ok(
      events.some((event) => event.action === 'champion.applicant-viewed' && event.actor_user_id === coordinator.id),
    );
  });

  test("a network lead finds champions across the network's practices in the talent register, but not another network's", async () => {
    const { app } = await testWorld();
    const network = await buildNetwork(app.db);
    const otherNetwork = await buildNetwork(app.db);
    const practiceA = await buildPractice(app.db, { networkId: network });
    const practiceB = await buildPractice(app.db, { networkId: network });
    const elsewhere = await buildPractice(app.db, { networkId: otherNetwork });
    const urduWalker = `Walker ${Math.random().toString(36).slice(2, 8)}`;
    const walker = await buildApplicant(app.db, {
      organisationId: practiceA,
      name: urduWalker,
      stage: 'active',
      interests: ['walking'],
      availability: ['tue_morning', 'thu_morning'],
      languages: ['Urdu'],
    });
    const gardener = await buildApplicant(app.db, {
      organisationId: practiceB,
      name: 'Polish Gardener',
      stage: 'active',
      interests: ['gardening'],
      availability: ['tue_morning', 'sat_afternoon'],
      languages: ['Polish'],
    });
    await app.db
      .insertInto('champion_tags')
      .values([
        { champion_id: gardener, kind: 'skill', value: 'first aid' },
        { champion_id: walker, kind: 'skill', value: 'baking' },
      ])
      .execute();
    await buildApplicant(app.db, {
      organisationId: practiceB,
      name: 'Evening Urdu Speaker',
      stage: 'active',
      interests: ['walking'],
      availability: ['tue_evening', 'wed_morning'],
      languages: ['Urdu'],
    });
    await buildApplicant(app.db, {
      organisationId: elsewhere,
      name: 'Far Away Walker',
      stage: 'active',
      interests: ['walking'],
      availability: ['tue_morning'],
      languages: ['Urdu'],
    });
    const lead = await signIn(app, await buildPerson(app.db, { roles: [[network, 'network_lead']] }));
    // "Who could lead a walk on Tuesday mornings and speaks Urdu?"
    const found = await lead.get(
      `/organisations/${network}/champions/talent?interest=walking&day=tue&part=morning&language=Urdu`,
    );
    assert.equal(found.statusCode, 200);
    assert.match(found.body, new RegExp(urduWalker));
    assert.match(found.body, /Tue, Thu mornings/, 'availability is described by day and time of day');
    assert.doesNotMatch(found.body, /Polish Gardener|Evening Urdu Speaker|Far Away Walker/);
    const anyTuesday = await lead.get(`/organisations/${network}/champions/talent?day=tue&language=Urdu`);
    assert.match(anyTuesday.body, /Evening Urdu Speaker/);
    assert.match(anyTuesday.body, new RegExp(urduWalker));
    assert.match(anyTuesday.body, /<option value="tue" selected/, 'the filters are kept');
    const firstAiders = await lead.get(`/organisations/${network}/champions/talent?skill=First+Aid`);
    assert.match(firstAiders.body, /Polish Gardener/, 'skills match whatever their case');
    assert.match(firstAiders.body, /Showing 1 to 1 of 1 people/);
    assert.match(firstAiders.body, /value="First Aid"/, 'the skill searched for is kept');
    const bakers = await lead.get(`/organisations/${network}/champions/talent?skill=baking&language=Urdu`);
    assert.match(bakers.body, new RegExp(urduWalker));
    assert.match(bakers.body, /Showing 1 to 1 of 1 people/);
    assert.match(
      (await lead.get(`/organisations/${network}/champions/talent?skill=juggling`)).body,
      /No one matches these filters/,
    );
    const walkLeaders = await lead.get(`/organisations/${network}/champions/talent?role=Walk+leader`);
    assert.match(walkLeaders.body, /No one matches these filters/, 'nobody holds the walk leader role yet');
    assert.equal((await lead.get(`/organisations/${otherNetwork}/champions/talent`)).statusCode, 404);
    assert.equal((await lead.get(`/organisations/${elsewhere}/champions`)).statusCode, 404);
    assert.equal((await lead.get(`/organisations/${practiceB}/champions`)).statusCode, 200);
    assert.equal(
      (await lead.get(`/organisations/${practiceB}/champions/roles`)).statusCode,
      403,
      'a network lead reads but does not manage',
    );
    assert.equal((await lead.get(`/organisations/${elsewhere}/champions/roles`)).statusCode, 404);
  });

  test('searching for a name nobody has finds no one', async () => {
    const { app } = await testWorld();
    const practiceId = await buildPractice(app.db);
    const email = uniqueEmail('nobody');
    const agent = await signIn(app, await buildPerson(app.db, { roles: [[practiceId, 'coordinator']] }));
    const search = await agent.get(`/organisations/${practiceId}/champions?q=${encodeURIComponent(email)}`);
    assert.match(search.body, /No one matches these filters/);
  });
});
