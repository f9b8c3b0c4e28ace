import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import { DateTime } from 'luxon';
import { buildActivity, buildSession } from '../../../../test/helpers/activity-factories.ts';
import { signIn } from '../../../../test/helpers/agent.ts';
import { buildPerson, buildPractice } from '../../../../test/helpers/factories.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import type { Database } from '../../../platform/db/schema.ts';
import { newId } from '../../../lib/ids.ts';
import { buildChampionPerson } from '../../champions/self-service/self-service.fixtures.ts';
import { type ReviewFigures, addMonths, defaultPeriod, londonToday } from './review-figures.rules.ts';
import { recordSessionCounts, setActivityStatus } from './reviews.fixtures.ts';
import { dateParts } from './reviews.schemas.ts';

const today = londonToday();
const daysAgo = (days: number) =>
  DateTime.fromISO(today, { zone: 'Europe/London' }).minus({ days }).toISODate() ?? today;

/** Time a champion gave: at a session (as recording it writes), or ad hoc (no session). */
async function giveTime(
  db: Kysely<Database>,
  organisationId: string,
  championId: string,
  workedOn: string,
  minutes: number,
  sessionId: string | null,
) {
  await db
    .insertInto('champion_hours')
    .values({
      id: newId(),
      organisation_id: organisationId,
      champion_id: championId,
      worked_on: workedOn,
      minutes,
      category: sessionId ? 'session' : 'other',
      session_id: sessionId,
    })
    .execute();
}

/** An expense claim with its lines, decided as a coordinator would ('submitted' leaves it waiting). */
async function claim(
  db: Kysely<Database>,
  organisationId: string,
  championId: string,
  status: 'submitted' | 'approved' | 'rejected',
  lines: [string, number][],
) {
  const id = newId();
  await db
    .insertInto('expense_claims')
    .values({
      id,
      organisation_id: organisationId,
      champion_id: championId,
      total_pence: lines.reduce((sum, [, pence]) => sum + pence, 0),
    })
    .execute();
  for (const [index, [spentOn, pence]] of lines.entries()) {
    await db
      .insertInto('expense_items')
      .values({
        id: newId(),
        claim_id: id,
        organisation_id: organisationId,
        champion_id: championId,
        spent_on: spentOn,
        kind: 'travel',
        description: `Bus fare ${index + 1}`,
        amount_pence: pence,
        position: index,
      })
      .execute();
  }
  if (status !== 'submitted') {
    await db
      .updateTable('expense_claims')
      .set({ status, decided_at: new Date(), decision_reason: status === 'rejected' ? 'No receipt' : '' })
      .where('id', '=', id)
      .execute();
  }
}

/**
 * A £2.50 activity with two delivered sessions in the quarter (19 attendances) and one before
 * it; Alice gave time only at its sessions, Bob also gave ad hoc time on one session day, and
 * Carol helps only at another activity. Their claims: some approved, one rejected, one waiting.
 */
async function costWorld(db: Kysely<Database>) {
  const practiceId = await buildPractice(db);
  const coordinator = await buildPerson(db, { roles: [[practiceId, 'coordinator']] });
  const activityId = await buildActivity(db, practiceId, { status: 'approved', name: 'Mandolin club', costPence: 250 });
  await db.updateTable('activities').set({ cost_note: 'concessions free' }).where('id', '=', activityId).execute();
  await setActivityStatus(db, activityId, 'active', DateTime.now().minus({ months: 4 }).toJSDate());
  const other = await buildActivity(db, practiceId, { status: 'active', name: 'Chair yoga' });
  const [alice, bob, carol] = [
    await buildChampionPerson(db, practiceId, 'Alice Champion'),
    await buildChampionPerson(db, practiceId, 'Bob Champion'),
    await buildChampionPerson(db, practiceId, 'Carol Champion'),
  ];

  const recent = await buildSession(db, activityId, { date: daysAgo(10) });
  await recordSessionCounts(db, recent, { headCount: 11, newAttendees: 3 });
  const earlier = await buildSession(db, activityId, { date: daysAgo(40) });
  await recordSessionCounts(db, earlier, { headCount: 8, newAttendees: 2 });
  const lastQuarter = await buildSession(db, activityId, { date: daysAgo(100) });
  await recordSessionCounts(db, lastQuarter, { headCount: 6, newAttendees: 6 });
  const yoga = await buildSession(db, other, { date: daysAgo(10) });
  await recordSessionCounts(db, yoga, { headCount: 4, newAttendees: 0 });

  await giveTime(db, practiceId, alice.championId, daysAgo(10), 90, recent);
  await giveTime(db, practiceId, alice.championId, daysAgo(40), 90, earlier);
  await giveTime(db, practiceId, alice.championId, daysAgo(100), 90, lastQuarter);
  await giveTime(db, practiceId, bob.championId, daysAgo(10), 60, recent);
  await giveTime(db, practiceId, bob.championId, daysAgo(10), 120, null);
  await giveTime(db, practiceId, carol.championId, daysAgo(10), 60, yoga);

  // Counted: Alice's approved fares on her two session days (£3.20 + £4.50).
  await claim(db, practiceId, alice.championId, 'approved', [
    [daysAgo(10), 320],
    [daysAgo(40), 450],
  ]);
  // Not counted: a day with no session, a rejected and a waiting claim, a session day before the period.
  await claim(db, practiceId, alice.championId, 'approved', [
    [daysAgo(25), 999],
    [daysAgo(100), 275],
  ]);
  await claim(db, practiceId, alice.championId, 'rejected', [[daysAgo(10), 700]]);
  await claim(db, practiceId, alice.championId, 'submitted', [[daysAgo(40), 500]]);
  // Shown as not counted: Bob's day was shared with other time. Never shown: Carol was at yoga.
  await claim(db, practiceId, bob.championId, 'approved', [[daysAgo(10), 600]]);
  await claim(db, practiceId, carol.championId, 'approved', [[daysAgo(10), 800]]);
  return { practiceId, coordinator, activityId, alice };
}

