/** The Canal Street coordinator proposes an activity (after a validation error), risk-assesses it and approves it. */
import assert from 'node:assert/strict';
import { londonToday } from '../../src/lib/dates.ts';
import { buildChampionPerson } from '../../src/modules/champions/self-service/self-service.fixtures.ts';
import { buildPerson, buildPractice } from '../helpers/factories.ts';
import { checkPage, errorSummary, follow, heading, journey, notice, signIn, submit, visit, world } from './helpers.ts';

journey('activities: a coordinator proposes, risk-assesses and approves an activity', async (session) => {
  // A practice of its own, with a coordinator and a champion.
  const { db } = world().app;
  const name = `Ukulele for beginners ${Date.now().toString(36)}`;
  const canal = await buildPractice(db);
  const coordinator = await buildPerson(db, { roles: [[canal, 'coordinator']] });
  const joan = await buildChampionPerson(db, canal, 'Joan Walker');
  const page = await session.newPage();
  await signIn(page, coordinator.email, { password: coordinator.password });
  await follow(page, 'Activities', 'header');
  assert.equal(await heading(page), 'Activities');
  assert.equal(new URL(page.url()).pathname, `/organisations/${canal}/activities`);

  const opened = page.waitForNavigation({ waitUntil: 'load' });
  await page.getByRole('button', { name: 'Propose an activity', exact: true }).click();
  await opened;
  await checkPage(page);
  assert.equal(await heading(page), 'Propose an activity');

  // A proposal with only a name is refused, and what was typed is kept.
  await page.locator('#name').fill(name);
  await page.locator('#description').fill('Learn three chords and play together. Ukuleles to borrow.');
  assert.equal(await submit(page, 'Submit proposal'), 400);
  const problems = await errorSummary(page);
  assert.ok(problems.includes('Choose a category'), problems.join('; '));
  assert.ok(problems.includes('Say how people join'), problems.join('; '));
  assert.equal(await page.locator('#name').inputValue(), name, 'the name typed is kept');
  assert.match(await page.locator('#description').inputValue(), /Learn three chords/);

  await page.getByLabel('Creative and learning', { exact: true }).check();
  await page.getByLabel('Keep learning', { exact: true }).check();
  await page.getByLabel('Connect', { exact: true }).check();
  await page.locator('#targetGroups').fill('adults, older people');
  await page.getByLabel('A group that meets', { exact: true }).check();
  await page.locator('#venueName').fill('Community room, Canal Street Surgery');
  await page.locator('#venuePostcode').fill('ls28 7aa');
  await page.getByLabel('It costs money', { exact: true }).check();
  await page.locator('#costPounds').fill('1.50');
  await page.locator('#costNote').fill('Tea and biscuits included');
  await page.getByLabel('People can come by themselves', { exact: true }).check();
  await page.getByLabel('Reception and care navigators', { exact: true }).check();
  await page.locator('#howToJoin').fill('Just turn up on a Tuesday afternoon.');
  await page.locator('#capacity').fill('15');
  assert.equal(await submit(page, 'Submit proposal'), 200);
  assert.match(await notice(page), /Proposal submitted/);
  assert.equal(await heading(page), name);
  assert.equal((await page.locator('#status .nhsuk-tag').innerText()).trim(), 'Proposed');
  assert.match(await page.locator('main').innerText(), /£1\.50 \(Tea and biscuits included\)/);
  const activityPath = new URL(page.url()).pathname;

  await follow(page, `Record risk assessment for ${name}`, 'main');
  assert.equal(await heading(page), 'Risk assessment');
  await page.locator('#hazards').fill('Trip hazards from chairs and cables.');
  await page.locator('#controls').fill('Chairs set out before people arrive; cables taped down.');
  await page.locator('#safeguarding').fill('Leads know how to raise a concern with the safeguarding lead.');
  await page.locator('#loneWorking').fill('Two champions are always present.');
  await page.locator('#insurance').fill("The practice's public liability insurance.");
  const nextYear = String(Number(londonToday().slice(0, 4)) + 1);
  await page.locator('#reviewOn-day').fill('1');
  await page.locator('#reviewOn-month').fill('3');
  await page.locator('#reviewOn-year').fill(nextYear);
  assert.equal(await submit(page, 'Save risk assessment'), 200);
  assert.match(await notice(page), /Risk assessment recorded/);
  assert.equal((await page.locator('#status .nhsuk-tag').innerText()).trim(), 'Risk assessed');

  assert.equal(await submit(page, 'Approve'), 200);
  assert.match(await notice(page), /Activity approved/);
  assert.equal(new URL(page.url()).pathname, activityPath);
  assert.equal((await page.locator('#status .nhsuk-tag').innerText()).trim(), 'Approved');
  assert.match(await page.locator('main').innerText(), /Before it can be published: add a schedule of sessions/);

  // The other pages of the lifecycle pass axe too.
  await visit(page, `${activityPath}/edit`);
  await visit(page, `${activityPath}/risk-assessment`);
  await visit(page, `/organisations/${canal}/activities?status=approved`);
  assert.match(await page.locator('main').innerText(), new RegExp(name));

  // A champion of the practice sees it, read-only, and may propose their own.
  const champion = await session.newPage();
  await signIn(champion, joan.email, { password: joan.password });
  await visit(champion, `/organisations/${canal}/activities`);
  assert.match(await champion.locator('main').innerText(), /Ideas from champion meetings/);
  await follow(champion, name, 'main');
  assert.equal((await champion.locator('#status .nhsuk-tag').innerText()).trim(), 'Approved');
  assert.equal(
    await champion.getByRole('button', { name: 'Publish' }).count(),
    0,
    'a champion has no lifecycle buttons',
  );
});
