/** A champion records sessions on a phone: once online, once with the network cut off. */
import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { newId } from '../../src/lib/ids.ts';
import { buildChampionPerson } from '../../src/modules/champions/self-service/self-service.fixtures.ts';
import { buildActivity, buildRoleTemplate, buildSession } from '../helpers/activity-factories.ts';
import { buildPerson, buildPractice, type TestPerson } from '../helpers/factories.ts';
import {
  assertAccessible,
  assertNoBrowserProblems,
  checkPage,
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
import { putOnRota } from '../../src/modules/activities/session-record/session-record.fixtures.ts';

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/** A practice of its own with a champion (Joan), a coordinator and a walk leader role. */
interface Practice {
  canal: string;
  joan: TestPerson & { championId: string };
  coordinator: TestPerson;
  walkLeaderId: string;
}

/** Builds the practice, its champion Joan Walker, its coordinator and its walk leader role. */
async function buildCanal(): Promise<Practice> {
  const db = world().app.db;
  const canal = await buildPractice(db);
  const joan = await buildChampionPerson(db, canal, 'Joan Walker');
  const coordinator = await buildPerson(db, { roles: [[canal, 'coordinator']] });
  const walkLeaderId = await buildRoleTemplate(db, canal, { name: 'Walk leader' });
  return { canal, joan, coordinator, walkLeaderId };
}
const SAVED_OFFLINE = 'Saved on this phone. It will be sent when you are back online.';

/** Waits until `check` (run in the page) is true, polling; service worker state changes asynchronously. */
async function eventually(
  page: Page,
  check: () => Promise<boolean> | boolean,
  what: string,
  timeout = 15_000,
): Promise<void> {
  const until = Date.now() + timeout;
  while (Date.now() < until) {
    if (await page.evaluate(check)) {
      return;
    }
    await page.waitForTimeout(200);
  }
  assert.fail(`Timed out waiting for ${what}`);
}

/** The status banner's message on the session pages. */
function statusMessage(page: Page) {
  return page.locator('[data-session-record-message]');
}

journey(
  'activities: a champion records a session on a phone, then another with no network, and it is sent once when back online',
  async (session) => {
    const db = world().app.db;
    const practice = await buildCanal();
    const { canal } = practice;
    const joan = { id: practice.joan.championId };
    const walkLeader = { id: practice.walkLeaderId };
    const activityName = `Canal towpath walk ${newId().slice(-5)}`;
    const activityId = await buildActivity(db, canal, { name: activityName, status: 'active' });
    const first = await buildSession(db, activityId, { startTime: '00:05', minutes: 90 });
    const second = await buildSession(db, activityId, { startTime: '00:10', minutes: 75 });
    await putOnRota(db, first, walkLeader.id, [joan.id]);
    await putOnRota(db, second, walkLeader.id, [joan.id]);

    const page = await session.newPage(PHONE);
    await signIn(page, practice.joan.email, { password: practice.joan.password });
    await visit(page, '/champion');
    await follow(page, "Record today's session");
    assert.equal(await heading(page), 'Your sessions');
    assert.ok(!(await scrollsSideways(page)).overflowing, 'the sessions list fits a phone');

    // Online: the script sends the record to the API and shows the notice.
    const firstLink = page.locator(`a[href="/sessions/${first}/record"]`);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), firstLink.click()]);
    await checkPage(page);
    assert.equal(await heading(page), activityName);
    assert.ok(!(await scrollsSideways(page)).overflowing, 'the record screen fits a phone');
    assert.equal(await page.locator(`#hours-${joan.id}`).inputValue(), '1');
    assert.equal(await page.locator(`#minutes-${joan.id}`).inputValue(), '30');
    await eventually(
      page,
      () => navigator.serviceWorker.ready.then(() => navigator.serviceWorker.controller !== null),
      'the service worker to take charge',
    );
    await page.locator('#headCount').fill('9');
    await page.locator('#newAttendees').fill('2');
    await page.locator('#referredReception').fill('1');
    assert.equal(await submit(page, 'Save session record'), 200);
    assert.match(await notice(page), /The session has been recorded/);
    assert.equal(new URL(page.url()).pathname, '/champion/sessions');

    // The second session, opened online so the phone keeps a copy.
    await visit(page, `/sessions/${second}/record`);
    await eventually(
      page,
      () => caches.match(window.location.pathname).then((kept) => kept !== undefined),
      'the record screen to be kept on the phone',
    );

    // No network: the record is kept on the phone.
    const offlineAt = new Date().toISOString();
    await page.context().setOffline(true);
    await page.locator('#headCount').fill('6');
    await page.locator('#newAttendees').fill('1');
    await page.locator(`#hours-${joan.id}`).fill('1');
    await page.locator(`#minutes-${joan.id}`).fill('5');
    await page.getByRole('button', { name: 'Save session record', exact: true }).click();
    await statusMessage(page).filter({ hasText: SAVED_OFFLINE }).waitFor();
    assert.equal(new URL(page.url()).pathname, `/sessions/${second}/record`);
    await assertAccessible(page);
    assertNoBrowserProblems(page);
    const notYet = await db
      .selectFrom('activity_sessions')
      .select(['status'])
      .where('id', '=', second)
      .executeTakeFirstOrThrow();
    assert.equal(notYet.status, 'scheduled', 'nothing reached the server while offline');

    // Still offline: the screen reopens from the service worker, with what is waiting.
    const reopened = await page.reload({ waitUntil: 'load' });
    assert.ok(reopened, 'the page reloaded');
    assert.equal(reopened.status(), 200);
    assert.ok(reopened.fromServiceWorker(), 'served by the service worker');
    assert.ok(
      (await page.locator('input[name="recordedAt"]').inputValue()) < offlineAt,
      'the copy kept before the network went, not a fresh page',
    );
    await checkPage(page);
    assert.equal(await heading(page), activityName);
    await statusMessage(page).filter({ hasText: SAVED_OFFLINE }).waitFor();
    assert.equal(await page.locator('#headCount').inputValue(), '6', 'the waiting record is shown');

    // Back online: it is sent once, by itself.
    await page.context().setOffline(false);
    await statusMessage(page)
      .filter({ hasText: /Sent: your record of .* has been saved/ })
      .waitFor({ timeout: 40_000 });
    await assertAccessible(page);
    assertNoBrowserProblems(page);

    for (const [sessionId, headCount, minutes] of [
      [first, 9, 90],
      [second, 6, 65],
    ] as const) {
      const row = await db
        .selectFrom('activity_sessions')
        .select(['status', 'head_count'])
        .where('id', '=', sessionId)
        .executeTakeFirstOrThrow();
      assert.deepEqual(row, { status: 'delivered', head_count: headCount });
      const hours = await db
        .selectFrom('champion_hours')
        .select(['champion_id', 'minutes'])
        .where('session_id', '=', sessionId)
        .execute();
      assert.deepEqual(hours, [{ champion_id: joan.id, minutes }], 'one hours row per champion');
      const submissions = await db
        .selectFrom('activity_session_submissions')
        .select('applied')
        .where('session_id', '=', sessionId)
        .execute();
      assert.deepEqual(submissions, [{ applied: true }], 'one record, applied once');
    }
    const recorded = await db
      .selectFrom('audit_events')
      .select('subject_id')
      .where('action', '=', 'activity.session-recorded')
      .where('subject_id', 'in', [first, second])
      .execute();
    assert.equal(recorded.length, 2, 'no duplicates, nothing lost');
    assert.equal(
      await page.evaluate(() => localStorage.getItem('thirdspace.session-records.v1')),
      '[]',
      'nothing left waiting on the phone',
    );

    await visit(page, '/champion/sessions');
    assert.equal(await page.locator(`[data-session="${second}"] .nhsuk-tag`).first().innerText(), 'Recorded');
    await visit(page, '/champion/hours');

    // Signing out removes the pages kept on the phone.
    assert.ok(await page.evaluate(() => caches.has('thirdspace-session-pages-v1')));
    await submit(page, 'Sign out');
    await eventually(
      page,
      () => caches.has('thirdspace-session-pages-v1').then((kept) => !kept),
      'the kept pages to be removed',
    );
  },
  { timeout: 120_000 },
);