describe('sustain reviews: what the activity costs', () => {
  test('the review shows the price to attendees, approved champion expenses that can be tied to its sessions, and champion hours', async () => {
    const { app } = await testWorld();
    const { coordinator, activityId } = await costWorld(app.db);
    const agent = await signIn(app, coordinator);
    const page = await agent.get(`/activities/${activityId}/reviews/new`);
    assert.equal(page.statusCode, 200);
    const figure = (key: string) => new RegExp(`data-figure="${key}">([^<]*)<`).exec(page.body)?.[1];
    assert.equal(figure('attendances'), '19');
    assert.equal(
      figure('attendee-cost'),
      '£2.50 a session (concessions free): at most £47.50 from 19 attendances at that price',
    );
    assert.equal(
      figure('champion-expenses'),
      '£7.70 in 2 items from 1 champion, for days they gave time only at its sessions. Not counted: £6.00 in 1 item from days they also gave time elsewhere',
    );
    assert.equal(
      figure('champion-hours'),
      '4 hours',
      'Alice 3 hours and Bob 1 hour at its sessions; Bob’s ad hoc time is not the activity’s',
    );

    const saved = await agent.postForm(`/activities/${activityId}/reviews/new`, {
      periodStart: defaultPeriod(today).from,
      periodEnd: today,
      costNote: 'The library room is free',
      feedback: '',
      outcome: 'continue',
      outcomeNote: '',
      ...dateParts('nextReviewOn', addMonths(today, 3)),
    });
    assert.equal(saved.statusCode, 303);
    const review = await app.db
      .selectFrom('activity_reviews')
      .select('figures')
      .where('activity_id', '=', activityId)
      .executeTakeFirstOrThrow();
    const figures = review.figures as ReviewFigures;
    assert.deepEqual(figures.cost, { pencePerSession: 250, note: 'concessions free', attendancesAtPricePence: 4750 });
    assert.deepEqual(figures.expenses, {
      approvedPence: 770,
      items: 2,
      champions: 1,
      sharedDayItems: 1,
      sharedDayPence: 600,
    });
    assert.equal(figures.championMinutes, 240);
  });

  test('approving a waiting claim adds it; a free activity says so; a period with no expenses says none', async () => {
    const { app } = await testWorld();
    const { coordinator, activityId, alice } = await costWorld(app.db);
    const agent = await signIn(app, coordinator);
    await app.db
      .updateTable('expense_claims')
      .set({ status: 'approved', decided_at: new Date() })
      .where('champion_id', '=', alice.championId)
      .where('status', '=', 'submitted')
      .execute();
    await app.db.updateTable('activities').set({ cost_pence: 0, cost_note: '' }).where('id', '=', activityId).execute();
    const page = await agent.get(`/activities/${activityId}/reviews/new`);
    assert.match(page.body, /data-figure="champion-expenses">£12\.70 in 3 items from 1 champion/);
    assert.match(page.body, /data-figure="attendee-cost">Free</);

    const [, month, day] = daysAgo(9).split('-');
    const quiet = await agent.get(
      `/activities/${activityId}/reviews/new?from%5Bday%5D=${day}&from%5Bmonth%5D=${month}&from%5Byear%5D=${daysAgo(9).slice(0, 4)}&to%5Bday%5D=${today.slice(8)}&to%5Bmonth%5D=${today.slice(5, 7)}&to%5Byear%5D=${today.slice(0, 4)}`,
    );
    assert.equal(quiet.statusCode, 200);
    assert.match(
      quiet.body,
      /data-figure="champion-expenses">None approved for days champions gave time only at its sessions</,
    );
    assert.match(quiet.body, /data-figure="champion-hours">0 minutes</);
  });
});
