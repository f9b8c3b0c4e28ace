/** A person finds the public champion page on their phone; the coordinator takes them all the way to an active, cleared champion on a rota. */
import assert from 'node:assert/strict';
import { buildChampionsWorld } from '../helpers/champion-factories.ts';
import {
  checkPage,
  errorSummary,
  follow,
  heading,
  journey,
  linkFromOutbox,
  notice,
  scrollsSideways,
  signIn,
  submit,
  uniqueEmail,
  visit,
  world,
} from './helpers.ts';
import { addDays, formatLongDay, londonToday } from '../../src/lib/dates.ts';

journey(
  'champions: from the public form on a phone to an active, cleared walk leader with a log-in, on a rota',
  async (session) => {
    const people = await buildChampionsWorld(world().app.db);
    const canal = people.canal;
    const email = uniqueEmail('would.be.champion');
    const name = `Rita Rambler ${Date.now().toString(36)}`;
    const lastYear = String(Number(londonToday().slice(0, 4)) - 1);

    // The public page, on a phone, with no log-in.
    const phone = await session.newPage({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    await visit(phone, `/practices/${people.canalOds}/become-a-champion`);
    assert.equal(await heading(phone), 'Become a practice health champion');
    assert.match(await phone.locator('main').innerText(), /How we use your information/);
    const width = await scrollsSideways(phone);
    assert.ok(!width.overflowing, `the public form scrolls sideways: ${width.scrollWidth}px in ${width.innerWidth}px`);
    await phone.locator('#fullName').fill(name);
    await phone.getByLabel('Walking and being active').check();
    assert.equal(await submit(phone, 'Send'), 400);
    assert.deepEqual(await errorSummary(phone), [
      'Enter an email address or a phone number so we can contact you',
      'Select when you could help',
      'Confirm you have read how we use your information',
    ]);
    assert.equal(await phone.locator('#fullName').inputValue(), name, 'the name typed is kept');
    assert.ok(await phone.getByLabel('Walking and being active').isChecked(), 'the ticked interest is kept');
    await phone.locator('#email').fill(email);
    // Availability is asked day by day: Tuesday and Thursday mornings.
    await phone.locator('#availability-tue-morning').check();
    await phone.locator('#availability-thu-morning').check();
    await phone.locator('#languages').fill('English, Urdu');
    await phone.getByLabel('I have read how the practice will use my information').check();
    await submit(phone, 'Send');
    assert.equal(await heading(phone), 'Thank you for your interest');

    // The coordinator finds them in the pipeline.
    const coordinator = await session.newPage();
    await signIn(coordinator, people.coordinator.email, { password: people.coordinator.password });
    await follow(coordinator, 'Champions', 'header');
    assert.equal(await heading(coordinator), 'Champions');
    await coordinator.locator('#q').fill(name);
    await coordinator.locator('#language').fill('Urdu');
    await submit(coordinator, 'Search');
    assert.match(await coordinator.locator('main').innerText(), /Showing 1 to 1 of 1 people/);
    await follow(coordinator, name, 'main');
    assert.equal(await heading(coordinator), name);
    const recordUrl = coordinator.url();

    assert.match(await coordinator.locator('main').innerText(), /Tue, Thu mornings/);
    for (const stage of ['Conversation', 'Role offered', 'Checks']) {
      if (stage === 'Role offered') {
        await coordinator.locator('#offeredRole').selectOption({ label: 'Walk leader' });
      }
      await submit(coordinator, `Move to ${stage}`);
      assert.match(await notice(coordinator), /Stage changed/);
    }
    assert.match(await coordinator.locator('main').innerText(), /Role offered: Walk leader/);

    // The check decision: bad input first, then the decision only.
    await follow(coordinator, 'Record a check decision', 'main');
    assert.match(await coordinator.locator('main').innerText(), /Do not write down anything about convictions/);
    await coordinator.locator('#certificateReference').fill('1234');
    assert.equal(await submit(coordinator, 'Save check decision'), 400);
    assert.deepEqual(await errorSummary(coordinator), [
      'Select the level of check',
      'Enter the date on the certificate',
      'Enter the 12-digit certificate number',
      'Select whether they are on the DBS Update Service',
    ]);
    assert.equal(await coordinator.locator('#certificateReference').inputValue(), '1234');
    await coordinator.getByLabel('Basic', { exact: true }).check();
    await coordinator.locator('#issuedOn-day').fill('14');
    await coordinator.locator('#issuedOn-month').fill('3');
    await coordinator.locator('#issuedOn-year').fill(lastYear);
    await coordinator.locator('#certificateReference').fill('001234567890');
    await coordinator.getByLabel('Yes', { exact: true }).check();
    await submit(coordinator, 'Save check decision');
    assert.match(await notice(coordinator), /Check decision recorded/);

    await follow(coordinator, 'Record a reference', 'main');
    await coordinator.locator('#refereeName').fill('Pat Neighbour');
    await coordinator.locator('#receivedOn-day').fill('20');
    await coordinator.locator('#receivedOn-month').fill('3');
    await coordinator.locator('#receivedOn-year').fill(lastYear);
    await submit(coordinator, 'Save reference');

    await follow(coordinator, 'Record training', 'main');
    await coordinator.getByLabel('Walk leader training').check();
    await coordinator.locator('#completedOn-day').fill('2');
    await coordinator.locator('#completedOn-month').fill('4');
    await coordinator.locator('#completedOn-year').fill(lastYear);
    await submit(coordinator, 'Save training');
    assert.match(await notice(coordinator), /Training recorded/);

    // Cleared for walk leader now (but not befriender, which needs an enhanced check).
    const befriender = coordinator.locator('tr', { hasText: 'Befriender' });
    assert.match(await befriender.innerText(), /Still needed/);
    await submit(coordinator, 'Give role – Walk leader');
    assert.match(await notice(coordinator), /Role given/);
    assert.match(await coordinator.locator('tr', { hasText: 'Walk leader' }).first().innerText(), /Given/);

    await submit(coordinator, 'Move to Agreements');
    assert.match(
      await notice(coordinator),
      /emailed them an invitation to sign in, so they can read and sign their agreements themselves/,
    );

    // They accept the emailed invitation, sign in and sign the volunteer agreement themselves.
    const link = await linkFromOutbox(email, '/invitations/');
    const champion = await session.newPage();
    await visit(champion, link);
    await champion.locator('#displayName').fill(name);
    await champion.locator('#password').fill('lantern meadow biscuit');
    await champion.locator('#confirmPassword').fill('lantern meadow biscuit');
    await submit(champion, 'Create account and join');
    await visit(champion, `/organisations/${canal}/my-agreements`);
    assert.equal(await heading(champion), 'Your agreements');
    await submit(champion, 'I agree: sign volunteer agreement');
    assert.match(await notice(champion), /Your signature has been recorded/);

    await visit(coordinator, recordUrl.split('?')[0] ?? recordUrl);
    assert.match(await coordinator.locator('tr', { hasText: 'Volunteer agreement' }).innerText(), /Signed/);
    assert.equal(
      await coordinator.getByRole('link', { name: 'Record signature – Volunteer agreement' }).count(),
      0,
      'they signed it themselves',
    );
    for (const agreement of ['Confidentiality agreement', 'Photo and media consent']) {
      await follow(coordinator, `Record signature – ${agreement}`, 'main');
      assert.equal(await heading(coordinator), agreement);
      await coordinator.locator('#note').fill('Signed a paper copy at the practice');
      await submit(coordinator, 'Record signature');
      assert.match(await notice(coordinator), /Signature recorded/);
    }

    await submit(coordinator, 'Move to Induction');
    const tickButtons = coordinator.getByRole('button', { name: /^Mark as done – / });
    while ((await tickButtons.count()) > 0) {
      const label = (await tickButtons.first().innerText()).trim();
      await submit(coordinator, label);
    }

    await submit(coordinator, 'Move to Active');
    assert.match(await notice(coordinator), /now an active champion/);
    assert.equal(coordinator.url().split('?')[0], recordUrl.split('?')[0]);
    assert.match(await coordinator.locator('main').innerText(), /Stage changes[\s\S]*Active[\s\S]*Dawn Mitchell/);

    // Rostered: from the activities list, the coordinator finds a coming walk with an open walk
    // leader place (not today or tomorrow) and puts them in it, as they would in the browser.
    const today = londonToday();
    const tooSoon = new Set([formatLongDay(today), formatLongDay(addDays(today, 1))]);
    let rostered: { activity: string; placeId: string } | null = null;
    for (const activity of [people.walkName]) {
      await follow(coordinator, 'Activities', 'header');
      await follow(coordinator, activity, 'main');
      await follow(coordinator, 'Schedules and sessions', 'main');
      const schedulesUrl = coordinator.url();
      const unfilled = coordinator
        .locator('main table tbody tr')
        .filter({ has: coordinator.locator('.nhsuk-tag--orange') });
      const dates = (await unfilled.locator('a').allInnerTexts())
        .map((text) => text.trim())
        .filter((date) => !tooSoon.has(date));
      for (const date of dates) {
        await follow(coordinator, date, 'main table');
        const open = coordinator
          .locator('h3', { hasText: /^Walk leader$/ })
          .locator('xpath=following-sibling::ul[1]')
          .locator('li[data-place]', { has: coordinator.locator('select') });
        if ((await open.count()) > 0) {
          const place = open.first();
          const placeId = (await place.getAttribute('data-place')) ?? '';
          await place.locator('select').selectOption({ label: `${name} (cleared)` });
          const assigned = coordinator.waitForNavigation({ waitUntil: 'load' });
          await place.getByRole('button', { name: /^Assign/ }).click();
          await assigned;
          await checkPage(coordinator);
          rostered = { activity, placeId };
          break;
        }
        await visit(coordinator, schedulesUrl);
      }
      if (rostered) {
        break;
      }
    }
    assert.ok(rostered, 'a coming walk has an open walk leader place');
    assert.match(await notice(coordinator), /put on the rota/);
    assert.match(await coordinator.locator(`[data-place="${rostered.placeId}"]`).innerText(), new RegExp(name));

    // They see it in their own rota; the coordinator's pages are not for them.
    await visit(champion, '/champion/rota');
    assert.equal(
      await champion.locator('[data-my-place]', { hasText: rostered.activity }).count(),
      1,
      'the place is in their rota',
    );
    await visit(champion, `/organisations/${canal}/champions`, 403);
    await visit(champion, `/organisations/${canal}/my-agreements`);
    assert.equal(await heading(champion), 'Your agreements');
  },
  { timeout: 180_000 },
);

journey("champions: Millbrook's manager cannot open Canal Street's champion pages", async (session) => {
  const people = await buildChampionsWorld(world().app.db);
  const canal = people.canal;
  const page = await session.newPage();
  await signIn(page, people.manager.email, { password: people.manager.password });
  await visit(page, `/organisations/${canal}/champions`, 404);
  await visit(page, `/organisations/${canal}/champions/talent`, 404);
  await follow(page, 'Champions', 'header');
  assert.equal(await heading(page), 'Champions');
  await follow(page, 'Talent register', 'main');
  await page.locator('#language').fill('Urdu');
  await submit(page, 'Search');
  assert.doesNotMatch(await page.locator('main').innerText(), /No one matches/);
  await follow(page, 'Champions', 'header');
  await follow(page, 'Campaigns and public page', 'main');
  await follow(page, 'Waiting room poster', 'main');
  assert.equal(await page.locator('img.app-qr-code').count(), 1);
});

journey(
  'champions: the coordinator sets up roles, agreements and induction, and finds a walk leader who speaks Urdu',
  async (session) => {
    const people = await buildChampionsWorld(world().app.db);
    const page = await session.newPage();
    await signIn(page, people.coordinator.email, { password: people.coordinator.password });
    await follow(page, 'Champions', 'header');

    // Who could lead a walk on Tuesday mornings and speaks Urdu?
    await follow(page, 'Talent register', 'main');
    await page.locator('#day').selectOption('tue');
    await page.locator('#part').selectOption('morning');
    await page.locator('#language').fill('Urdu');
    await page.locator('#role').selectOption('Walk leader');
    await submit(page, 'Search');
    assert.match(await page.locator('main').innerText(), /Joan Walker/);

    await follow(page, 'Champions', 'header');
    await follow(page, 'Role templates', 'main');
    assert.equal(await heading(page), 'Role templates');
    await page.locator('#name').fill('Tea and chat host');
    assert.equal(await submit(page, 'Add role'), 400);
    assert.deepEqual(await errorSummary(page), [
      'Select the check the role needs',
      'Enter a number of references from 0 to 5',
    ]);
    assert.equal(await page.locator('#name').inputValue(), 'Tea and chat host');
    await page.getByLabel('No check needed').check();
    await page.locator('#referencesRequired').fill('0');
    await page.locator('#training').fill('Food hygiene');
    await submit(page, 'Add role');
    assert.match(await page.locator('table').innerText(), /Tea and chat host[\s\S]*Food hygiene/);

    await follow(page, 'Back');
    await follow(page, 'Agreements', 'main');
    assert.equal(await heading(page), 'Agreements');
    await page.getByLabel('Photo and media consent').check();
    assert.equal(await submit(page, 'Publish new version'), 400);
    assert.deepEqual(await errorSummary(page), ['Enter a title', 'Enter the text of the agreement']);

    await follow(page, 'Back');
    await follow(page, 'Induction checklist', 'main');
    await page.locator('#label').fill('Meet the safeguarding lead');
    await submit(page, 'Add item');
    assert.match(await notice(page), /Item added/);
    await submit(page, 'Remove – Meet the safeguarding lead');
    assert.match(await notice(page), /Item removed/);

    await follow(page, 'Back');
    await page.locator('#stage').selectOption('paused');
    await submit(page, 'Search');
    await page.locator('main table').last().getByRole('link').first().click();
    await page.waitForLoadState('load');
    const pausedName = await heading(page);
    assert.equal(
      await page.getByRole('link', { name: `Record that they have left – ${pausedName}`, exact: true }).count(),
      1,
    );
    await follow(page, `Change stage for ${pausedName}`, 'main');
    assert.equal(await submit(page, 'Change stage'), 400);
    assert.deepEqual(await errorSummary(page), ['Select a stage']);
  },
  { timeout: 120_000 },
);

journey("champions: the network lead searches the talent register across the network's practices", async (session) => {
  const people = await buildChampionsWorld(world().app.db);
  const page = await session.newPage();
  await signIn(page, people.networkLead.email, { password: people.networkLead.password });
  await follow(page, 'Champions', 'header');
  assert.equal(await heading(page), 'Champions');
  assert.equal(
    await page.getByRole('link', { name: 'Role templates' }).count(),
    0,
    'a network lead reads but does not manage',
  );
  await follow(page, 'Talent register', 'main');
  await page.locator('#stage').selectOption('active');
  await submit(page, 'Search');
  const results = await page.locator('main table').last().innerText();
  assert.match(results, new RegExp(people.canalName));
  assert.match(results, new RegExp(people.millbrookName));
  await page.locator('main table').last().getByRole('link', { name: 'Joan Walker' }).first().click();
  await page.waitForLoadState('load');
  assert.equal(await heading(page), 'Joan Walker');
  assert.equal(await page.getByRole('button', { name: /^Move to/ }).count(), 0);
  await visit(page, `/organisations/${people.canal}/champions/roles`, 403);
});
