/** Care navigation at reception: a receptionist records a signposting event by keyboard alone, and a red flag stops the flow. */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { seededTermId } from '../../src/modules/directory/index.ts';
import { buildService, uniqueWord } from '../helpers/directory.ts';
import { TEST_PASSWORD, buildNetwork, buildPerson, buildPractice } from '../helpers/factories.ts';
import { checkPage, heading, journey, notice, signIn, visit, world } from './helpers.ts';

/** Presses Tab until the element matching `selector` has focus (the keyboard only, never the mouse). */
async function tabTo(page: Page, selector: string, limit = 150): Promise<void> {
  for (let presses = 0; presses < limit; presses += 1) {
    if (await page.evaluate((wanted) => document.activeElement?.matches(wanted) ?? false, selector)) {
      return;
    }
    await page.keyboard.press('Tab');
  }
  assert.fail(`Tab never reached ${selector}`);
}

/** Presses a key that submits the form, waits for the next page and checks it with axe. */
async function pressAndWait(page: Page, key: string): Promise<number> {
  const navigation = page.waitForNavigation({ waitUntil: 'load' });
  await page.keyboard.press(key);
  const response = await navigation;
  await checkPage(page);
  return response?.status() ?? 0;
}

journey(
  'signposting: a receptionist records a signposting event by keyboard alone; a red flag stops the flow',
  async (session) => {
    const { db } = world().app;
    const practice = await buildPractice(db, { networkId: await buildNetwork(db) });
    const word = uniqueWord('Farsley');
    const walk = `${word} Walk and Talk`;
    const walkId = await buildService(db, { ownerId: practice, name: walk, phone: '0113 496 0123' });
    await buildService(db, { ownerId: practice, name: `${word} Cuppa and Chat`, stale: true });
    const receptionist = await buildPerson(db, { roles: [[practice, 'receptionist']], displayName: 'Jas Reception' });
    const loneliness = seededTermId('needs', 'loneliness');

    const page = await session.newPage();
    await signIn(page, receptionist.email, { password: TEST_PASSWORD });
    const url = `/organisations/${practice}/signposting/navigate`;
    await visit(page, url);
    assert.equal(await heading(page), 'Signpost');

    // 08:12: the caller agrees; a need, a search by Enter, a service, sent by text message.
    await tabTo(page, 'input[name="conversation"][value="agreed"]');
    await page.keyboard.press('Space');
    await tabTo(page, `input[name="needs"][value="${loneliness}"]`);
    await page.keyboard.press('Space');
    await tabTo(page, '#q');
    await page.keyboard.type(word);
    assert.equal(await pressAndWait(page, 'Enter'), 200);
    assert.match(await page.locator('main').innerText(), /Cuppa and Chat may be out of date/);
    await tabTo(page, `input[name="destinations"][value="${walkId}"]`);
    await page.keyboard.press('Space');
    await tabTo(page, 'input[name="channels"][value="sms"]');
    await page.keyboard.press('Space');
    await tabTo(page, '#phone');
    await page.keyboard.type('07700 900 123');
    await tabTo(page, 'button[value="record"]');
    assert.equal(await pressAndWait(page, 'Enter'), 200);
    assert.match(await notice(page), /Recorded/);

    const text = await db
      .selectFrom('outbox_messages')
      .select(['recipient', 'body'])
      .where('organisation_id', '=', practice)
      .where('channel', '=', 'sms')
      .executeTakeFirstOrThrow();
    assert.equal(text.recipient, 'phone ending 123');
    assert.match(text.body, new RegExp(`${walk} – 0113 496 0123`));

    // The next caller: a red flag. Nothing else is offered or kept.
    await tabTo(page, 'input[name="redFlag"]');
    await page.keyboard.press('Space');
    await tabTo(page, 'button[value="record"]');
    assert.equal(await pressAndWait(page, 'Enter'), 200);
    assert.equal(await heading(page), 'Red flag: take urgent action now');
    assert.doesNotMatch(await page.locator('main').innerText(), new RegExp(word));

    const outcomes = await db
      .selectFrom('sp_navigation_events')
      .select(['outcome', 'need_term_ids'])
      .where('organisation_id', '=', practice)
      .orderBy('occurred_at')
      .execute();
    assert.deepEqual(
      outcomes.map((row) => [row.outcome, row.need_term_ids.length]),
      [
        ['signposted', 1],
        ['red_flag', 0],
      ],
    );
  },
);
