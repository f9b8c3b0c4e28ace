/** "I have forgotten my password": request a link, choose a new password, sign in with it. */
import assert from 'node:assert/strict';
import { newId } from '../../src/lib/ids.ts';
import { buildPerson, buildPractice } from '../helpers/factories.ts';
import {
  errorSummary,
  follow,
  heading,
  journey,
  linkFromOutbox,
  notice,
  signIn,
  submit,
  uniqueEmail,
  visit,
  world,
} from './helpers.ts';

journey('password reset: the emailed link lets a person choose a new password and sign in with it', async (session) => {
  // A practice and a person of its own.
  const practiceName = `Canal Street Surgery ${newId().slice(-5)}`;
  const practiceId = await buildPractice(world().app.db, { name: practiceName });
  const person = await buildPerson(world().app.db, {
    email: uniqueEmail('forgetful'),
    displayName: 'Frances Forgetful',
    roles: [[practiceId, 'champion']],
  });
  const newPassword = 'harbour violin pebble';
  const page = await session.newPage();

  await visit(page, '/sign-in');
  await follow(page, 'I have forgotten my password');
  assert.equal(await heading(page), 'Reset your password');
  await page.locator('#email').fill(person.email);
  await submit(page, 'Send me a reset link');
  assert.equal(await heading(page), 'Check your email');
  assert.match(await page.locator('main').innerText(), new RegExp(person.email.replace(/[.]/g, '\\.')));

  const link = await linkFromOutbox(person.email, '/password-reset/');
  await visit(page, link);
  assert.equal(await heading(page), 'Choose a new password');

  // Passwords that do not match are refused and nothing changes.
  await page.locator('#password').fill(newPassword);
  await page.locator('#confirmPassword').fill(`${newPassword}!`);
  await submit(page, 'Save new password');
  assert.equal((await errorSummary(page)).length, 1);

  await page.locator('#password').fill(newPassword);
  await page.locator('#confirmPassword').fill(newPassword);
  await submit(page, 'Save new password');
  assert.equal(new URL(page.url()).pathname, '/sign-in');
  assert.match(await notice(page), /Your password has been changed/);

  // The link works once.
  await visit(page, link, 404);
  assert.equal(await heading(page), 'This link has expired or has already been used');

  // The old password no longer works; the new one does.
  await visit(page, '/sign-in');
  await page.locator('#email').fill(person.email);
  await page.locator('#password').fill(person.password);
  await submit(page, 'Sign in');
  assert.deepEqual(await errorSummary(page), ['Enter a correct email address and password']);

  await signIn(page, person.email, { password: newPassword });
  assert.equal(await heading(page), 'Hello, Frances Forgetful');
  assert.match(await page.locator('.nhsuk-lede-text').innerText(), new RegExp(practiceName));
});
