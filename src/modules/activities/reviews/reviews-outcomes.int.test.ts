import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { DateTime } from 'luxon';
import { buildActivity, buildSession } from '../../../../test/helpers/activity-factories.ts';
import { signIn } from '../../../../test/helpers/agent.ts';
import { buildPerson, buildPractice } from '../../../../test/helpers/factories.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { newId } from '../../../lib/ids.ts';
import { syncActivityListing } from '../whats-on/publishing.service.ts';
import { addMonths, defaultPeriod, londonToday } from './review-figures.rules.ts';
import { buildSchedule, setActivityStatus } from './reviews.fixtures.ts';
import { dateParts } from './reviews.schemas.ts';

const today = londonToday();
const review = (outcome: string, outcomeNote: string) => ({
  periodStart: defaultPeriod(today).from,
  periodEnd: today,
  costNote: '',
  feedback: '',
  outcome,
  outcomeNote,
  ...dateParts('nextReviewOn', addMonths(today, 3)),
});

/** A listed, running activity with a future session and people introduced by two members of staff. */
async function runningWorld(app: FastifyInstance) {
  const practiceId = await buildPractice(app.db);
  const coordinator = await buildPerson(app.db, { roles: [[practiceId, 'coordinator']] });
  const receptionist = await buildPerson(app.db, { roles: [[practiceId, 'receptionist']] });
  const gp = await buildPerson(app.db, { roles: [[practiceId, 'clinician']] });
  const word = `knit${newId().replace(/-/g, '').slice(-10)}`;
  const activityId = await buildActivity(app.db, practiceId, { status: 'approved', name: `Knit and natter ${word}` });
  await buildSchedule(app.db, activityId, { weekday: 4 });
  await setActivityStatus(app.db, activityId, 'active');
  await syncActivityListing(app.db, activityId, { userId: coordinator.id });
  const future = await buildSession(app.db, activityId, {
    date: DateTime.now().setZone('Europe/London').plus({ days: 9 }).toISODate() ?? today,
  });
  const url = `/activities/${activityId}/introductions/new`;
  const reception = await signIn(app, receptionist);
  for (const [firstName, contact] of [
    ['Florence', '07700 900 123'],
    ['Arthur', 'arthur@example.org'],
  ]) {
    assert.equal(
      (
        await reception.postForm(url, {
          firstName: firstName ?? '',
          contact: contact ?? '',
          route: 'reception',
          consent: 'yes',
        })
      ).statusCode,
      303,
    );
  }
  assert.equal(
    (
      await (
        await signIn(app, gp)
      ).postForm(url, { firstName: 'Beryl', contact: '07700 900 789', route: 'gp', consent: 'yes' })
    ).statusCode,
    303,
  );
  const serviceId =
    (
      await app.db
        .selectFrom('activities')
        .select('directory_service_id')
        .where('id', '=', activityId)
        .executeTakeFirstOrThrow()
    ).directory_service_id ?? '';
  return { practiceId, coordinator, receptionist, gp, word, activityId, serviceId, future };
}

async function outboxFor(app: FastifyInstance, email: string) {
  return app.db
    .selectFrom('outbox_messages')
    .select(['subject', 'body'])
    .where('recipient', '=', email.toLowerCase())
    .execute();
}

