import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildActivity } from '../../../../test/helpers/activity-factories.ts';
import { signIn } from '../../../../test/helpers/agent.ts';
import { buildPerson, buildPractice } from '../../../../test/helpers/factories.ts';
import { orukErrors } from '../../../../test/helpers/oruk-validator.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { newId } from '../../../lib/ids.ts';
import { PUBLIC, findService, seededTermId } from '../../directory/index.ts';
import { syncActivityListing } from './publishing.service.ts';
import { londonToday } from '../reviews/review-figures.rules.ts';
import { buildSchedule } from '../reviews/reviews.fixtures.ts';

type OrukPage = { total_items: number; contents: { id: string; name: string; [key: string]: unknown }[] };

/** A word no other test uses, so searches find only this test's listing. */
function uniqueWord(): string {
  return `ukulele${newId().replace(/-/g, '').slice(-10)}`;
}

async function orukSearch(app: FastifyInstance, word: string): Promise<OrukPage> {
  const response = await app.inject({ method: 'GET', url: `/oruk/services?search=${word}&full=true` });
  assert.equal(response.statusCode, 200);
  return response.json() as OrukPage;
}

/** A practice, its coordinator and an active, public activity with a weekly and a monthly schedule. */
async function publishedWorld(app: FastifyInstance) {
  const practiceId = await buildPractice(app.db);
  const ods =
    (await app.db.selectFrom('organisations').select('ods_code').where('id', '=', practiceId).executeTakeFirstOrThrow())
      .ods_code ?? '';
  const coordinator = await buildPerson(app.db, { roles: [[practiceId, 'coordinator']] });
  const word = uniqueWord();
  const activityId = await buildActivity(app.db, practiceId, {
    name: `Ukulele for beginners ${word}`,
    status: 'active',
    category: 'creative-learning',
    fiveWays: ['keep-learning', 'connect'],
  });
  const weekly = await buildSchedule(app.db, activityId, {
    frequency: 'weekly',
    weekday: 2,
    startsOn: '2026-01-05',
    startTime: '14:00',
    endTime: '15:00',
  });
  await app.db
    .insertInto('activity_schedule_exceptions')
    .values({ schedule_id: weekly, organisation_id: practiceId, on_date: '2099-12-29', reason: 'Closed for Christmas' })
    .execute();
  await buildSchedule(app.db, activityId, {
    frequency: 'monthly_weekday',
    weekday: 5,
    weekOfMonth: -1,
    startsOn: '2026-01-01',
    startTime: '10:30',
    endTime: '12:00',
  });
  await syncActivityListing(app.db, activityId, { userId: coordinator.id });
  const { directory_service_id: serviceId } = await app.db
    .selectFrom('activities')
    .select('directory_service_id')
    .where('id', '=', activityId)
    .executeTakeFirstOrThrow();
  assert.ok(serviceId, 'the activity remembers its directory entry');
  return { practiceId, ods, coordinator, word, activityId, serviceId };
}

