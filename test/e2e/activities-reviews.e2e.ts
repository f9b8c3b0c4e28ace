/** A GP introduces a patient to a running activity; at its sustain review the coordinator closes it, and the GP is told. */
import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { syncActivityListing } from '../../src/modules/activities/index.ts';
import {
  buildSchedule,
  recordSessionCounts,
  setActivityStatus,
} from '../../src/modules/activities/reviews/reviews.fixtures.ts';
import { buildActivity, buildSession } from '../helpers/activity-factories.ts';
import { buildPerson, buildPractice, type TestPerson } from '../helpers/factories.ts';
import { errorSummary, follow, heading, journey, notice, signIn, submit, visit, world } from './helpers.ts';

/** A practice of its own with its GP and coordinator. */
interface Practice {
  id: string;
  odsCode: string;
  gp: TestPerson;
  coordinator: TestPerson;
}

/** Builds the practice, its GP (clinician and safeguarding lead) and its coordinator. */
async function buildCanal(): Promise<Practice> {
  const db = world().app.db;
  const id = await buildPractice(db);
  const { ods_code: odsCode } = await db
    .selectFrom('organisations')
    .select('ods_code')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const gp = await buildPerson(db, {
    roles: [
      [id, 'clinician'],
      [id, 'safeguarding_lead'],
    ],
    displayName: 'Dr Amir Rahman',
  });
  const coordinator = await buildPerson(db, { roles: [[id, 'coordinator']] });
  return { id, odsCode: odsCode ?? '', gp, coordinator };
}

/** An active, public activity of the practice that began four months ago, with delivered sessions, listed in the directory. */
async function runningActivity(canal: string, name: string): Promise<string> {
  const db = world().app.db;
  const activityId = await buildActivity(db, canal, {
    status: 'approved',
    name,
    category: 'social-connection',
    fiveWays: ['connect'],
  });
  await buildSchedule(db, activityId, {
    frequency: 'weekly',
    weekday: 3,
    startsOn: DateTime.now().minus({ months: 4 }).toISODate() ?? undefined,
    startTime: '10:00',
    endTime: '11:30',
  });
  await setActivityStatus(db, activityId, 'active', DateTime.now().minus({ months: 4 }).toJSDate());
  const today = DateTime.now().setZone('Europe/London');
  for (const [days, headCount, newAttendees] of [
    [7, 12, 3],
    [14, 10, 2],
    [21, 9, 9],
  ] as const) {
    const sessionId = await buildSession(db, activityId, { date: today.minus({ days }).toISODate() ?? undefined });
    await recordSessionCounts(db, sessionId, { headCount, newAttendees });
  }
  await syncActivityListing(db, activityId, { userId: null });
  return activityId;
}

journey(
  'activities: a warm introduction, then a sustain review closes the activity and the referrer is told',
  async (session) => {
    const name = `Cuppa and chat ${Date.now().toString(36)}`;
    const canal = await buildCanal();
    const activityId = await runningActivity(canal.id, name);

    // Anyone can find it in the practice's public directory.
    const visitor = await session.newPage();
    await visit(visitor, `/practices/${canal.odsCode}/directory?q=${encodeURIComponent(name)}`);
    assert.match(await visitor.locator('main').innerText(), new RegExp(name));

    // The GP introduces a patient, who agreed to it.
    const gp = await session.newPage();
    await signIn(gp, canal.gp.email, { password: canal.gp.password });
    await visit(gp, `/activities/${activityId}/introductions`);
    assert.equal(await heading(gp), `Introductions to ${name}`);
    assert.match(await gp.locator('main').innerText(), /You have not introduced anyone/);
    await follow(gp, 'Introduce someone', 'main');
    assert.ok(await gp.getByLabel('GP or other clinician').isChecked(), 'their own route is chosen for them');
    await gp.locator('#firstName').fill('Florence');
    await gp.locator('#contact').fill('07700 900 123');
    assert.equal(await submit(gp, 'Introduce them'), 400);
    assert.deepEqual(await errorSummary(gp), [
      'Confirm the person agreed to be introduced and to be contacted by the activity lead',
    ]);
    assert.equal(await gp.locator('#firstName').inputValue(), 'Florence', 'what was typed is kept');
    await gp.getByLabel('The person agreed to be introduced and for the activity lead to contact them').check();
    await submit(gp, 'Introduce them');
    assert.match(await notice(gp), /The activity lead will get in touch/);
    assert.match(await gp.locator('main').innerText(), /Florence[\s\S]*Waiting to hear from the activity/);

    // The coordinator sees who is waiting, then reviews the activity and closes it.
    const coordinator = await session.newPage();
    await signIn(coordinator, canal.coordinator.email, { password: canal.coordinator.password });
    await visit(coordinator, `/activities/${activityId}/introductions`);
    assert.match(await coordinator.locator('main').innerText(), /Florence\s+07700 900 123/);
    await visit(coordinator, `/activities/${activityId}/reviews`);
    assert.equal(await heading(coordinator), 'Sustain reviews');
    assert.ok(
      await coordinator.locator('.nhsuk-tag', { hasText: 'Overdue' }).isVisible(),
      'the first review was due three months after it started',
    );
    await follow(coordinator, 'Record a review', 'main');
    assert.equal(await coordinator.locator('[data-figure="delivered"]').innerText(), '3');
    assert.equal(await coordinator.locator('[data-figure="attendances"]').innerText(), '31');
    assert.match(await coordinator.locator('[data-figure="introductions"]').innerText(), /1 waiting/);
    await coordinator.locator('#feedback').fill('Regulars enjoy it but few new people come.');
    await coordinator.getByLabel('Close it').check();
    assert.equal(await submit(coordinator, 'Save review'), 400);
    assert.deepEqual(await errorSummary(coordinator), ['Say why you decided to close it']);
    assert.equal(await coordinator.locator('#feedback').inputValue(), 'Regulars enjoy it but few new people come.');
    assert.ok(await coordinator.getByLabel('Close it').isChecked());
    await coordinator.locator('#outcomeNote').fill('The volunteers who run it are moving away.');
    await submit(coordinator, 'Save review');
    assert.match(await notice(coordinator), /The activity is closed/);
    assert.match(await coordinator.locator('[data-outcome="close"]').innerText(), /Close/);

    // The GP is emailed once, with a count and no names.
    const messages = await world()
      .app.db.selectFrom('outbox_messages')
      .select(['subject', 'body'])
      .where('recipient', '=', canal.gp.email)
      .where('subject', 'like', `%${name}`)
      .execute();
    assert.equal(messages.length, 1);
    assert.match(messages[0]?.body ?? '', /1 person you introduced was still waiting to join/);
    assert.doesNotMatch(messages[0]?.body ?? '', /Florence|07700/);
    await visit(gp, `/activities/${activityId}/introductions`);
    assert.match(await gp.locator('main').innerText(), /The activity closed/);

    // And it has left the public directory.
    await visit(visitor, `/practices/${canal.odsCode}/directory?q=${encodeURIComponent(name)}`);
    assert.doesNotMatch(await visitor.locator('main').innerText(), new RegExp(name));
  },
);
