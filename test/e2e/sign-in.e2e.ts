/** Signing in and out, as a practice manager made for this journey. */
import assert from 'node:assert/strict';
import { newId } from '../../src/lib/ids.ts';
import { buildPerson, buildPractice, type TestPerson } from '../helpers/factories.ts';
import { errorSummary, heading, journey, notice, signIn, submit, visit, world } from './helpers.ts';

/** A practice of its own and its manager. */
async function buildManager(): Promise<{ manager: TestPerson; practiceName: string }> {
  const { db } = world().app;
  const practiceName = `Canal Street Surgery ${newId().slice(-5)}`;
  const practiceId = await buildPractice(db, { name: practiceName });
  const manager = await buildPerson(db, { roles: [[practiceId, 'practice_manager']], displayName: 'Priya Shah' });
  return { manager, practiceName };
}

journey('sign-in: a wrong password is refused, the right one signs in, sign-out signs out', async (session) => {
  const { manager: person, practiceName } = await buildManager();
  const manager = person.email;
  const page = await session.newPage();

  await visit(page, '/sign-in');
  assert.equal(await heading(page), 'Sign in to Thirdspace');
  const footerLinks = await page.locator('footer').getByRole('link').allInnerTexts();
  assert.deepEqual(
    footerLinks.map((text) => text.trim()),
    ['Accessibility statement', 'Privacy', 'API'],
  );
  await page.locator('#email').fill(manager);
  await page.locator('#password').fill('not the right password');
  await submit(page, 'Sign in');
  assert.deepEqual(await errorSummary(page), ['Enter a correct email address and password']);
  assert.match(await page.title(), /^Error: Sign in/);
  assert.equal(await page.locator('#email').inputValue(), manager, 'the email typed is kept');
  assert.equal(await page.locator('#password').inputValue(), '', 'the password is never sent back');

  await signIn(page, manager, { password: person.password });
  assert.equal(new URL(page.url()).pathname, '/');
  assert.equal(await heading(page), 'Hello, Priya Shah');
  const lede = await page.locator('.nhsuk-lede-text').innerText();
  assert.match(lede, new RegExp(`You are working in ${practiceName} as practice manager`));
  assert.match(
    await page.locator('.app-organisation-bar').innerText(),
    new RegExp(`Working in ${practiceName} as Practice manager`),
  );

  await submit(page, 'Sign out');
  const url = new URL(page.url());
  assert.equal(url.pathname, '/sign-in');
  assert.match(await notice(page), /You have signed out\./);
  assert.equal(
    await page.getByRole('button', { name: 'Sign out', exact: true }).count(),
    0,
    'no sign-out button once signed out',
  );

  // A protected page now sends the person back to sign in, remembering where they were going.
  await visit(page, '/account');
  const redirected = new URL(page.url());
  assert.equal(redirected.pathname, '/sign-in');
  assert.equal(redirected.searchParams.get('returnTo'), '/account');
  assert.equal(await heading(page), 'Sign in to Thirdspace');
});

journey('sign-in: after signing in, the person goes back to the page they asked for', async (session) => {
  const { manager } = await buildManager();
  const page = await session.newPage();
  await visit(page, '/account');
  assert.equal(new URL(page.url()).pathname, '/sign-in');
  await page.locator('#email').fill(manager.email);
  await page.locator('#password').fill(manager.password);
  await submit(page, 'Sign in');
  assert.equal(new URL(page.url()).pathname, '/account');
  assert.equal(await heading(page), 'Your account');
});
