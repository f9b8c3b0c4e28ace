import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { type Agent, signIn } from '../../../../test/helpers/agent.ts';
import { buildService, uniqueWord } from '../../../../test/helpers/directory.ts';
import { buildPerson, buildPractice } from '../../../../test/helpers/factories.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { newId } from '../../../lib/ids.ts';
import { NEEDS_TAXONOMY } from '../shared/taxonomies.rules.ts';

/** Every field of the form, filled as a member of staff would. */
function fullForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    name: 'Pudsey Health Walk',
    description: 'A gentle walk of about an hour.',
    status: 'active',
    organisation: 'Pudsey Walkers',
    phone: '0113 496 0000',
    email: 'walks@example.org',
    url: 'walks.example.org',
    address1: 'Pudsey Park',
    address2: 'Church Lane',
    town: 'Pudsey',
    postcode: 'ls28 7aa',
    day0: 'tuesday',
    opens0: '10:00',
    closes0: '11:00',
    day1: 'thursday',
    opens1: '9:30',
    closes1: '10:30',
    cost: 'free',
    costAmount: '',
    minimumAge: '18',
    maximumAge: '',
    languages: 'English, Urdu, english',
    accessibility: 'Step-free route all the way',
    needs: NEEDS_TAXONOMY.terms.find((term) => term.code === 'physical-activity')?.id as string,
    ...overrides,
  };
}

async function versionOf(agent: Agent, serviceId: string): Promise<string> {
  const page = await agent.get(`/directory/services/${serviceId}/edit`);
  assert.equal(page.statusCode, 200);
  return /name="version" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
}

