import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DateTime } from 'luxon';
import { buildActivity } from '../../../../test/helpers/activity-factories.ts';
import { buildPerson, buildPractice } from '../../../../test/helpers/factories.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { newId } from '../../../lib/ids.ts';
import { addMonths, londonToday } from './review-figures.rules.ts';
import { setActivityStatus } from './reviews.fixtures.ts';
import { REVIEW_REMINDER_JOB, sendReviewReminders } from './review-reminders.jobs.ts';

describe('sustain review reminders', () => {
  test('coordinators are emailed once when a review falls due, and again only for a new due date', async () => {
    const { app, config } = await testWorld();
    const practiceId = await buildPractice(app.db);
    const coordinator = await buildPerson(app.db, { roles: [[practiceId, 'coordinator']] });
    const manager = await buildPerson(app.db, { roles: [[practiceId, 'practice_manager']] });
    const due = await buildActivity(app.db, practiceId, { status: 'approved', name: 'Chair yoga' });
    await setActivityStatus(app.db, due, 'active', DateTime.now().minus({ months: 3, days: 2 }).toJSDate());
    const recent = await buildActivity(app.db, practiceId, { status: 'approved', name: 'Park walk' });
    await setActivityStatus(app.db, recent, 'active', DateTime.now().minus({ months: 1 }).toJSDate());
    const paused = await buildActivity(app.db, practiceId, { status: 'approved', name: 'Knitting' });
    await setActivityStatus(app.db, paused, 'active', DateTime.now().minus({ months: 6 }).toJSDate());
    await setActivityStatus(app.db, paused, 'paused');
    const sent = () =>
      app.db
        .selectFrom('outbox_messages')
        .select(['recipient', 'subject', 'body'])
        .where('organisation_id', '=', practiceId)
        .execute();

    await sendReviewReminders(app.db, app.services.notifier, config);
    const first = await sent();
    assert.deepEqual(
      first.map((message) => [message.recipient, message.subject]),
      [[coordinator.email.toLowerCase(), 'Sustain review due: Chair yoga']],
    );
    assert.match(first[0]?.body ?? '', new RegExp(`${config.baseUrl}/activities/${due}/reviews/new`));
    assert.doesNotMatch(
      JSON.stringify(first),
      new RegExp(manager.email),
      'coordinators first; managers only when there are none',
    );
    await sendReviewReminders(app.db, app.services.notifier, config);
    assert.equal((await sent()).length, 1, 'not repeated');

    // A review sets the next date; when that comes round, one more reminder goes.
    await app.db
      .insertInto('activity_reviews')
      .values({
        id: newId(),
        activity_id: due,
        organisation_id: practiceId,
        period_start: addMonths(londonToday(), -3),
        period_end: londonToday(),
        outcome: 'continue',
        next_review_on: addMonths(londonToday(), 3),
        reviewed_by: coordinator.id,
      })
      .execute();
    await sendReviewReminders(app.db, app.services.notifier, config);
    assert.equal((await sent()).length, 1);
    const later = DateTime.now().plus({ months: 3, days: 1 }).toJSDate();
    await sendReviewReminders(app.db, app.services.notifier, config, later);
    assert.equal((await sent()).filter((message) => message.subject === 'Sustain review due: Chair yoga').length, 2);
    assert.equal(
      (await sent()).filter((message) => /Knitting/.test(message.subject)).length,
      0,
      'paused activities are not chased',
    );
  });

  test('the reminder runs as a daily job', async () => {
    const { app, runJobs } = await testWorld();
    await app.services.jobs.scheduleDailyJobs();
    const queued = await app.db
      .selectFrom('jobs')
      .select(['id', 'status'])
      .where('name', '=', REVIEW_REMINDER_JOB)
      .where('status', '=', 'queued')
      .executeTakeFirstOrThrow();
    await app.db
      .updateTable('jobs')
      .set({ run_at: new Date(Date.now() - 1000) })
      .where('id', '=', queued.id)
      .execute();
    await runJobs();
    assert.equal(
      (await app.db.selectFrom('jobs').select('status').where('id', '=', queued.id).executeTakeFirstOrThrow()).status,
      'done',
    );
  });
});
