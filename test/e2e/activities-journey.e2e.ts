/**
 * The whole life of an activity in the browser, as issue 4 asks: the coordinator proposes,
 * risk-assesses, approves, schedules and publishes it and puts a champion on the rota; the
 * public what's on page and the iCalendar feed show it; the champion records today's session
 * on a phone with no network, and it arrives once; the totals agree with the champion's hours.
 */
import assert from 'node:assert/strict';
import ICAL from 'ical.js';
import type { Page } from 'playwright-core';
import { buildChampionPerson } from '../../src/modules/champions/self-service/self-service.fixtures.ts';
import { buildRoleTemplate } from '../helpers/activity-factories.ts';
import { buildPerson, buildPractice } from '../helpers/factories.ts';
import { checkPage, follow, journey, notice, signIn, submit, visit, world } from './helpers.ts';
import { isoWeekday, londonToday } from '../../src/lib/dates.ts';

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/** The status tag on the activity page. */
async function status(page: Page): Promise<string> {
  return (await page.locator('#status .nhsuk-tag').innerText()).trim();
}

/** Waits until `check`, run in the page, is true. */
async function eventually(page: Page, check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  const until = Date.now() + 15_000;
  while (Date.now() < until) {
    if (await page.evaluate(check)) {
      return;
    }
    await page.waitForTimeout(200);
  }
  assert.fail(`Timed out waiting for ${what}`);
}