describe('directory editing by staff', () => {
  test('a practice manager edits an entry: every field saved, the postcode placed on the map, history and audit kept', async () => {
    const { app } = await testWorld();
    const practice = await buildPractice(app.db);
    const serviceId = await buildService(app.db, {
      ownerId: practice,
      name: 'Health walk',
      sessions: [['MO', '10:00', '11:00']],
      lastVerifiedAt: null,
    });
    const manager = await buildPerson(app.db, { roles: [[practice, 'practice_manager']] });
    const agent = await signIn(app, manager);

    const saved = await agent.postForm(`/directory/services/${serviceId}/edit`, {
      ...fullForm(),
      version: await versionOf(agent, serviceId),
      verifiedBy: 'phone',
    });
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, `/directory/services/${serviceId}?done=edited`);

    const service = await app.db
      .selectFrom('dir_services')
      .selectAll()
      .where('id', '=', serviceId)
      .executeTakeFirstOrThrow();
    assert.equal(service.name, 'Pudsey Health Walk');
    assert.equal(service.url, 'https://walks.example.org');
    assert.equal(service.minimum_age, 18);
    assert.equal(service.verification_method, 'phone');
    assert.equal(service.last_verified_by, manager.id);
    assert.match(service.search_text, /Pudsey Walkers/);
    assert.match(service.search_text, /Physical activity/);
    const schedules = await app.db
      .selectFrom('dir_schedules')
      .select(['byday', 'opens_at', 'closes_at'])
      .where('service_id', '=', serviceId)
      .orderBy('byday')
      .execute();
    assert.deepEqual(
      schedules.map((row) => `${row.byday} ${row.opens_at}-${row.closes_at}`),
      ['TH 09:30:00-10:30:00', 'TU 10:00:00-11:00:00'],
    );
    const location = await app.db
      .selectFrom('dir_service_at_locations as sl')
      .innerJoin('dir_locations as l', 'l.id', 'sl.location_id')
      .innerJoin('dir_addresses as a', 'a.location_id', 'l.id')
      .select(['l.latitude', 'l.longitude', 'a.postal_code', 'a.address_2'])
      .where('sl.service_id', '=', serviceId)
      .executeTakeFirstOrThrow();
    assert.equal(location.postal_code, 'LS28 7AA');
    assert.ok(
      Math.abs((location.latitude ?? 0) - 53.8) < 0.1 && Math.abs((location.longitude ?? 0) + 1.67) < 0.1,
      'placed at the LS28 district centre',
    );
    const languages = await app.db
      .selectFrom('dir_languages')
      .select(['name', 'code'])
      .where('service_id', '=', serviceId)
      .orderBy('name')
      .execute();
    assert.deepEqual(languages, [
      { name: 'English', code: 'en' },
      { name: 'Urdu', code: 'ur' },
    ]);
    const cost = await app.db
      .selectFrom('dir_cost_options')
      .select(['amount'])
      .where('service_id', '=', serviceId)
      .execute();
    assert.deepEqual(cost, [{ amount: '0.00' }]);

    const history = await app.db
      .selectFrom('dir_service_history')
      .select(['source', 'changed_by', 'changes'])
      .where('service_id', '=', serviceId)
      .orderBy('changed_at')
      .execute();
    assert.deepEqual(
      history.map((row) => row.source),
      ['staff', 'verification'],
    );
    const changes = history[0]?.changes as Record<string, { from: unknown; to: unknown }>;
    assert.deepEqual(changes.name, { from: 'Health walk', to: 'Pudsey Health Walk' });
    assert.equal(history[0]?.changed_by, manager.id);
    const audit = await app.db
      .selectFrom('audit_events')
      .select(['action', 'organisation_id', 'details'])
      .where('subject_id', '=', serviceId)
      .orderBy('at')
      .execute();
    assert.deepEqual(audit.map((row) => row.action).sort(), ['directory.service-edited', 'directory.service-verified']);
    assert.ok(audit.every((row) => row.organisation_id === practice));

    const page = await agent.get(`/directory/services/${serviceId}?done=edited`);
    assert.match(page.body, /Your changes have been saved/);
    assert.match(page.body, /Name: Health walk → Pudsey Health Walk/);
    assert.match(page.body, /Thursday 09:30 to 10:30/);
  });

  test('bad input comes back as the form with every message and the input kept, never a 500', async () => {
    const { app } = await testWorld();
    const practice = await buildPractice(app.db);
    const serviceId = await buildService(app.db, { ownerId: practice, name: 'Craft club' });
    const agent = await signIn(app, await buildPerson(app.db, { roles: [[practice, 'receptionist']] }));
    const response = await agent.postForm(
      `/directory/services/${serviceId}/edit`,
      fullForm({
        name: '',
        email: 'not-an-email',
        opens0: '25:00',
        closes1: '09:00',
        cost: 'paid',
        costAmount: 'a lot',
        minimumAge: '65',
        maximumAge: '18',
        description: 'Kept text',
      }),
    );
    assert.equal(response.statusCode, 400);
    for (const message of [
      'Enter the name of the service',
      'Enter an email address in the correct format',
      'Enter the time session 1 starts',
      'The end of session 2 must be after its start',
      'Enter the cost in pounds',
      'The maximum age must be the same as or more than the minimum age',
    ]) {
      assert.match(response.body, new RegExp(message), message);
    }
    assert.match(response.body, /Kept text/);
    assert.match(response.body, /value="Pudsey Park"/);

    const unknownPostcode = await agent.postForm(
      `/directory/services/${serviceId}/edit`,
      fullForm({ postcode: 'ZZ99 9ZZ' }),
    );
    assert.equal(unknownPostcode.statusCode, 400);
    assert.match(unknownPostcode.body, /We could not find ZZ99 9ZZ/);
    const tamperedNeed = await agent.postForm(
      `/directory/services/${serviceId}/edit`,
      fullForm({ needs: '00000000-0000-4000-8000-000000000000' }),
    );
    assert.equal(tamperedNeed.statusCode, 400);
    assert.match(tamperedNeed.body, /Select needs from the list/);

    const field = fc.constantFrom(
      'name',
      'status',
      'day0',
      'opens0',
      'closes0',
      'cost',
      'costAmount',
      'minimumAge',
      'maximumAge',
      'postcode',
      'url',
      'email',
      'needs',
      'version',
      'task',
      'verifiedBy',
      'languages',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          field,
          fc.oneof(
            fc.string({ maxLength: 30 }),
            fc.constantFrom('', 'active', 'paid', 'LS28 7AA', '10:00', '999', 'phone'),
          ),
        ),
        async (body) => {
          const answer = await agent.postForm(`/directory/services/${serviceId}/edit`, body);
          assert.ok(
            [303, 400, 409].includes(answer.statusCode),
            `answered ${answer.statusCode} for ${JSON.stringify(body)}`,
          );
        },
      ),
      { numRuns: 25 },
    );
  });

  test('a save over someone else’s newer edit is refused with 409 and the form kept; saving again applies it', async () => {
    const { app } = await testWorld();
    const practice = await buildPractice(app.db);
    const serviceId = await buildService(app.db, { ownerId: practice, name: 'Book club' });
    const first = await signIn(app, await buildPerson(app.db, { roles: [[practice, 'practice_manager']] }));
    const second = await signIn(app, await buildPerson(app.db, { roles: [[practice, 'coordinator']] }));
    const staleVersion = await versionOf(second, serviceId);
    assert.equal(
      (
        await first.postForm(
          `/directory/services/${serviceId}/edit`,
          fullForm({ name: 'Book club (Tuesdays)', version: await versionOf(first, serviceId) }),
        )
      ).statusCode,
      303,
    );

    const refused = await second.postForm(
      `/directory/services/${serviceId}/edit`,
      fullForm({ name: 'Readers', version: staleVersion }),
    );
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /Someone else changed this entry/);
    assert.match(refused.body, /value="Readers"/);
    const freshVersion = /name="version" value="([^"]+)"/.exec(refused.body)?.[1] ?? '';
    assert.notEqual(freshVersion, staleVersion);
    assert.equal(
      (
        await second.postForm(
          `/directory/services/${serviceId}/edit`,
          fullForm({ name: 'Readers', version: freshVersion }),
        )
      ).statusCode,
      303,
    );
  });

  test('the form covers who can use it and monthly sessions ("first Monday of the month"), with validation; other patterns are kept', async () => {
    const { app } = await testWorld();
    const practice = await buildPractice(app.db);
    const serviceId = await buildService(app.db, {
      ownerId: practice,
      name: 'Carers café',
      sessions: [['WE', '10:00', '12:00']],
    });
    // A fortnightly session the form does not offer: an edit must leave it alone.
    await app.db
      .insertInto('dir_schedules')
      .values({
        id: newId(),
        service_id: serviceId,
        freq: 'WEEKLY',
        interval: 2,
        byday: 'FR',
        opens_at: '14:00',
        closes_at: '15:00',
      })
      .execute();
    const agent = await signIn(app, await buildPerson(app.db, { roles: [[practice, 'practice_manager']] }));
    const base = {
      ...fullForm({ name: 'Carers café' }),
      day1: 'monday',
      week1: '1',
      opens1: '18:00',
      closes1: '20:00',
      eligibility: 'Unpaid carers of someone living in Pudsey',
    };

    const refused = await agent.postForm(`/directory/services/${serviceId}/edit`, {
      ...base,
      week1: 'fortnightly',
      eligibility: 'x'.repeat(2001),
      version: await versionOf(agent, serviceId),
    });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /Select how often session 2 happens/);
    assert.match(refused.body, /Description of who can use it must be 2000 characters or fewer/);
    assert.match(refused.body, /<option value="monday" selected>/, 'the day chosen is kept');

    const saved = await agent.postForm(`/directory/services/${serviceId}/edit`, {
      ...base,
      version: await versionOf(agent, serviceId),
    });
    assert.equal(saved.statusCode, 303);
    const rows = await app.db
      .selectFrom('dir_schedules')
      .select(['freq', 'interval', 'byday', 'opens_at'])
      .where('service_id', '=', serviceId)
      .orderBy('byday')
      .execute();
    assert.deepEqual(
      rows.map((row) => `${row.freq} ${row.interval} ${row.byday} ${String(row.opens_at).slice(0, 5)}`),
      ['MONTHLY 1 1MO 18:00', 'WEEKLY 2 FR 14:00', 'WEEKLY 1 TU 10:00'],
    );
    const service = await app.db
      .selectFrom('dir_services')
      .select('eligibility_description')
      .where('id', '=', serviceId)
      .executeTakeFirstOrThrow();
    assert.equal(service.eligibility_description, 'Unpaid carers of someone living in Pudsey');

    const form = await agent.get(`/directory/services/${serviceId}/edit`);
    // Monday comes first now: its row shows the monthly choice.
    assert.match(
      form.body,
      /<select[^>]*name="week0"[^>]*>[\s\S]*?<option value="1" selected>First of the month<\/option>/,
    );
    assert.match(form.body, /Unpaid carers of someone living in Pudsey<\/textarea>/);
    const page = await agent.get(`/directory/services/${serviceId}`);
    assert.match(page.body, /First Monday of the month 18:00 to 20:00/);
    assert.match(page.body, /Who can use it[\s\S]*?Unpaid carers of someone living in Pudsey/);
    const history = await app.db
      .selectFrom('dir_service_history')
      .select('changes')
      .where('service_id', '=', serviceId)
      .where('source', '=', 'staff')
      .executeTakeFirstOrThrow();
    assert.ok('eligibility' in (history.changes as object) && 'schedule' in (history.changes as object));
  });

  test('staff add a new entry, which search then finds', async () => {
    const { app } = await testWorld();
    const practice = await buildPractice(app.db);
    const agent = await signIn(app, await buildPerson(app.db, { roles: [[practice, 'link_worker']] }));
    assert.equal((await agent.get('/directory/services/new')).statusCode, 200);
    const name = `${uniqueWord()} Tea Dance`;
    const created = await agent.postForm('/directory/services/new', fullForm({ name, owner: practice }));
    assert.equal(created.statusCode, 303);
    const serviceId =
      /\/directory\/services\/([0-9a-f-]+)\?done=created/.exec(created.headers.location ?? '')?.[1] ?? '';
    assert.ok(serviceId);
    const history = await app.db
      .selectFrom('dir_service_history')
      .select('changes')
      .where('service_id', '=', serviceId)
      .executeTakeFirstOrThrow();
    assert.equal((history.changes as { created?: boolean }).created, true);
    const found = await agent.get(`/api/directory/search?q=${encodeURIComponent(name)}&near=LS28&day=tuesday`);
    assert.deepEqual(
      (found.json() as { results: { id: string }[] }).results.map((result) => result.id),
      [serviceId],
    );

    const notMine = await agent.postForm(
      '/directory/services/new',
      fullForm({ name: 'Elsewhere', owner: await buildPractice(app.db) }),
    );
    assert.equal(notMine.statusCode, 400);
    assert.match(notMine.body, /Select the organisation that keeps this entry/);
  });

  test('tenancy: staff of another practice get 404 for the edit page and its actions; a champion of the practice gets 403', async () => {
    const { app } = await testWorld();
    const practiceA = await buildPractice(app.db);
    const practiceB = await buildPractice(app.db);
    const serviceId = await buildService(app.db, { ownerId: practiceA, name: 'Practice A walk' });
    const managerB = await signIn(app, await buildPerson(app.db, { roles: [[practiceB, 'practice_manager']] }));
    for (const url of [
      `/directory/services/${serviceId}/edit`,
      `/directory/services/${serviceId}/provider-link`,
      '/directory/services/not-a-uuid/edit',
    ]) {
      assert.equal((await managerB.get(url)).statusCode, 404, url);
    }
    assert.equal((await managerB.postForm(`/directory/services/${serviceId}/edit`, fullForm())).statusCode, 404);
    assert.equal(
      (await managerB.postForm(`/directory/services/${serviceId}/provider-link`, { email: 'x@example.org' }))
        .statusCode,
      404,
    );
    const unchanged = await app.db
      .selectFrom('dir_services')
      .select('name')
      .where('id', '=', serviceId)
      .executeTakeFirstOrThrow();
    assert.equal(unchanged.name, 'Practice A walk');

    const championA = await signIn(app, await buildPerson(app.db, { roles: [[practiceA, 'champion']] }));
    assert.equal((await championA.get(`/directory/services/${serviceId}/edit`)).statusCode, 403);
    assert.equal((await championA.postForm(`/directory/services/${serviceId}/edit`, fullForm())).statusCode, 403);
    assert.equal((await championA.get('/directory/services/new')).statusCode, 403);
    const page = await championA.get(`/directory/services/${serviceId}`);
    assert.match(page.body, /Suggest a change/);
    assert.doesNotMatch(page.body, /Edit this entry/);
  });
});