/**
 * Checks the browser reported nothing but the problems this journey causes on purpose (the
 * API answering 503 or 400 to the page's script), which the shared checks would count.
 */
function onlyExpectedProblems(page: Page, expected: RegExp): void {
  try {
    assertNoBrowserProblems(page);
  } catch (error) {
    const lines = String((error as Error).message)
      .split('\n')
      .slice(1)
      .map((line) => line.trim())
      .filter(Boolean);
    if (lines.some((line) => !expected.test(line))) {
      throw error;
    }
  }
}

journey(
  'activities: on a phone, a server error keeps the record for later and a refused record shows why',
  async (session) => {
    const db = world().app.db;
    const practice = await buildCanal();
    const { canal } = practice;
    const joan = { id: practice.joan.championId };
    const walkLeader = { id: practice.walkLeaderId };
    const activityId = await buildActivity(db, canal, {
      name: `Knit and natter ${newId().slice(-5)}`,
      status: 'active',
    });
    const sessionId = await buildSession(db, activityId, { startTime: '00:15', minutes: 60 });
    await putOnRota(db, sessionId, walkLeader.id, [joan.id]);
    const page = await session.newPage(PHONE);
    await signIn(page, practice.joan.email, { password: practice.joan.password });
    await visit(page, `/sessions/${sessionId}/record`);
    const api = `**/api/sessions/${sessionId}/record`;
    const expected = new RegExp(`POST \\S+/api/sessions/${sessionId}/record answered (503|400)`);

    // The server is down: the record stays on the phone.
    await page.route(api, (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ code: 'internal_error', message: 'Sorry, there is a problem with the service' }),
      }),
    );
    await page.locator('#headCount').fill('-1');
    await page.getByRole('button', { name: 'Save session record', exact: true }).click();
    await statusMessage(page).filter({ hasText: SAVED_OFFLINE }).waitFor();
    await assertAccessible(page);
    onlyExpectedProblems(page, expected);

    // Opened again with the server back: the record is sent on page load, refused, and shown with its input.
    await page.unroute(api);
    await page.reload({ waitUntil: 'load' });
    await page.locator('.nhsuk-error-summary').waitFor();
    assert.match(
      await page.locator('.nhsuk-error-summary').innerText(),
      /The number of people who came must be 0 or more/,
    );
    assert.equal(await page.locator('#headCount').inputValue(), '-1', 'the input is kept');
    assert.equal(
      await page.evaluate(() => localStorage.getItem('thirdspace.session-records.v1')),
      '[]',
      'a refused record is not sent again',
    );
    await assertAccessible(page);
    onlyExpectedProblems(page, expected);

    await page.locator('#headCount').fill('4');
    assert.equal(await submit(page, 'Save session record'), 200);
    assert.match(await notice(page), /The session has been recorded/);
    const row = await db
      .selectFrom('activity_sessions')
      .select(['status', 'head_count'])
      .where('id', '=', sessionId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { status: 'delivered', head_count: 4 });
    const submissions = await db
      .selectFrom('activity_session_submissions')
      .select('applied')
      .where('session_id', '=', sessionId)
      .execute();
    assert.equal(submissions.length, 1);
  },
);

