/** The public "what's on": a patient on a phone finds a free walk, reads how to join and adds it to their calendar. */
import assert from 'node:assert/strict';
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { newId } from '../../src/lib/ids.ts';
import { LONDON } from '../../src/lib/dates.ts';
import { buildSchedule, nextWeekday, updateActivity } from '../../src/modules/activities/whats-on/whats-on.fixtures.ts';
import { buildActivity, buildSession } from '../helpers/activity-factories.ts';
import { buildNetwork, buildPractice } from '../helpers/factories.ts';
import { follow, heading, journey, scrollsSideways, submit, visit, world } from './helpers.ts';

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/** The activity names the page lists. */
async function listed(page: Page): Promise<string[]> {
  return (await page.locator('.app-whats-on__name').allInnerTexts()).map((text) => text.trim());
}

/** The ODS code of an organisation (public pages are addressed by it). */
async function odsCodeOf(id: string): Promise<string> {
  const row = await world()
    .app.db.selectFrom('organisations')
    .select('ods_code')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return row.ods_code ?? '';
}

async function fitsThePhone(page: Page): Promise<void> {
  const width = await scrollsSideways(page);
  assert.ok(
    !width.overflowing,
    `${new URL(page.url()).pathname} scrolls sideways: ${width.scrollWidth}px wide in ${width.innerWidth}px`,
  );
}

journey(
  "activities: on a phone, a patient finds Canal Street's free Wednesday walk, reads how to join and adds it to their calendar",
  async (session) => {
    // A network and a practice in it of its own.
    const { db } = world().app;
    const suffix = newId().slice(-5);
    const networkName = `Riverside Primary Care Network ${suffix}`;
    const canalName = `Canal Street Surgery ${suffix}`;
    const network = await buildNetwork(db, { name: networkName });
    const canal = await buildPractice(db, { networkId: network, name: canalName });
    const practicePath = `/practices/${await odsCodeOf(canal)}`;
    const networkPath = `/networks/${await odsCodeOf(network)}`;
    const name = `Towpath stroll ${Math.random().toString(36).slice(2, 7)}`;
    const activity = await buildActivity(db, canal, {
      name,
      status: 'active',
      category: 'physical-activity',
      costPence: 0,
    });
    await updateActivity(db, activity, {
      how_to_join: 'Meet by the canal bridge. Wear comfortable shoes.',
      referral_routes: ['self', 'reception'],
      accessibility_notes: 'Level towpath; benches every 200 metres.',
    });
    await buildSchedule(db, activity, { weekday: 3, startTime: '10:00', endTime: '11:00' });
    const sessions: string[] = [];
    for (let week = 0; week < 4; week += 1) {
      sessions.push(
        await buildSession(db, activity, {
          date: nextWeekday(3, week),
          startTime: '10:00',
          minutes: 60,
          status: week === 1 ? 'cancelled' : 'scheduled',
        }),
      );
    }
    // A paid Wednesday activity, to show the "free only" filter doing something.
    const paid = await buildActivity(db, canal, { name: `${name} (paid)`, status: 'active', costPence: 250 });
    await buildSchedule(db, paid, { weekday: 3 });

    const page = await session.newPage(PHONE);
    // The practice's public directory leads to its "what's on".
    await visit(page, `${practicePath}/directory`);
    await follow(page, `See what's on at ${canalName}`, 'main');
    assert.equal(new URL(page.url()).pathname, `${practicePath}/whats-on`);
    assert.equal(await heading(page), "What's on");
    assert.equal(await page.title(), `What's on – ${canalName} – Thirdspace`);
    await fitsThePhone(page);

    // A filter the page does not offer is explained, not a crash; the page still passes axe.
    await visit(page, `${practicePath}/whats-on?day=someday`, 400);
    assert.match(await page.locator('.nhsuk-error-summary').innerText(), /Select days of the week from the list/);

    await visit(page, `${practicePath}/whats-on`);
    await page.getByLabel('Wednesday', { exact: true }).check();
    await page.getByLabel('Free only', { exact: true }).check();
    assert.equal(await submit(page, 'Show activities'), 200);
    const address = new URL(page.url());
    assert.deepEqual(address.searchParams.getAll('day'), ['wednesday']);
    assert.equal(address.searchParams.get('cost'), 'free');
    assert.ok(await page.getByLabel('Wednesday', { exact: true }).isChecked(), 'the choice is kept');
    const names = await listed(page);
    assert.ok(names.includes(name), `${name} is listed: ${names.join(', ')}`);
    assert.ok(!names.includes(`${name} (paid)`), 'the paid activity is filtered out');
    const entry = page.locator('.app-whats-on__item').filter({ has: page.getByRole('link', { name, exact: true }) });
    const entryText = await entry.innerText();
    assert.match(entryText, /Wednesdays, 10am to 11am/);
    assert.match(entryText, /Free/);
    assert.match(entryText, /Just turn up/);
    await fitsThePhone(page);

    await follow(page, name, 'main');
    assert.equal(await heading(page), name);
    assert.ok(await page.getByRole('heading', { name: 'How to join', exact: true }).isVisible());
    assert.match(
      await page.locator('main').innerText(),
      /Meet by the canal bridge\. Wear comfortable shoes\.[\s\S]*Ask at reception/,
    );
    const coming = page.locator('.app-whats-on__session');
    assert.equal(await coming.count(), 4);
    assert.match(await coming.nth(1).innerText(), /Cancelled\s+Venue closed/);
    await fitsThePhone(page);

    // "Add to your calendar" is an iCalendar file that a real parser reads.
    const calendarLink = page.getByRole('link', { name: 'Add to your calendar', exact: true });
    const href = await calendarLink.getAttribute('href');
    assert.equal(href, `${practicePath}/whats-on/${activity}/calendar.ics`);
    const feed = await page.request.get(href ?? '');
    assert.equal(feed.status(), 200);
    assert.equal(feed.headers()['content-type'], 'text/calendar; charset=utf-8');
    const calendar = new ICAL.Component(ICAL.parse(await feed.text()));
    for (const zone of calendar.getAllSubcomponents('vtimezone')) {
      ICAL.TimezoneService.register(zone);
    }
    const events = calendar.getAllSubcomponents('vevent').map((component) => ({
      event: new ICAL.Event(component),
      status: String(component.getFirstPropertyValue('status')),
    }));
    assert.deepEqual(events.map(({ event }) => event.uid).sort(), sessions.map((id) => `${id}@thirdspace`).sort());
    for (const { event, status } of events) {
      const start = DateTime.fromJSDate(event.startDate.toJSDate(), { zone: LONDON });
      assert.equal(start.toFormat('ccc HH:mm'), 'Wed 10:00', 'every session starts at 10am on a Wednesday in London');
      assert.equal(event.summary, name);
      assert.equal(status, event.uid === `${sessions[1]}@thirdspace` ? 'CANCELLED' : 'CONFIRMED');
    }

    // The network's "what's on" shows Canal Street's walk too.
    await visit(page, `${networkPath}/whats-on`);
    assert.equal(await page.title(), `What's on – ${networkName} – Thirdspace`);
    assert.ok((await listed(page)).includes(name), 'the network lists the practice’s activity');
    await fitsThePhone(page);
    await follow(page, name, 'main');
    assert.equal(await heading(page), name);
    assert.match(await page.locator('main').innerText(), new RegExp(`Run by ${canalName}`));
    await visit(page, `${networkPath}/whats-on/00000000-0000-7000-8000-000000000000`, 404);
  },
);