describe('publishing: an activity keeps its directory entry in step', () => {
  test('an active public activity is listed with its schedule, venue, cost and terms, and passes the ORUK schema', async () => {
    const { app, config } = await testWorld();
    const { practiceId, ods, coordinator, word, activityId, serviceId } = await publishedWorld(app);
    const row = await app.db
      .selectFrom('dir_services')
      .selectAll()
      .where('id', '=', serviceId)
      .executeTakeFirstOrThrow();
    assert.equal(row.source_activity_id, activityId);
    assert.equal(row.owner_organisation_id, practiceId);
    assert.equal(row.published, true);
    assert.equal(row.status, 'active');
    assert.equal(String(row.assured_date), londonToday(), 'assured on the publish date');
    assert.equal(row.last_verified_by, coordinator.id);
    assert.ok(
      row.last_verified_at && Date.now() - row.last_verified_at.getTime() < 60_000,
      'last verified when published',
    );

    const service = await findService(app.db, PUBLIC, serviceId);
    assert.ok(service);
    assert.equal(service.url, `${config.baseUrl}/practices/${ods}/whats-on/${activityId}`);
    const schedules = service.schedules.map((item) => ({
      freq: item.freq,
      interval: item.interval,
      byday: item.byday,
      opensAt: item.opensAt,
      closesAt: item.closesAt,
      dtstart: item.dtstart,
    }));
    assert.deepEqual(
      schedules.sort((left, right) => String(left.byday).localeCompare(String(right.byday))),
      [
        {
          freq: 'MONTHLY',
          interval: 1,
          byday: '-1FR',
          opensAt: '10:30:00',
          closesAt: '12:00:00',
          dtstart: '2026-01-30',
        },
        { freq: 'WEEKLY', interval: 1, byday: 'TU', opensAt: '14:00:00', closesAt: '15:00:00', dtstart: '2026-01-06' },
      ],
    );
    const location = service.serviceAtLocations[0]?.location;
    assert.equal(location?.name, 'Canal Street Surgery community room');
    assert.equal(location?.addresses[0]?.postalCode, 'LS28 7AA');
    assert.ok(location?.latitude && location.longitude, 'placed on the map from the postcode district');
    assert.deepEqual(
      service.costOptions.map((cost) => [cost.option, cost.amount, cost.currency]),
      [['Free', 0, 'GBP']],
    );
    assert.deepEqual(
      service.attributes.map((attribute) => attribute.taxonomyTermId).sort(),
      [
        seededTermId('activity-categories', 'creative-learning'),
        seededTermId('five-ways', 'keep-learning'),
        seededTermId('five-ways', 'connect'),
      ].sort(),
    );

    const feed = await orukSearch(app, word);
    assert.deepEqual(
      feed.contents.map((item) => item.id),
      [serviceId],
    );
    assert.deepEqual(orukErrors('service_list.json', feed), []);
    const full = await app.inject({ method: 'GET', url: `/oruk/services/${serviceId}` });
    assert.deepEqual(orukErrors('service.json', full.json()), []);
    assert.match(full.body, /"byday":"-1FR"/);
    assert.match(full.body, /Keep learning/);
    assert.match(full.body, /"notes":"Not on 29 December 2099"/);

    const staff = await signIn(app, coordinator);
    const search = await staff.get(`/directory?q=${word}`);
    assert.match(search.body, new RegExp(`Ukulele for beginners ${word}`));
    const publicDirectory = await app.inject({ method: 'GET', url: `/practices/${ods}/directory?q=${word}` });
    assert.equal(publicDirectory.statusCode, 200);
    assert.match(publicDirectory.body, new RegExp(`Ukulele for beginners ${word}`));
  });

  test('syncing again changes nothing; editing the name updates the entry', async () => {
    const { app } = await testWorld();
    const { coordinator, word, activityId, serviceId } = await publishedWorld(app);
    const history = () =>
      app.db.selectFrom('dir_service_history').select('id').where('service_id', '=', serviceId).execute();
    assert.equal((await history()).length, 1);
    await syncActivityListing(app.db, activityId, { userId: coordinator.id });
    assert.equal((await history()).length, 1, 'an unchanged activity writes nothing');

    await app.db
      .updateTable('activities')
      .set({ name: `Ukulele club ${word}`, cost_pence: 350, cost_note: 'instruments lent' })
      .where('id', '=', activityId)
      .execute();
    await syncActivityListing(app.db, activityId, { userId: coordinator.id });
    assert.equal((await history()).length, 2);
    const feed = await orukSearch(app, word);
    assert.equal(feed.contents[0]?.name, `Ukulele club ${word}`);
    const service = await findService(app.db, PUBLIC, serviceId);
    assert.deepEqual(
      service?.costOptions.map((cost) => [cost.amount, cost.amountDescription]),
      [[3.5, 'instruments lent']],
    );
    assert.equal(
      String(
        (
          await app.db
            .selectFrom('dir_services')
            .select('assured_date')
            .where('id', '=', serviceId)
            .executeTakeFirstOrThrow()
        ).assured_date,
      ),
      londonToday(),
      'the first publication date is kept',
    );
  });

  test('pausing shows it as temporarily closed; closing takes it out of the feed and the public directory', async () => {
    const { app } = await testWorld();
    const { ods, coordinator, word, activityId, serviceId } = await publishedWorld(app);
    const staff = await signIn(app, coordinator);

    await app.db.updateTable('activities').set({ status: 'paused' }).where('id', '=', activityId).execute();
    await syncActivityListing(app.db, activityId, { userId: coordinator.id });
    const paused = await app.db
      .selectFrom('dir_services')
      .select(['status', 'published'])
      .where('id', '=', serviceId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(paused, { status: 'temporarily closed', published: true });
    assert.match((await staff.get(`/directory/services/${serviceId}`)).body, /Temporarily closed/);

    await app.db.updateTable('activities').set({ status: 'closed' }).where('id', '=', activityId).execute();
    await syncActivityListing(app.db, activityId, { userId: coordinator.id });
    const closed = await app.db
      .selectFrom('dir_services')
      .select(['status', 'published'])
      .where('id', '=', serviceId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(closed, { status: 'inactive', published: false });
    assert.equal((await orukSearch(app, word)).total_items, 0);
    assert.equal((await app.inject({ method: 'GET', url: `/oruk/services/${serviceId}` })).statusCode, 404);
    const publicDirectory = await app.inject({ method: 'GET', url: `/practices/${ods}/directory?q=${word}` });
    assert.doesNotMatch(publicDirectory.body, new RegExp(`Ukulele for beginners ${word}`));
    assert.equal(
      (await app.inject({ method: 'GET', url: `/practices/${ods}/directory/services/${serviceId}` })).statusCode,
      404,
    );
  });

  test('an activity never listed and not active, or private, is left out of the directory', async () => {
    const { app } = await testWorld();
    const practiceId = await buildPractice(app.db);
    const proposed = await buildActivity(app.db, practiceId, { status: 'proposed' });
    const hidden = await buildActivity(app.db, practiceId, { status: 'active', public: false });
    for (const activityId of [proposed, hidden]) {
      await syncActivityListing(app.db, activityId, { userId: null });
      const activity = await app.db
        .selectFrom('activities')
        .select('directory_service_id')
        .where('id', '=', activityId)
        .executeTakeFirstOrThrow();
      assert.equal(activity.directory_service_id, null);
      assert.equal(
        (await app.db.selectFrom('dir_services').select('id').where('source_activity_id', '=', activityId).execute())
          .length,
        0,
      );
    }
    await syncActivityListing(app.db, newId(), { userId: null });
  });

  test('making a listed activity private unpublishes it', async () => {
    const { app } = await testWorld();
    const { word, activityId, serviceId } = await publishedWorld(app);
    await app.db.updateTable('activities').set({ public: false }).where('id', '=', activityId).execute();
    await syncActivityListing(app.db, activityId, { userId: null });
    assert.deepEqual(
      await app.db
        .selectFrom('dir_services')
        .select(['status', 'published'])
        .where('id', '=', serviceId)
        .executeTakeFirstOrThrow(),
      { status: 'inactive', published: false },
    );
    assert.equal((await orukSearch(app, word)).total_items, 0);
  });
});
