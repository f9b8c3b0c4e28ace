/** Error pages, a phone-sized screen, and a check that the accessibility check itself works. */
import assert from 'node:assert/strict';
import { newId } from '../../src/lib/ids.ts';
import { buildPerson, buildPractice, type TestPerson } from '../helpers/factories.ts';
import {
  assertAccessible,
  assertNoBrowserProblems,
  errorSummary,
  follow,
  heading,
  journey,
  scrollsSideways,
  signIn,
  submit,
  uniqueEmail,
  visit,
  world,
} from './helpers.ts';

/** A champion of this file's own in two practices (so the header has the organisation switch). */
async function buildChampion(): Promise<TestPerson> {
  const { db } = world().app;
  const suffix = newId().slice(-5);
  const canal = await buildPractice(db, { name: `Canal Street Surgery ${suffix}` });
  const millbrook = await buildPractice(db, { name: `Millbrook Medical Centre ${suffix}` });
  return buildPerson(db, {
    roles: [
      [canal, 'champion'],
      [millbrook, 'champion'],
    ],
    displayName: 'Joan Walker',
  });
}

journey('errors: a page that does not exist gets the NHS.UK "Page not found" page', async (session) => {
  const page = await session.newPage();
  await visit(page, '/no-such-page', 404);
  assert.equal(await heading(page), 'Page not found');
  assert.match(await page.title(), /^Page not found – Thirdspace$/);

  const champion = await buildChampion();
  await signIn(page, champion.email, { password: champion.password });
  await visit(page, '/organisations/00000000-0000-7000-8000-000000000000', 404);
  assert.equal(await heading(page), 'Page not found');
});

journey("errors: a receptionist opening their own practice's audit log gets the permission page", async (session) => {
  const { db } = world().app;
  const millbrook = await buildPractice(db, { name: `Millbrook Medical Centre ${newId().slice(-5)}` });
  const receptionist = await buildPerson(db, { roles: [[millbrook, 'receptionist']] });
  const page = await session.newPage();
  await signIn(page, receptionist.email, { password: receptionist.password });
  assert.equal(
    await page.locator('header').getByRole('link', { name: 'Audit log' }).count(),
    0,
    'no Audit log link for a receptionist',
  );
  await visit(page, `/organisations/${millbrook}/audit`, 403);
  assert.equal(await heading(page), 'You do not have permission to see this page');
  assert.match(await page.title(), /^You do not have permission to see this page – Thirdspace$/);
});

journey('mobile: on a 390 × 844 phone, sign-in and home fit the screen and pass axe', async (session) => {
  const page = await session.newPage({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  await visit(page, '/sign-in');
  const signInWidth = await scrollsSideways(page);
  assert.ok(
    !signInWidth.overflowing,
    `sign-in scrolls sideways: ${signInWidth.scrollWidth}px wide in ${signInWidth.innerWidth}px`,
  );

  // The champion has the organisation switch in the header: the widest header there is.
  const champion = await buildChampion();
  await signIn(page, champion.email, { password: champion.password });
  assert.equal(await heading(page), 'Hello, Joan Walker');
  const homeWidth = await scrollsSideways(page);
  assert.ok(
    !homeWidth.overflowing,
    `home scrolls sideways: ${homeWidth.scrollWidth}px wide in ${homeWidth.innerWidth}px`,
  );
  assert.ok(await page.getByLabel('Organisation you are working in').isVisible());
});

journey('harness: the accessibility and Content-Security-Policy checks report what they should', async (session) => {
  const page = await session.newPage();
  await page.setContent(
    '<!doctype html><html lang="en"><head><title>Broken</title></head><body><main><h1>Broken</h1><input type="text"></main></body></html>',
  );
  await assert.rejects(assertAccessible(page), /label: Form elements must have labels/);

  // The app's CSP refuses inline scripts; the refusal must fail the test that caused it.
  await visit(page, '/accessibility');
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'document.title = "injected";';
    document.body.append(script);
  });
  await page.waitForTimeout(100);
  assert.throws(() => assertNoBrowserProblems(page), /CSP violation on .*\/accessibility/);
  assert.notEqual(await page.title(), 'injected');
});

journey('errors: an address the service cannot read gets the NHS.UK 400 page', async (session) => {
  const page = await session.newPage();
  await visit(page, '/password-reset/%ZZ', 400);
  assert.equal(await heading(page), 'There is a problem with your request');
  assert.match(await page.title(), /^There is a problem with your request – Thirdspace$/);
  assert.match(await page.locator('main').innerText(), /This web address is not valid/);
});

journey(
  'errors: a form that has expired gets its own page, not the permission page, and leads back to the form',
  async (session) => {
    const champion = await buildChampion();
    const page = await session.newPage();
    await visit(page, '/sign-in');
    await page.locator('#email').fill(champion.email);
    await page.locator('#password').fill(champion.password);
    // As if the page had been open so long its form token no longer matches anything.
    await page.context().clearCookies();
    assert.equal(await submit(page, 'Sign in'), 403);
    assert.equal(await heading(page), 'Sorry, we could not save that');
    assert.match(await page.title(), /^Sorry, we could not save that – Thirdspace$/);
    await follow(page, 'Go back to the page and try again', 'main');
    assert.equal(new URL(page.url()).pathname, '/sign-in');
  },
);

journey(
  'errors: too many wrong passwords for one account get the sign-in page with status 429 and a clear wait',
  async (session) => {
    const email = uniqueEmail('locked.out');
    await buildPerson(world().app.db, { email, displayName: 'Lockout Tester' });
    const page = await session.newPage();
    const statuses: number[] = [];
    for (let attempt = 0; attempt < world().config.security.loginMaxAttempts; attempt += 1) {
      await visit(page, '/sign-in');
      await page.locator('#email').fill(email);
      await page.locator('#password').fill(`not the password ${attempt}`);
      statuses.push(await submit(page, 'Sign in'));
    }
    assert.equal(statuses.at(-1), 429, `statuses: ${statuses.join(', ')}`);
    assert.equal(await heading(page), 'Sign in to Thirdspace');
    assert.match((await errorSummary(page)).join(' '), /too many failed attempts\. Wait \d+ minutes/);
  },
);
