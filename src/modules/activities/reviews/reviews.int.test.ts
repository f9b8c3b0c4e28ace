import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { DateTime } from 'luxon';
import { buildActivity, buildRoleTemplate, buildSession } from '../../../../test/helpers/activity-factories.ts';
import { signIn } from '../../../../test/helpers/agent.ts';
import { buildPerson, buildPractice } from '../../../../test/helpers/factories.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { encryptSecret } from '../../../platform/crypto.ts';
import { formatDate } from '../../../platform/views/format.ts';
import { newId } from '../../../lib/ids.ts';
import { buildChampionPerson } from '../../champions/self-service/self-service.fixtures.ts';
import { type ReviewFigures, addMonths, defaultPeriod, londonToday } from './review-figures.rules.ts';
import { addLead, recordSessionCounts, setActivityStatus } from './reviews.fixtures.ts';
import { dateParts } from './reviews.schemas.ts';

const today = londonToday();
const daysAgo = (days: number) =>
  DateTime.fromISO(today, { zone: 'Europe/London' }).minus({ days }).toISODate() ?? today;

/** An activity that went active four months ago, with sessions, champion hours, two leads (one cleared) and introductions. */
async function reviewWorld(app: FastifyInstance) {
  const { config } = await testWorld();
  const practiceId = await buildPractice(app.db);
  const coordinator = await buildPerson(app.db, {
    roles: [[practiceId, 'coordinator']],
    displayName: 'Dom Coordinator',
  });
  const activityId = await buildActivity(app.db, practiceId, { status: 'approved', name: 'Cuppa and chat' });
  await setActivityStatus(app.db, activityId, 'active', DateTime.now().minus({ months: 4 }).toJSDate());
  const lead = await buildChampionPerson(app.db, practiceId, 'Geoff Lead');
  const other = await buildChampionPerson(app.db, practiceId, 'Sam Lead');
  await addLead(app.db, activityId, lead.championId);
  await addLead(app.db, activityId, other.championId);
  for (const [name, checkLevel] of [
    ['Host', 'none'],
    ['Escort', 'enhanced'],
  ] as const) {
    const roleId = await buildRoleTemplate(app.db, practiceId, { name: `${name} ${newId().slice(-4)}`, checkLevel });
    await app.db
      .insertInto('activity_roles')
      .values({ activity_id: activityId, role_template_id: roleId, organisation_id: practiceId, places: 1 })
      .execute();
  }
  await app.db
    .insertInto('champion_checks')
    .values({
      id: newId(),
      champion_id: lead.championId,
      level: 'enhanced',
      issued_on: daysAgo(200),
      certificate_reference: '001234567890',
    })
    .execute();

  const first = await buildSession(app.db, activityId, { date: daysAgo(10) });
  await recordSessionCounts(app.db, first, { headCount: 11, newAttendees: 9 });
  await recordSessionCounts(app.db, await buildSession(app.db, activityId, { date: daysAgo(40) }), {
    headCount: 8,
    newAttendees: 2,
  });
  await buildSession(app.db, activityId, { date: daysAgo(20), status: 'cancelled' });
  await buildSession(app.db, activityId, { date: daysAgo(5) });
  await recordSessionCounts(app.db, await buildSession(app.db, activityId, { date: daysAgo(100) }), {
    headCount: 5,
    newAttendees: 5,
  });
  for (const champion of [lead, other]) {
    await app.db
      .insertInto('champion_hours')
      .values({
        id: newId(),
        organisation_id: practiceId,
        champion_id: champion.championId,
        worked_on: daysAgo(10),
        minutes: 90,
        category: 'session',
        session_id: first,
      })
      .execute();
  }
  const key = config.security.encryptionKey;
  for (const status of ['pending', 'pending', 'joined'] as const) {
    await app.db
      .insertInto('activity_introductions')
      .values({
        id: newId(),
        activity_id: activityId,
        organisation_id: practiceId,
        route: 'reception',
        first_name_enc: encryptSecret(key, 'Florence'),
        contact_enc: encryptSecret(key, '07700 900 123'),
        status,
        referred_by: coordinator.id,
      })
      .execute();
  }
  return { practiceId, coordinator, activityId, lead };
}

