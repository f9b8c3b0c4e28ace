/** A coordinator schedules an activity and fills its rota; a champion on a phone takes an open place. */
import assert from 'node:assert/strict';
import { newId } from '../../src/lib/ids.ts';
import { addDays, isoWeekday, londonToday, weekdayName } from '../../src/lib/dates.ts';
import { buildActivity, buildRoleTemplate } from '../helpers/activity-factories.ts';
import { buildChampionWorld } from '../../src/modules/champions/self-service/self-service.fixtures.ts';
import { giveCheck } from '../../src/modules/activities/rota/rota.fixtures.ts';
import type { Locator, Page } from 'playwright-core';
import {
  checkPage,
  errorSummary,
  follow,
  heading,
  journey,
  notice,
  scrollsSideways,
  signIn,
  submit,
  visit,
  world,
} from './helpers.ts';

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/** Presses a form's button, waits for the page it leads to and checks it (axe and the browser's reports). */
async function press(page: Page, button: Locator): Promise<number> {
  const navigation = page.waitForNavigation({ waitUntil: 'load' });
  await button.click();
  const status = (await navigation)?.status() ?? 0;
  assert.ok(status > 0 && status < 500, `The button led to ${page.url()} with status ${status}`);
  await checkPage(page);
  return status;
}

journey(
  'rota: the coordinator schedules sessions and fills the rota; a champion takes an open place on her phone',
  async (session) => {
    const { db } = world().app;
    // A practice of its own, so no seeded rota place can clash with the sessions made here.
    const people = await buildChampionWorld(db);
    const practiceId = people.practiceId;
    const alice = people.alice;
    await giveCheck(db, alice.championId);
    const name = `Craft and chat ${newId().slice(-5)}`;
    const activityId = await buildActivity(db, practiceId, { status: 'approved', name });
    const walkLeader = await buildRoleTemplate(db, practiceId, { name: 'Walk leader', checkLevel: 'enhanced_adult' });
    const childrenHelper = await buildRoleTemplate(db, practiceId, {
      name: `Children’s craft helper ${name.slice(-5)}`,
      checkLevel: 'enhanced_child',
    });
    await db
      .insertInto('activity_roles')
      .values([
        { activity_id: activityId, role_template_id: walkLeader, organisation_id: practiceId, places: 1 },
        { activity_id: activityId, role_template_id: childrenHelper, organisation_id: practiceId, places: 1 },
      ])
      .execute();

    // The coordinator adds a weekly schedule on the weekday two days from now.
    const coordinator = await session.newPage();
    await signIn(coordinator, people.coordinator.email, { password: people.coordinator.password });
    await visit(coordinator, `/activities/${activityId}/schedules`);
    assert.equal(await heading(coordinator), 'Schedules and sessions');
    assert.match(await coordinator.locator('main').innerText(), /There are no schedules yet/);
    await follow(coordinator, 'Add a schedule');
    const day = isoWeekday(addDays(londonToday(), 2));
    await coordinator.getByLabel('Every week', { exact: true }).check();
    await coordinator.locator('#weekday').selectOption(String(day));
    await coordinator.locator('#startTime').fill('10:00');
    await coordinator.locator('#endTime').fill('9:30');
    assert.equal(await submit(coordinator, 'Add schedule'), 400);
    assert.ok((await errorSummary(coordinator)).includes('The end time must be after the start time'));
    assert.equal(await coordinator.locator('#startTime').inputValue(), '10:00');
    await coordinator.locator('#endTime').fill('11:30');
    assert.equal(await submit(coordinator, 'Add schedule'), 200);
    assert.match(await notice(coordinator), /Schedule added/);
    assert.match(
      await coordinator.locator('main').innerText(),
      new RegExp(`Every ${weekdayName(day)}, 10am to 11:30am, from`),
    );
    const sessionLinks = coordinator.locator('table a');
    assert.ok((await sessionLinks.count()) >= 12, 'twelve weeks of sessions are listed');
    assert.match(await coordinator.locator('table').innerText(), /0 of 2 places filled/);

    // Skipping a date and ending the schedule have their own pages.
    const schedule = await db
      .selectFrom('activity_schedules')
      .select('id')
      .where('activity_id', '=', activityId)
      .executeTakeFirstOrThrow();
    await visit(coordinator, `/activities/${activityId}/schedules/${schedule.id}/exceptions`);
    assert.equal(await submit(coordinator, 'Skip this date'), 400);
    assert.ok((await errorSummary(coordinator)).includes('Enter the date with no session'));
    await visit(coordinator, `/activities/${activityId}/schedules/${schedule.id}/end`);
    await visit(coordinator, `/activities/${activityId}/schedules`);

    // The first session: Alice is refused for the children's role (she has an adults' check), then assigned as walk leader.
    await follow(coordinator, (await sessionLinks.first().innerText()).trim(), 'table');
    const childPlace = await db
      .selectFrom('activity_rota_places')
      .innerJoin('activity_sessions', 'activity_sessions.id', 'activity_rota_places.session_id')
      .select(['activity_rota_places.id', 'activity_rota_places.session_id'])
      .where('activity_sessions.activity_id', '=', activityId)
      .where('activity_rota_places.role_template_id', '=', childrenHelper)
      .orderBy('activity_sessions.starts_at')
      .executeTakeFirstOrThrow();
    await coordinator.locator(`#champion-${childPlace.id}`).selectOption(alice.championId);
    assert.equal(await press(coordinator, coordinator.locator(`[data-place="${childPlace.id}"] button`)), 400);
    const refusal = (await errorSummary(coordinator)).join(' ');
    assert.match(refusal, /Alice Champion is not cleared for the Children’s craft helper \w+ role yet/);
    assert.match(refusal, /A current enhanced with children’s barred list DBS check/);
    const leaderPlace = await db
      .selectFrom('activity_rota_places')
      .select('id')
      .where('session_id', '=', childPlace.session_id)
      .where('role_template_id', '=', walkLeader)
      .executeTakeFirstOrThrow();
    await coordinator.locator(`#champion-${leaderPlace.id}`).selectOption(alice.championId);
    assert.equal(await press(coordinator, coordinator.locator(`[data-place="${leaderPlace.id}"] button`)), 200);
    assert.match(await notice(coordinator), /put on the rota/);
    assert.match(await coordinator.locator(`[data-place="${leaderPlace.id}"]`).innerText(), /Alice Champion/);

    // The activity goes live; Alice opens her rota on a phone and takes a walk leader place the next week.
    await db.updateTable('activities').set({ status: 'active' }).where('id', '=', activityId).execute();
    const phone = await session.newPage(PHONE);
    await signIn(phone, alice.email, { password: alice.password });
    await visit(phone, '/champion');
    await follow(phone, 'Your rota');
    assert.equal(await heading(phone), 'Your rota');
    assert.ok(!(await scrollsSideways(phone)).overflowing, 'the rota fits a phone');
    assert.equal(
      await phone.locator('[data-my-place]', { hasText: name }).count(),
      1,
      'the place the coordinator gave her',
    );
    const openCard = phone.locator('[data-open-place]', { hasText: name }).first();
    assert.match(await openCard.innerText(), /Walk leader/);
    for (const text of await phone.locator('[data-open-place]', { hasText: name }).allInnerTexts()) {
      assert.doesNotMatch(text, /Children’s craft helper/, 'no places she is not cleared for');
    }
    assert.equal(await press(phone, openCard.getByRole('button')), 200);
    assert.match(await notice(phone), /The place is yours/);
    assert.equal(await phone.locator('[data-my-place]', { hasText: name }).count(), 2, 'the new place is in her rota');
    assert.ok(!(await scrollsSideways(phone)).overflowing);
  },
);
