/** Working in more than one organisation: the header switch. */
import assert from 'node:assert/strict';
import { newId } from '../../src/lib/ids.ts';
import { buildPerson, buildPractice } from '../helpers/factories.ts';
import { follow, heading, journey, signIn, submit, world } from './helpers.ts';

journey('organisations: a champion in two practices switches between them from the header', async (session) => {
  // Two practices of its own and a champion in both.
  const { db } = world().app;
  const suffix = newId().slice(-5);
  const CANAL = `Canal Street Surgery ${suffix}`;
  const MILLBROOK = `Millbrook Medical Centre ${suffix}`;
  const canalId = await buildPractice(db, { name: CANAL });
  const millbrookId = await buildPractice(db, { name: MILLBROOK });
  const joan = await buildPerson(db, {
    roles: [
      [canalId, 'champion'],
      [millbrookId, 'champion'],
    ],
    displayName: 'Joan Walker',
  });
  const page = await session.newPage();
  await signIn(page, joan.email, { password: joan.password });
  assert.equal(await heading(page), 'Hello, Joan Walker');

  const switcher = page.getByLabel('Organisation you are working in');
  const selectedText = async () => (await switcher.locator('option:checked').innerText()).trim();
  const before = await selectedText();
  const [from, to] = before.startsWith(CANAL) ? [CANAL, MILLBROOK] : [MILLBROOK, CANAL];
  assert.match(
    await page.locator('.nhsuk-lede-text').innerText(),
    new RegExp(`You are working in ${from.replace(/[()]/g, '\\$&')}`),
  );
  assert.deepEqual((await switcher.locator('option').allInnerTexts()).map((text) => text.trim()).sort(), [
    `${CANAL} (Practice health champion)`,
    `${MILLBROOK} (Practice health champion)`,
  ]);

  // On the home page, switching keeps the person on the home page.
  await switcher.selectOption({ label: `${to} (Practice health champion)` });
  await submit(page, 'Switch organisation');
  assert.equal(new URL(page.url()).pathname, '/');
  assert.match(
    await page.locator('.nhsuk-lede-text').innerText(),
    new RegExp(`You are working in ${to.replace(/[()]/g, '\\$&')} as practice health champion`),
  );
  assert.equal(await selectedText(), `${to} (Practice health champion)`);
  const card = page.locator('.nhsuk-card', { hasText: 'Details, people and roles' });
  assert.match(await card.innerText(), new RegExp(to.replace(/[()]/g, '\\$&')));

  // From an organisation's page, switching opens the page of the organisation switched to.
  await follow(page, to, 'main');
  assert.equal(await heading(page), to);
  await switcher.selectOption({ label: `${from} (Practice health champion)` });
  await submit(page, 'Switch organisation');
  assert.equal(new URL(page.url()).pathname, `/organisations/${from === CANAL ? canalId : millbrookId}`);
  assert.equal(await heading(page), from);
  assert.equal(await selectedText(), `${from} (Practice health champion)`);
});