const nextReview = addMonths(today, 3);
const reviewFields = (overrides: Record<string, string> = {}) => ({
  periodStart: defaultPeriod(today).from,
  periodEnd: today,
  costNote: 'The room is free; tea costs £4 a week',
  feedback: 'People say it is the best part of their week',
  outcome: 'continue',
  outcomeNote: '',
  ...dateParts('nextReviewOn', nextReview),
  ...overrides,
});

describe('sustain reviews', () => {
  test('the review shows the quarter’s figures and stores them with the decision', async () => {
    const { app } = await testWorld();
    const { coordinator, activityId } = await reviewWorld(app);
    const agent = await signIn(app, coordinator);
    const list = await agent.get(`/activities/${activityId}/reviews`);
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /data-due="overdue"/, 'due three months after it went active');
    assert.match(list.body, /No reviews yet/);

    const page = await agent.get(`/activities/${activityId}/reviews/new`);
    assert.equal(page.statusCode, 200);
    const figure = (key: string) => new RegExp(`data-figure="${key}">([^<]*)<`).exec(page.body)?.[1];
    assert.equal(figure('delivered'), '2');
    assert.equal(figure('cancelled'), '1');
    assert.equal(figure('not-recorded'), '1');
    assert.equal(figure('attendances'), '19');
    assert.equal(figure('new-attendees'), '11');
    assert.match(figure('change') ?? '', /^\+14 \(up 280%\): 5 attendances from/);
    assert.equal(figure('champion-hours'), '3 hours');
    assert.equal(figure('leader-cover'), '1 of 2 lead champions are cleared for all 2 roles it needs');
    assert.match(figure('introductions') ?? '', /2 waiting, 1 joined, 0 decided not to join/);
    const monthRows = [
      ...page.body.matchAll(
        /data-month="[^"]+">\s*<th[^>]*>[^<]+<\/th>\s*<td[^>]*>(\d+)<\/td>\s*<td[^>]*>(\d+)<\/td>/g,
      ),
    ];
    assert.equal(
      monthRows.reduce((sum, row) => sum + Number(row[2]), 0),
      19,
      'the months add up to the period',
    );
    assert.equal(
      monthRows.reduce((sum, row) => sum + Number(row[1]), 0),
      2,
    );

    const saved = await agent.postForm(`/activities/${activityId}/reviews/new`, reviewFields());
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, `/activities/${activityId}/reviews?done=continue`);
    const review = await app.db
      .selectFrom('activity_reviews')
      .selectAll()
      .where('activity_id', '=', activityId)
      .executeTakeFirstOrThrow();
    const figures = review.figures as ReviewFigures;
    assert.deepEqual(
      {
        delivered: figures.sessions.delivered,
        attendances: figures.attendances,
        newAttendees: figures.newAttendees,
        previous: figures.previous.attendances,
        minutes: figures.championMinutes,
        leaders: figures.leaders,
        pending: figures.introductions.pending,
      },
      {
        delivered: 2,
        attendances: 19,
        newAttendees: 11,
        previous: 5,
        minutes: 180,
        leaders: { leads: 2, cleared: 1, rolesNeeded: 2 },
        pending: 2,
      },
    );
    assert.deepEqual(
      [review.outcome, review.cost_note, String(review.next_review_on), review.reviewed_by],
      ['continue', 'The room is free; tea costs £4 a week', nextReview, coordinator.id],
    );
    assert.equal(
      String(
        (
          await app.db
            .selectFrom('activities')
            .select('review_on')
            .where('id', '=', activityId)
            .executeTakeFirstOrThrow()
        ).review_on,
      ),
      nextReview,
    );
    assert.equal(
      (
        await app.db
          .selectFrom('audit_events')
          .select('id')
          .where('action', '=', 'activity.reviewed')
          .where('subject_id', '=', activityId)
          .execute()
      ).length,
      1,
    );

    const after = await agent.get(`/activities/${activityId}/reviews?done=continue`);
    assert.match(after.body, /Review saved/);
    assert.match(after.body, /data-due="later"/);
    assert.match(after.body, new RegExp(`Next review due: <strong>${formatDate(nextReview)}</strong>`));
    assert.match(after.body, /data-outcome="continue">\s*Continue/);
    assert.match(after.body, /Dom Coordinator/);
    assert.match(after.body, /People say it is the best part of their week/);
  });

  test('another period can be chosen; bad periods and bad reviews are refused with the input kept', async () => {
    const { app } = await testWorld();
    const { coordinator, activityId } = await reviewWorld(app);
    const agent = await signIn(app, coordinator);
    const [, fromMonth, fromDay] = daysAgo(15).split('-');
    const narrow = await agent.get(
      `/activities/${activityId}/reviews/new?from%5Bday%5D=${fromDay}&from%5Bmonth%5D=${fromMonth}&from%5Byear%5D=${daysAgo(15).slice(0, 4)}&to%5Bday%5D=${today.slice(8)}&to%5Bmonth%5D=${today.slice(5, 7)}&to%5Byear%5D=${today.slice(0, 4)}`,
    );
    assert.equal(narrow.statusCode, 200);
    assert.match(narrow.body, /data-figure="attendances">11</);
    assert.match(narrow.body, new RegExp(`name="periodStart" value="${daysAgo(15)}"`));
    const backwards = await agent.get(
      `/activities/${activityId}/reviews/new?from%5Bday%5D=1&from%5Bmonth%5D=1&from%5Byear%5D=2026&to%5Bday%5D=1&to%5Bmonth%5D=1&to%5Byear%5D=2025`,
    );
    assert.equal(backwards.statusCode, 400);
    assert.match(backwards.body, /The period must start before it ends/);
    const nonsense = await agent.get(
      `/activities/${activityId}/reviews/new?from%5Bday%5D=31&from%5Bmonth%5D=2&from%5Byear%5D=2026&to%5Bday%5D=x`,
    );
    assert.equal(nonsense.statusCode, 400);
    assert.match(nonsense.body, /must be a real date/);

    const url = `/activities/${activityId}/reviews/new`;
    const noReason = await agent.postForm(
      url,
      reviewFields({ outcome: 'close', feedback: 'Numbers have dropped off' }),
    );
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /Say why you decided to close it/);
    assert.match(noReason.body, /Numbers have dropped off/);
    assert.match(noReason.body, /value="close" checked/);
    const past = await agent.postForm(url, reviewFields(dateParts('nextReviewOn', daysAgo(1))));
    assert.equal(past.statusCode, 400);
    assert.match(past.body, /The next review must be after today/);
    assert.equal((await agent.postForm(url, reviewFields({ outcome: 'stop' }))).statusCode, 400);
    assert.equal((await agent.postForm(url, reviewFields({ periodEnd: addMonths(today, 1) }))).statusCode, 400);
    assert.equal((await agent.postForm(url, reviewFields({ feedback: 'x'.repeat(2001) }))).statusCode, 400);
    assert.equal(
      (await app.db.selectFrom('activity_reviews').select('id').where('activity_id', '=', activityId).execute()).length,
      0,
    );
    assert.equal(
      (await app.db.selectFrom('activities').select('status').where('id', '=', activityId).executeTakeFirstOrThrow())
        .status,
      'active',
    );
  });

  test('other practices get 404; staff without the permission get 403', async () => {
    const { app } = await testWorld();
    const { practiceId, activityId, lead } = await reviewWorld(app);
    const outsider = await signIn(
      app,
      await buildPerson(app.db, { roles: [[await buildPractice(app.db), 'coordinator']] }),
    );
    const receptionist = await signIn(app, await buildPerson(app.db, { roles: [[practiceId, 'receptionist']] }));
    const champion = await signIn(app, lead);
    for (const [agent, status] of [
      [outsider, 404],
      [receptionist, 403],
      [champion, 403],
    ] as const) {
      assert.equal((await agent.get(`/activities/${activityId}/reviews`)).statusCode, status);
      assert.equal((await agent.get(`/activities/${activityId}/reviews/new`)).statusCode, status);
      assert.equal((await agent.postForm(`/activities/${activityId}/reviews/new`, reviewFields())).statusCode, status);
    }
    assert.equal((await outsider.get('/activities/nonsense/reviews')).statusCode, 404);
    assert.equal(
      (await app.db.selectFrom('activity_reviews').select('id').where('activity_id', '=', activityId).execute()).length,
      0,
    );
  });
});