describe('sustain review outcomes', () => {
  test('pausing through a review pauses the activity and its directory entry', async () => {
    const { app } = await testWorld();
    const world = await runningWorld(app);
    const agent = await signIn(app, world.coordinator);
    const paused = await agent.postForm(
      `/activities/${world.activityId}/reviews/new`,
      review('pause', 'The venue is being repainted'),
    );
    assert.equal(paused.statusCode, 303);
    assert.equal(
      (
        await app.db
          .selectFrom('activities')
          .select('status')
          .where('id', '=', world.activityId)
          .executeTakeFirstOrThrow()
      ).status,
      'paused',
    );
    const history = await app.db
      .selectFrom('activity_status_history')
      .select(['to_status', 'note'])
      .where('activity_id', '=', world.activityId)
      .orderBy('changed_at', 'desc')
      .executeTakeFirstOrThrow();
    assert.deepEqual(history, { to_status: 'paused', note: 'Sustain review: The venue is being repainted' });
    assert.deepEqual(
      await app.db
        .selectFrom('dir_services')
        .select(['status', 'published'])
        .where('id', '=', world.serviceId)
        .executeTakeFirstOrThrow(),
      { status: 'temporarily closed', published: true },
    );
    assert.equal(
      (
        await app.db
          .selectFrom('activity_introductions')
          .select('id')
          .where('activity_id', '=', world.activityId)
          .where('status', '=', 'pending')
          .execute()
      ).length,
      3,
      'introductions wait while paused',
    );

    const again = await agent.postForm(`/activities/${world.activityId}/reviews/new`, {
      ...review('pause', 'Still being painted'),
      feedback: 'Folk miss it',
    });
    assert.equal(again.statusCode, 400);
    assert.match(again.body, /It is paused already/);
    assert.match(again.body, /Folk miss it/);
    assert.equal(
      (await app.db.selectFrom('activity_reviews').select('id').where('activity_id', '=', world.activityId).execute())
        .length,
      1,
    );
  });

  test('closing through a review closes it, unpublishes it and tells each referrer once, without names', async () => {
    const { app } = await testWorld();
    const world = await runningWorld(app);
    const agent = await signIn(app, world.coordinator);
    const closed = await agent.postForm(
      `/activities/${world.activityId}/reviews/new`,
      review('close', 'Not enough people came'),
    );
    assert.equal(closed.statusCode, 303);
    assert.equal(closed.headers.location, `/activities/${world.activityId}/reviews?done=close`);
    assert.equal(
      (
        await app.db
          .selectFrom('activities')
          .select('status')
          .where('id', '=', world.activityId)
          .executeTakeFirstOrThrow()
      ).status,
      'closed',
    );
    const introductions = await app.db
      .selectFrom('activity_introductions')
      .select('status')
      .where('activity_id', '=', world.activityId)
      .execute();
    assert.deepEqual(
      introductions.map((row) => row.status),
      ['activity_closed', 'activity_closed', 'activity_closed'],
    );
    assert.equal(
      (
        await app.db
          .selectFrom('activity_sessions')
          .select('status')
          .where('id', '=', world.future)
          .executeTakeFirstOrThrow()
      ).status,
      'cancelled',
    );

    const toReception = await outboxFor(app, world.receptionist.email);
    assert.equal(toReception.length, 1);
    assert.match(toReception[0]?.subject ?? '', new RegExp(`has closed: Knit and natter ${world.word}`));
    assert.match(toReception[0]?.body ?? '', /2 people you introduced were still waiting to join/);
    const toGp = await outboxFor(app, world.gp.email);
    assert.equal(toGp.length, 1);
    assert.match(toGp[0]?.body ?? '', /1 person you introduced was still waiting to join/);
    for (const message of [...toReception, ...toGp]) {
      assert.doesNotMatch(`${message.subject}\n${message.body}`, /Florence|Arthur|Beryl|07700|arthur@example/);
    }
    assert.equal((await outboxFor(app, world.coordinator.email)).length, 0, 'only referrers are told');

    assert.deepEqual(
      await app.db
        .selectFrom('dir_services')
        .select(['status', 'published'])
        .where('id', '=', world.serviceId)
        .executeTakeFirstOrThrow(),
      { status: 'inactive', published: false },
    );
    const feed = (await app.inject({ method: 'GET', url: `/oruk/services?search=${world.word}` })).json() as {
      total_items: number;
    };
    assert.equal(feed.total_items, 0);

    const list = await agent.get(`/activities/${world.activityId}/reviews?done=close`);
    assert.match(list.body, /The activity is closed/);
    assert.match(list.body, /no more reviews are due/);
    assert.doesNotMatch(list.body, /Record a review/);
    assert.equal((await agent.get(`/activities/${world.activityId}/reviews/new`)).statusCode, 409);
    assert.equal(
      (await agent.postForm(`/activities/${world.activityId}/reviews/new`, review('continue', ''))).statusCode,
      409,
    );
    const referrerView = await (await signIn(app, world.receptionist)).get(
      `/activities/${world.activityId}/introductions`,
    );
    assert.match(referrerView.body, /data-status="activity_closed">The activity closed/);
  });
});
