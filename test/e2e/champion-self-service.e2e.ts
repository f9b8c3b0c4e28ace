/** A champion on a phone logs hours and claims expenses with a receipt; the coordinator's pages. */
import assert from 'node:assert/strict';
import { addDays, dateParts, londonToday } from '../../src/lib/dates.ts';
import { buildChampionWorld } from '../../src/modules/champions/self-service/self-service.fixtures.ts';
import { errorSummary, heading, journey, notice, scrollsSideways, signIn, submit, visit, world } from './helpers.ts';

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

journey('champion self-service: on a phone, log hours and claim expenses with a receipt', async (session) => {
  const people = await buildChampionWorld(world().app.db);
  const page = await session.newPage(PHONE);
  await signIn(page, people.alice.email, { password: people.alice.password });
  await visit(page, '/champion');
  assert.equal(await heading(page), 'Hello, Alice Champion');
  assert.ok(!(await scrollsSideways(page)).overflowing, 'the champion page fits a phone');

  await visit(page, '/champion/hours/new');
  assert.equal(await submit(page, 'Log hours'), 400);
  assert.ok((await errorSummary(page)).includes('Enter the date you did this'));
  // Today in London, whatever the machine's time zone.
  const isoToday = londonToday();
  const today = dateParts(isoToday);
  await page.locator('#workedOn-day').fill(today.day);
  await page.locator('#workedOn-month').fill(today.month);
  await page.locator('#workedOn-year').fill(today.year);
  await page.locator('#hours').fill('1');
  await page.locator('#minutes').fill('45');
  await page.getByLabel('Directory research').check();
  await page.locator('#description').fill('Checked three lunch clubs');
  assert.equal(await submit(page, 'Log hours'), 200);
  assert.match(await notice(page), /Your hours have been logged/);
  assert.match(await page.locator('[data-total="logged-hours"]').innerText(), /1 hour 45 minutes/);

  await visit(page, '/champion/expenses/new');
  assert.ok(!(await scrollsSideways(page)).overflowing, 'the claim form fits a phone');
  await page.locator('#itemDate-0').fill(isoToday);
  await page.locator('#itemKind-0').selectOption('travel');
  await page.locator('#itemDescription-0').fill('Bus to the surgery');
  await page.locator('#itemAmount-0').fill('4.50');
  await page.locator('#journeyDate-0').fill(isoToday);
  await page.locator('#journeyVehicle-0').selectOption('bicycle');
  await page.locator('#journeyMiles-0').fill('4');
  await page.locator('#journeyDescription-0').fill('To the library and back');
  await page
    .locator('#receipts')
    .setInputFiles({ name: 'ticket.txt', mimeType: 'text/plain', buffer: Buffer.from('not a receipt') });
  assert.equal(await submit(page, 'Send claim'), 415);
  assert.ok((await errorSummary(page)).some((text) => /must be a PDF, JPEG, PNG or HEIC file/.test(text)));
  assert.equal(await page.locator('#itemDescription-0').inputValue(), 'Bus to the surgery');
  await page
    .locator('#receipts')
    .setInputFiles({ name: 'ticket.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
  assert.equal(await submit(page, 'Send claim'), 200);
  assert.match(await notice(page), /expense claim has been sent/);
  assert.match(await page.locator('[data-total="claimed"]').innerText(), /£5\.30/);

  await visit(page, '/champion/expenses');
  const claimLink = page.locator('table a').first();
  await visit(page, (await claimLink.getAttribute('href')) ?? '');
  assert.match(await page.locator('[data-total="claim"]').innerText(), /£5\.30/);
  await visit(page, '/champion/hours');
  await visit(page, '/champion/profile');
  await visit(page, '/champion/pause');
  assert.ok(!(await scrollsSideways(page)).overflowing, 'the pause page fits a phone');
});

journey('champion coordinator: hours, expenses, exports and meetings pages pass axe', async (session) => {
  const people = await buildChampionWorld(world().app.db);
  const page = await session.newPage();
  await signIn(page, people.coordinator.email, { password: people.coordinator.password });
  const base = `/organisations/${people.practiceId}`;
  await visit(page, `${base}/champion-hours`);
  await visit(page, `${base}/expense-claims`);
  await visit(page, `${base}/champion-exports`);
  await visit(page, `${base}/champion-meetings`);
  await visit(page, `${base}/champion-meetings/new`);
  await page.getByLabel('Champion meeting').check();
  // A meeting last week, whatever today is.
  const heldOn = dateParts(addDays(londonToday(), -6));
  await page.locator('#title').fill('Champions meeting last week');
  await page.locator('#heldOn-day').fill(heldOn.day);
  await page.locator('#heldOn-month').fill(heldOn.month);
  await page.locator('#heldOn-year').fill(heldOn.year);
  assert.equal(await submit(page, 'Schedule meeting'), 200);
  assert.equal(await heading(page), 'Champions meeting last week');
  await page.getByLabel('Alice Champion').check();
  assert.equal(await submit(page, 'Invite'), 200);
  await visit(page, `${base}/champions/${people.alice.championId}/pause`);
  await visit(page, `${base}/champions/${people.alice.championId}/leave`);
  await visit(page, `${base}/champions/${people.alice.championId}/reference-letter`);
});