journey(
  'activities: proposed, risk-assessed, approved, scheduled and published in the browser; recorded offline on a phone; on what’s on and in the calendar',
  async (session) => {
    // A practice of its own with a coordinator, a champion and a walk leader role.
    const { db } = world().app;
    const canal = await buildPractice(db);
    const { ods_code: canalOds } = await db
      .selectFrom('organisations')
      .select('ods_code')
      .where('id', '=', canal)
      .executeTakeFirstOrThrow();
    const coordinatorPerson = await buildPerson(db, { roles: [[canal, 'coordinator']] });
    const joanPerson = await buildChampionPerson(db, canal, 'Joan Walker');
    await buildRoleTemplate(db, canal, { name: 'Walk leader' });
    const name = `Towpath wander ${Date.now().toString(36)}`;

    // The coordinator proposes it with everything a proposal needs.
    const coordinator = await session.newPage();
    await signIn(coordinator, coordinatorPerson.email, { password: coordinatorPerson.password });
    await visit(coordinator, `/organisations/${canal}/activities/new`);
    await coordinator.locator('#name').fill(name);
    await coordinator
      .locator('#description')
      .fill('An easy hour along the canal towpath, at the pace of the slowest walker.');
    await coordinator.getByLabel('Physical activity', { exact: true }).check();
    await coordinator.getByLabel('Be active', { exact: true }).check();
    await coordinator.getByLabel('Take notice', { exact: true }).check();
    await coordinator.getByLabel('A group that meets', { exact: true }).check();
    await coordinator.locator('#venueName').fill('Canal Street Surgery car park');
    await coordinator.locator('#venuePostcode').fill('LS28 7AA');
    await coordinator.getByLabel('Free', { exact: true }).check();
    await coordinator.getByLabel('People can come by themselves', { exact: true }).check();
    await coordinator.getByLabel('Reception and care navigators', { exact: true }).check();
    await coordinator.locator('#howToJoin').fill('Meet at the surgery car park. Just turn up.');
    await coordinator.getByLabel('Joan Walker', { exact: true }).check();
    await coordinator.getByLabel('Walk leader', { exact: true }).fill('1');
    assert.equal(await submit(coordinator, 'Submit proposal'), 200);
    assert.match(await notice(coordinator), /Proposal submitted/);
    assert.equal(await status(coordinator), 'Proposed');
    const activityPath = new URL(coordinator.url()).pathname;
    const activityId = activityPath.split('/')[2] ?? '';

    // Risk assessment, then approval.
    await follow(coordinator, `Record risk assessment for ${name}`, 'main');
    await coordinator.locator('#hazards').fill('Uneven towpath and the water’s edge.');
    await coordinator.locator('#controls').fill('Walk leader checks the route; walkers keep to the hedge side.');
    await coordinator.locator('#safeguarding').fill('Leads know the safeguarding lead and how to raise a concern.');
    await coordinator.locator('#loneWorking').fill('Never fewer than two champions.');
    await coordinator.locator('#insurance').fill('The practice’s public liability insurance.');
    await coordinator.locator('#reviewOn-day').fill('1');
    await coordinator.locator('#reviewOn-month').fill('6');
    await coordinator.locator('#reviewOn-year').fill(String(Number(londonToday().slice(0, 4)) + 1));
    await submit(coordinator, 'Save risk assessment');
    assert.equal(await status(coordinator), 'Risk assessed');
    await submit(coordinator, 'Approve');
    assert.equal(await status(coordinator), 'Approved');

    // A weekly schedule on today's weekday, from today: today's session is the first.
    await follow(coordinator, 'Schedules and sessions', 'main');
    await follow(coordinator, 'Add a schedule');
    const today = londonToday();
    const [year, month, day] = today.split('-');
    await coordinator.getByLabel('Every week', { exact: true }).check();
    await coordinator.locator('#weekday').selectOption(String(isoWeekday(today)));
    await coordinator.locator('#startsOn-day').fill(String(Number(day)));
    await coordinator.locator('#startsOn-month').fill(String(Number(month)));
    await coordinator.locator('#startsOn-year').fill(year ?? '');
    await coordinator.locator('#startTime').fill('10:00');
    await coordinator.locator('#endTime').fill('11:30');
    assert.equal(await submit(coordinator, 'Add schedule'), 200);
    assert.match(await notice(coordinator), /Schedule added/);
    const todays = await db
      .selectFrom('activity_sessions')
      .select('id')
      .where('activity_id', '=', activityId)
      .where('local_date', '=', today)
      .executeTakeFirstOrThrow();

    // Joan goes on today's rota; then the activity is published.
    await visit(coordinator, `/activities/${activityId}/sessions/${todays.id}`);
    const place = await db
      .selectFrom('activity_rota_places')
      .select('id')
      .where('session_id', '=', todays.id)
      .executeTakeFirstOrThrow();
    const joan = { id: joanPerson.championId };
    await coordinator.locator(`#champion-${place.id}`).selectOption(joan.id);
    const assigned = coordinator.waitForNavigation({ waitUntil: 'load' });
    await coordinator.locator(`[data-place="${place.id}"] button`).click();
    await assigned;
    await checkPage(coordinator);
    assert.match(await notice(coordinator), /put on the rota/);
    await visit(coordinator, activityPath);
    await submit(coordinator, 'Publish');
    assert.equal(await status(coordinator), 'Active');

    // Anyone sees it on the practice's what's on, and its calendar has today's session at 10am.
    const visitor = await session.newPage(PHONE);
    await visit(visitor, `/practices/${canalOds ?? ''}/whats-on`);
    await follow(visitor, name, 'main');
    assert.match(await visitor.locator('main').innerText(), /Meet at the surgery car park/);
    const feedHref = await visitor.getByRole('link', { name: /Add to your calendar/ }).getAttribute('href');
    assert.ok(feedHref, 'the activity offers its calendar');
    const feed = await visitor.request.get(feedHref);
    assert.equal(feed.status(), 200);
    const calendar = new ICAL.Component(ICAL.parse(await feed.text()));
    const event = calendar
      .getAllSubcomponents('vevent')
      .map((component) => new ICAL.Event(component))
      .find((candidate) => candidate.uid.startsWith(todays.id));
    assert.ok(event, "today's session is in the feed");
    assert.equal(event.summary, name);
    assert.equal(event.startDate.toString().slice(0, 16), `${today}T10:00`, 'at 10am London time');

    // Joan records today's session on her phone with no network; it arrives once when she is back.
    const phone = await session.newPage(PHONE);
    await signIn(phone, joanPerson.email, { password: joanPerson.password });
    await visit(phone, '/champion/sessions');
    const recordLink = phone.locator(`a[href="/sessions/${todays.id}/record"]`);
    assert.match(await recordLink.innerText(), new RegExp(name), 'today’s session is listed for her');
    await Promise.all([phone.waitForNavigation({ waitUntil: 'load' }), recordLink.click()]);
    await checkPage(phone);
    assert.equal(new URL(phone.url()).pathname, `/sessions/${todays.id}/record`);
    await eventually(
      phone,
      () => navigator.serviceWorker.ready.then(() => navigator.serviceWorker.controller !== null),
      'the service worker to take charge',
    );
    await phone.context().setOffline(true);
    await phone.locator('#headCount').fill('8');
    await phone.locator('#newAttendees').fill('3');
    await phone.locator('#referredReception').fill('2');
    await phone.getByRole('button', { name: 'Save session record', exact: true }).click();
    await phone.locator('[data-session-record-message]').filter({ hasText: 'Saved on this phone' }).waitFor();
    assert.equal(
      (await db.selectFrom('activity_sessions').select('status').where('id', '=', todays.id).executeTakeFirstOrThrow())
        .status,
      'scheduled',
    );
    await phone.context().setOffline(false);
    await phone.locator('[data-session-record-message]').filter({ hasText: /Sent/ }).waitFor({ timeout: 40_000 });
    const recorded = await db
      .selectFrom('activity_sessions')
      .select(['status', 'head_count', 'new_attendees'])
      .where('id', '=', todays.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(recorded, { status: 'delivered', head_count: 8, new_attendees: 3 });
    const hours = await db
      .selectFrom('champion_hours')
      .select(['champion_id', 'minutes', 'category'])
      .where('session_id', '=', todays.id)
      .execute();
    assert.deepEqual(
      hours,
      [{ champion_id: joan.id, minutes: 90, category: 'session' }],
      'Joan’s hour and a half, once',
    );

    // The activity's totals and Joan's own hours agree.
    await visit(coordinator, `/activities/${activityId}/totals`);
    const row = coordinator.locator('table').first().locator('tbody tr', { hasText: name });
    const cells = (await row.locator('th, td').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
    assert.deepEqual(
      cells,
      [name, '1', '8', '3', '0', '1 hour 30 minutes', '0'],
      'sessions, attendances, new, supported, champion hours, incidents',
    );
    await visit(phone, '/champion/hours');
    const mine = await phone.locator('main').innerText();
    assert.match(mine, /1 hour 30 minutes/, 'the same hour and a half in Joan’s own hours');
  },
  { timeout: 150_000 },
);
