import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildActivity } from '../../../../test/helpers/activity-factories.ts';
import { type Agent, signIn } from '../../../../test/helpers/agent.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { newId } from '../../../lib/ids.ts';
import { buildLifecycleWorld, postFields, proposalFields } from '../shared/activities.fixtures.ts';
import { addDays, formatDay, londonToday } from '../../../lib/dates.ts';
import { dateFields, nextWeekday } from '../rota/rota.fixtures.ts';

// The directory entry follows the activity through the pages people use (the edit form, the
// schedule pages, pause and resume), not only when syncActivityListing is called by hand.

type OrukService = {
  id: string;
  name: string;
  url?: string;
  status: string;
  fees?: string;
  schedules: {
    byday?: string;
    freq?: string;
    opens_at?: string;
    closes_at?: string;
    valid_to?: string;
    notes?: string;
  }[];
  cost_options: { amount?: number; option?: string; amount_description?: string }[];
  service_at_locations: { location: { name?: string; addresses?: { postal_code?: string }[] } }[];
};

/** A word no other test uses, so searches find only this test's listing. */
function uniqueWord(): string {
  return `mandolin${newId().replace(/-/g, '').slice(-10)}`;
}

/** An approved activity, scheduled and published by its coordinator through the pages. */
async function publishedThroughPages(app: FastifyInstance) {
  const world = await buildLifecycleWorld(app.db);
  const ods =
    (
      await app.db
        .selectFrom('organisations')
        .select('ods_code')
        .where('id', '=', world.practiceId)
        .executeTakeFirstOrThrow()
    ).ods_code ?? '';
  const word = uniqueWord();
  const activityId = await buildActivity(app.db, world.practiceId, {
    name: `Mandolin for beginners ${word}`,
    status: 'approved',
  });
  const coordinator = await signIn(app, world.coordinator);
  const weekly = {
    frequency: 'weekly',
    weekday: '2',
    ...dateFields('startsOn', addDays(londonToday(), 1)),
    startTime: '14:00',
    endTime: '15:30',
    venueName: '',
  };
  assert.equal((await coordinator.postForm(`/activities/${activityId}/schedules/new`, weekly)).statusCode, 303);
  assert.equal((await coordinator.postForm(`/activities/${activityId}/status`, { to: 'active' })).statusCode, 303);
  const { directory_service_id: serviceId } = await app.db
    .selectFrom('activities')
    .select('directory_service_id')
    .where('id', '=', activityId)
    .executeTakeFirstOrThrow();
  assert.ok(serviceId, 'publishing lists it');
  const scheduleId = (
    await app.db
      .selectFrom('activity_schedules')
      .select('id')
      .where('activity_id', '=', activityId)
      .executeTakeFirstOrThrow()
  ).id;
  return {
    world,
    ods,
    word,
    activityId,
    serviceId,
    scheduleId,
    coordinator,
    whatsOn: `/practices/${ods}/whats-on/${activityId}`,
  };
}

async function orukService(app: FastifyInstance, serviceId: string): Promise<{ status: number; service: OrukService }> {
  const response = await app.inject({ method: 'GET', url: `/oruk/services/${serviceId}` });
  return { status: response.statusCode, service: response.json() as OrukService };
}

async function orukSearchTotal(app: FastifyInstance, word: string): Promise<number> {
  return ((await app.inject({ method: 'GET', url: `/oruk/services?search=${word}` })).json() as { total_items: number })
    .total_items;
}

const editFields = (overrides: Record<string, string> = {}) => proposalFields({ intent: 'save', ...overrides });

/** What the public, with no log-in, can reach of a listing: the ORUK record, the feed, the public directory and the what's-on page. */
async function publicView(
  app: FastifyInstance,
  listing: { ods: string; word: string; serviceId: string; whatsOn: string },
) {
  const directory = await app.inject({ method: 'GET', url: `/practices/${listing.ods}/directory?q=${listing.word}` });
  return {
    oruk: (await app.inject({ method: 'GET', url: `/oruk/services/${listing.serviceId}` })).statusCode,
    feed: await orukSearchTotal(app, listing.word),
    directoryLists: directory.body.includes(`/directory/services/${listing.serviceId}`),
    entry: (
      await app.inject({ method: 'GET', url: `/practices/${listing.ods}/directory/services/${listing.serviceId}` })
    ).statusCode,
    whatsOn: (await app.inject({ method: 'GET', url: listing.whatsOn })).statusCode,
  };
}

