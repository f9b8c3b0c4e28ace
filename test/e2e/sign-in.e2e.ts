/** Signing in and out with the demo log-ins. */
import assert from 'node:assert/strict';
import { DEMO_DOMAIN } from '../../src/demo/seed.ts';
import { errorSummary, heading, journey, notice, signIn, submit, visit } from './helpers.ts';

const manager = `manager.canal@${DEMO_DOMAIN}`;

journey('sign-in: a wrong password is refused, the right one signs in, sign-out signs out', async (session) => {
  const page = await session.newPage();

  await visit(page, '/sign-in');
  assert.equal(await heading(page), 'Sign in to Thirdspace');
  const footerLinks = await page.locator('footer').getByRole('link').allInnerTexts();
  assert.deepEqual(footerLinks.map((text) => text.trim()), ['Accessibility statement', 'Privacy', 'API']);
  await page.locator('#email').fill(manager);
  await page.locator('#password').fill('not the right password');
  await submit(page, 'Sign in');
  assert.deepEqual(await errorSummary(page), ['Enter a correct email address and password']);
  assert.match(await page.title(), /^Error: Sign in/);
  assert.equal(await page.locator('#email').inputValue(), manager, 'the email typed is kept');
  assert.equal(await page.locator('#password').inputValue(), '', 'the password is never sent back');

  await signIn(page, manager);
  assert.equal(new URL(page.url()).pathname, '/');
  assert.equal(await heading(page), 'Hello, Priya Shah');
  const lede = await page.locator('.nhsuk-lede-text').innerText();
  assert.match(lede, /You are working in Canal Street Surgery \(demo\) as practice manager/);
  assert.match(await page.locator('.app-organisation-bar').innerText(), /Working in Canal Street Surgery \(demo\) as Practice manager/);

  await submit(page, 'Sign out');
  const url = new URL(page.url());
  assert.equal(url.pathname, '/sign-in');
  assert.match(await notice(page), /You have signed out\./);
  assert.equal(await page.getByRole('button', { name: 'Sign out', exact: true }).count(), 0, 'no sign-out button once signed out');

  // A protected page now sends the person back to sign in, remembering where they were going.
  await visit(page, '/account');
  const redirected = new URL(page.url());
  assert.equal(redirected.pathname, '/sign-in');
  assert.equal(redirected.searchParams.get('returnTo'), '/account');
  assert.equal(await heading(page), 'Sign in to Thirdspace');
});

journey('sign-in: after signing in, the person goes back to the page they asked for', async (session) => {
  const page = await session.newPage();
  await visit(page, '/account');
  assert.equal(new URL(page.url()).pathname, '/sign-in');
  await page.locator('#email').fill(manager);
  await page.locator('#password').fill('walking-group-teapot');
  await submit(page, 'Sign in');
  assert.equal(new URL(page.url()).pathname, '/account');
  assert.equal(await heading(page), 'Your account');
});