journey(
  'activities: without the offline script, a coordinator records a flu clinic with a register; the sessions and totals pages',
  async (session) => {
    const db = world().app.db;
    const { canal, coordinator } = await buildCanal();
    const activityName = `Saturday flu clinic ${newId().slice(-5)}`;
    const activityId = await buildActivity(db, canal, {
      name: activityName,
      status: 'active',
      deliveryMode: 'service_support',
      namedRegisterReason: 'Children come with their parents; we keep names for fire safety',
    });
    const sessionId = await buildSession(db, activityId, {
      date: DateTime.now().setZone('Europe/London').minus({ days: 1 }).toISODate() ?? undefined,
      minutes: 240,
    });
    const page = await session.newPage(PHONE);
    // The offline script does not load (an old phone, a blocked file): the form posts as a plain form.
    // (JavaScript stays on for the rest, as axe needs it.)
    await page.route('**/static/session-record.js', (route) =>
      route.fulfill({ status: 200, contentType: 'text/javascript', body: '// not loaded' }),
    );
    await signIn(page, coordinator.email, { password: coordinator.password });
    await visit(page, `/organisations/${canal}/sessions`);
    assert.equal(await heading(page), 'Sessions');
    const recordLink = page.locator(`a[href="/sessions/${sessionId}/record"]`);
    assert.match(await recordLink.innerText(), /Record session/);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), recordLink.click()]);
    await checkPage(page);
    assert.equal(await heading(page), activityName);
    await page.locator('#headCount').fill('30');
    await page.locator('#newAttendees').fill('31');
    await page.locator('#peopleSupported').fill('812');
    await page.locator('#register').fill('Florence Example\nMary Example');
    assert.equal(await submit(page, 'Save session record'), 400);
    assert.equal(await page.locator('#newAttendees').inputValue(), '31', 'the input is kept');
    assert.equal(await page.locator('#register').inputValue(), 'Florence Example\nMary Example');
    await page.locator('#newAttendees').fill('3');
    assert.equal(await submit(page, 'Save session record'), 200);
    assert.match(await notice(page), /The session has been recorded/);
    const row = await db
      .selectFrom('activity_sessions')
      .select(['people_supported', 'head_count'])
      .where('id', '=', sessionId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { people_supported: 812, head_count: 30 });
    await visit(page, `/sessions/${sessionId}/record`);
    assert.equal(await page.locator('#register').inputValue(), 'Florence Example\nMary Example');
    await follow(page, 'Back');
    await follow(page, 'Session totals');
    assert.equal(await heading(page), 'Session totals');
    await page.locator('#from').fill('2026-05-01');
    await page.locator('#to').fill('2026-04-01');
    assert.equal(await submit(page, 'Show totals'), 400);
    assert.equal(await page.locator('#from').inputValue(), '2026-05-01');
    await visit(page, `/activities/${activityId}/totals`);
    assert.match(await page.locator('[data-total="people-supported"][data-activity="all"]').innerText(), /812/);
  },
);