const staffEntry = (agent: Agent, serviceId: string) => agent.get(`/directory/services/${serviceId}`);

describe('publishing through the pages: the directory entry follows every change', () => {
  test('editing the name, venue and cost on the edit form changes the public entry and the ORUK record', async () => {
    const { app, config } = await testWorld();
    const { ods, word, activityId, serviceId, coordinator, whatsOn } = await publishedThroughPages(app);
    const before = await orukService(app, serviceId);
    assert.equal(before.status, 200);
    assert.equal(before.service.url, `${config.baseUrl}${whatsOn}`);
    assert.equal(before.service.fees, 'Free');

    const saved = await postFields(
      coordinator,
      `/activities/${activityId}/edit`,
      editFields({
        name: `Mandolin club ${word}`,
        venueName: 'Library meeting room',
        venueAddress: '2 High Street, Pudsey',
        venuePostcode: 'LS28 7BB',
        cost: 'paid',
        costPounds: '3.50',
        costNote: 'instruments lent',
      }),
    );
    assert.equal(saved.statusCode, 303);
    const { service } = await orukService(app, serviceId);
    assert.equal(service.name, `Mandolin club ${word}`);
    assert.equal(service.fees, '£3.50 a session (instruments lent)');
    assert.deepEqual(
      service.cost_options.map((cost) => [cost.option, cost.amount, cost.amount_description]),
      [['Per session', 3.5, 'instruments lent']],
    );
    const location = service.service_at_locations[0]?.location;
    assert.equal(location?.name, 'Library meeting room');
    assert.equal(location?.addresses?.[0]?.postal_code, 'LS28 7BB');

    const directory = await app.inject({ method: 'GET', url: `/practices/${ods}/directory?q=${word}` });
    assert.match(directory.body, new RegExp(`Mandolin club ${word}`));
    assert.doesNotMatch(directory.body, /Mandolin for beginners/);
    const entry = await app.inject({ method: 'GET', url: `/practices/${ods}/directory/services/${serviceId}` });
    assert.equal(entry.statusCode, 200);
    assert.match(entry.body, /2 High Street\n\s*Pudsey\n\s*LS28 7BB/);
    assert.match(entry.body, /£3\.50/);
  });

  test('adding a schedule, skipping a date and ending a schedule on the schedule pages change the ORUK schedules', async () => {
    const { app } = await testWorld();
    const { activityId, serviceId, scheduleId, coordinator } = await publishedThroughPages(app);
    const base = `/activities/${activityId}/schedules`;
    assert.deepEqual(
      (await orukService(app, serviceId)).service.schedules.map((schedule) => schedule.byday),
      ['TU'],
    );

    const monthly = {
      frequency: 'monthly_weekday',
      weekday: '5',
      weekOfMonth: '-1',
      ...dateFields('startsOn', londonToday()),
      startTime: '10:30',
      endTime: '12:00',
      venueName: '',
    };
    assert.equal((await coordinator.postForm(`${base}/new`, monthly)).statusCode, 303);
    const added = (await orukService(app, serviceId)).service.schedules;
    assert.deepEqual(
      added.map((schedule) => [schedule.freq, schedule.byday, schedule.opens_at, schedule.closes_at]).sort(),
      [
        ['MONTHLY', '-1FR', '10:30', '12:00'],
        ['WEEKLY', 'TU', '14:00', '15:30'],
      ],
    );

    const skipped = nextWeekday(2, addDays(londonToday(), 1));
    assert.equal(
      (
        await coordinator.postForm(`${base}/${scheduleId}/exceptions`, {
          ...dateFields('onDate', skipped),
          reason: 'Hall booked for voting',
        })
      ).statusCode,
      303,
    );
    const weekly = (await orukService(app, serviceId)).service.schedules.find((schedule) => schedule.byday === 'TU');
    assert.equal(weekly?.notes, `Not on ${formatDay(skipped)}`);

    const lastDay = addDays(skipped, 21);
    assert.equal(
      (await coordinator.postForm(`${base}/${scheduleId}/end`, dateFields('endsOn', lastDay))).statusCode,
      303,
    );
    assert.equal(
      (await orukService(app, serviceId)).service.schedules.find((schedule) => schedule.byday === 'TU')?.valid_to,
      lastDay,
    );
  });

  test('pausing takes it out of every public list and drops the link to its what’s-on page; resuming lists it again', async () => {
    const { app, config } = await testWorld();
    const listing = await publishedThroughPages(app);
    const { activityId, serviceId, coordinator, whatsOn } = listing;
    assert.deepEqual(await publicView(app, listing), {
      oruk: 200,
      feed: 1,
      directoryLists: true,
      entry: 200,
      whatsOn: 200,
    });

    assert.equal(
      (await coordinator.postForm(`/activities/${activityId}/status`, { to: 'paused', note: 'Leader on holiday' }))
        .statusCode,
      303,
    );
    assert.deepEqual(await publicView(app, listing), {
      oruk: 404,
      feed: 0,
      directoryLists: false,
      entry: 404,
      whatsOn: 404,
    });
    const paused = await staffEntry(coordinator, serviceId);
    assert.equal(paused.statusCode, 200);
    assert.match(paused.body, /Temporarily closed/);
    assert.doesNotMatch(
      paused.body,
      new RegExp(`whats-on/${activityId}`),
      'no link to a page that answers 404 while it is paused',
    );
    const row = await app.db
      .selectFrom('dir_services')
      .select(['status', 'url'])
      .where('id', '=', serviceId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { status: 'temporarily closed', url: null });

    assert.equal((await coordinator.postForm(`/activities/${activityId}/status`, { to: 'active' })).statusCode, 303);
    assert.deepEqual(await publicView(app, listing), {
      oruk: 200,
      feed: 1,
      directoryLists: true,
      entry: 200,
      whatsOn: 200,
    });
    assert.equal((await orukService(app, serviceId)).service.url, `${config.baseUrl}${whatsOn}`, 'the link is back');
  });

  test('making it private on the edit form unlists it; public again lists it again', async () => {
    const { app } = await testWorld();
    const listing = await publishedThroughPages(app);
    const { activityId, serviceId, word, coordinator } = listing;
    assert.equal(
      (
        await postFields(
          coordinator,
          `/activities/${activityId}/edit`,
          editFields({ name: `Mandolin for beginners ${word}`, public: 'no' }),
        )
      ).statusCode,
      303,
    );
    assert.deepEqual(await publicView(app, listing), {
      oruk: 404,
      feed: 0,
      directoryLists: false,
      entry: 404,
      whatsOn: 404,
    });
    assert.deepEqual(
      await app.db
        .selectFrom('dir_services')
        .select(['status', 'published', 'url'])
        .where('id', '=', serviceId)
        .executeTakeFirstOrThrow(),
      { status: 'inactive', published: false, url: null },
    );

    assert.equal(
      (
        await postFields(
          coordinator,
          `/activities/${activityId}/edit`,
          editFields({ name: `Mandolin for beginners ${word}`, public: 'yes' }),
        )
      ).statusCode,
      303,
    );
    assert.deepEqual(await publicView(app, listing), {
      oruk: 200,
      feed: 1,
      directoryLists: true,
      entry: 200,
      whatsOn: 200,
    });
  });

  test('the activity page links to its directory listing once it has one, for those who can open it', async () => {
    const { app } = await testWorld();
    const { world, activityId, serviceId, coordinator } = await publishedThroughPages(app);
    const link = `href="/directory/services/${serviceId}">Directory listing<`;
    const page = await coordinator.get(`/activities/${activityId}`);
    assert.ok(page.body.includes(link), 'the page links to the directory entry');
    const entry = await staffEntry(coordinator, serviceId);
    assert.equal(entry.statusCode, 200);
    assert.match(entry.body, /Mandolin for beginners/);
    const receptionist = await signIn(app, world.receptionist);
    assert.ok((await receptionist.get(`/activities/${activityId}`)).body.includes(link));
    assert.equal((await staffEntry(receptionist, serviceId)).statusCode, 200);

    // Paused, the entry is unpublished: staff of the practice still open it; the network lead (who cannot) is not offered the link.
    assert.equal((await coordinator.postForm(`/activities/${activityId}/status`, { to: 'paused' })).statusCode, 303);
    assert.ok((await coordinator.get(`/activities/${activityId}`)).body.includes(link));
    const networkLead = await signIn(app, world.networkLead);
    const leadView = await networkLead.get(`/activities/${activityId}`);
    assert.equal(leadView.statusCode, 200);
    assert.ok(!leadView.body.includes('Directory listing'));
    assert.equal((await staffEntry(networkLead, serviceId)).statusCode, 404, 'which would not open for them');

    const never = await buildActivity(app.db, world.practiceId, { status: 'approved', name: 'Not listed yet' });
    assert.doesNotMatch((await coordinator.get(`/activities/${never}`)).body, /Directory listing/);
  });
});
