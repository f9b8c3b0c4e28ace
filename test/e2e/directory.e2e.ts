/** The directory: a receptionist's search and print, a champion's check on a phone, and every directory page through axe. */
import assert from 'node:assert/strict';
import { runFreshnessSweep } from '../../src/modules/directory/freshness/freshness.jobs.ts';
import { syncActivityListing } from '../../src/modules/activities/index.ts';
import { FIVE_WAYS_TAXONOMY, NEEDS_TAXONOMY } from '../../src/modules/directory/shared/taxonomies.rules.ts';
import { buildActivity } from '../helpers/activity-factories.ts';
import { buildDirectoryResearcher, buildService, uniqueWord } from '../helpers/directory.ts';
import { TEST_PASSWORD, buildNetwork, buildPerson, buildPractice } from '../helpers/factories.ts';
import {
  checkPage,
  errorSummary,
  follow,
  heading,
  linkFromOutbox,
  journey,
  notice,
  scrollsSideways,
  signIn,
  submit,
  visit,
  world,
} from './helpers.ts';

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
/** A two-factor secret for the administrators these journeys make (base32, fictional). */
const ADMIN_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

async function practiceWithOds() {
  const { db } = world().app;
  const network = await buildNetwork(db);
  const practice = await buildPractice(db, { networkId: network });
  const row = await db
    .selectFrom('organisations')
    .select('ods_code')
    .where('id', '=', practice)
    .executeTakeFirstOrThrow();
  return { network, practice, odsCode: row.ods_code as string };
}

journey(
  'directory: a receptionist finds a walking group near LS28 on Tuesday despite a typo, and prints it for a patient',
  async (session) => {
    const { db } = world().app;
    const { practice, odsCode } = await practiceWithOds();
    const place = uniqueWord('Farsley');
    const tuesdayWalk = `${place} Tuesday Walking Group`;
    await buildService(db, {
      ownerId: practice,
      name: tuesdayWalk,
      description: 'A gentle hour-long walk round the park, then tea.',
      organisation: `${place} Walkers`,
      postcode: 'LS28 5AA',
      sessions: [['TU', '10:00', '11:00']],
      cost: 0,
      phone: '0113 496 0123',
    });
    await buildService(db, {
      ownerId: practice,
      name: `${place} Thursday Walking Group`,
      postcode: 'LS28 5AA',
      sessions: [['TH', '10:00', '11:00']],
      cost: 0,
    });
    await buildService(db, {
      ownerId: practice,
      name: `${place} Knit and Natter`,
      postcode: 'LS28 5AA',
      sessions: [['TU', '13:00', '15:00']],
      cost: 0,
    });
    const receptionist = await buildPerson(db, { roles: [[practice, 'receptionist']], displayName: 'Rita Reception' });

    const page = await session.newPage();
    await signIn(page, receptionist.email, { password: TEST_PASSWORD });
    await follow(page, 'Directory', 'header');
    assert.equal(await heading(page), 'Find local services');

    // A postcode that does not exist is explained beside the field, with the search kept.
    await page.getByLabel('What are you looking for?').fill(`walkng ${place}`);
    await page.getByLabel('Near postcode').fill('ZZ99');
    assert.equal(await submit(page, 'Search'), 400);
    assert.deepEqual(await errorSummary(page), [
      'We could not find ZZ99. Check the postcode, or enter the first half, like LS28',
    ]);
    assert.equal(await page.getByLabel('What are you looking for?').inputValue(), `walkng ${place}`);

    await page.getByLabel('Near postcode').fill('LS28');
    await page.getByLabel('Day', { exact: true }).selectOption({ label: 'Tuesday' });
    assert.equal(await submit(page, 'Search'), 200);
    const results = page.locator('.app-result');
    const names = (await results.locator('h3').allInnerTexts()).map((text) => text.trim());
    assert.ok(names.includes(tuesdayWalk), `"${tuesdayWalk}" is found despite the typo: ${names.join(', ')}`);
    assert.ok(!names.some((name) => name.includes('Thursday')), 'the Thursday group is not open on Tuesday');
    const entry = results.filter({ hasText: tuesdayWalk });
    const entryText = await entry.innerText();
    assert.match(entryText, /Tuesday 10:00 to 11:00/);
    assert.match(entryText, /Free/);
    assert.match(entryText, /miles away/);
    assert.match(entryText, /Checked today/);

    await page.getByLabel(`Choose ${tuesdayWalk} to print`).check();
    assert.equal(await submit(page, 'Print chosen entries'), 200);
    assert.equal(await heading(page), 'Local services');
    assert.equal(await page.locator('.app-print-entry h2').innerText(), tuesdayWalk);
    assert.match(await page.locator('.app-print-entry').innerText(), /0113 496 0123/);
    // The print stylesheet leaves only the entries: no header, no buttons.
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('header.nhsuk-header').isVisible(), false);
    assert.equal(await page.locator('.app-print-entry').isVisible(), true);
    const pdf = await page.pdf({ format: 'A4' });
    assert.ok(pdf.length > 1000, 'the page prints to PDF');
    await page.emulateMedia({ media: 'screen' });

    // The same entry is on the practice's public directory, with "Report a change".
    await visit(
      page,
      `/practices/${odsCode}/directory?q=${encodeURIComponent(`walking ${place}`)}&day=tuesday&free=yes`,
    );
    await follow(page, tuesdayWalk, 'main');
    await follow(page, `Report a change to ${tuesdayWalk}`, 'main');
    // Half a postcode is explained beside the field, and everything else typed is kept.
    const whatChanged = page.getByLabel('What has changed? (optional if you corrected a detail above)');
    await page.getByLabel('Phone number', { exact: true }).fill('0113 496 0124');
    await page.getByLabel('Postcode', { exact: true }).fill('LS28 5');
    await whatChanged.fill('It now starts at 10:30.');
    await page.getByLabel('Your email address').fill('pat@example.org');
    assert.equal(await submit(page, 'Send report'), 400);
    assert.deepEqual(await errorSummary(page), ['Enter a full postcode, like LS28 7AA']);
    assert.equal(await page.getByLabel('Phone number', { exact: true }).inputValue(), '0113 496 0124');
    assert.equal(await page.getByLabel('Postcode', { exact: true }).inputValue(), 'LS28 5');
    assert.equal(await whatChanged.inputValue(), 'It now starts at 10:30.');
    assert.equal(await page.getByLabel('Your email address').inputValue(), 'pat@example.org');
    assert.equal(await page.getByLabel('Name of the service').inputValue(), tuesdayWalk);
    await page.getByLabel('Postcode', { exact: true }).fill('LS28 5AA');
    assert.equal(await submit(page, 'Send report'), 200);
    assert.equal(await heading(page), 'Thank you for your report');
  },
);

journey(
  'directory: Joan Walker, a directory researcher, claims and completes a checking task on a 390 × 844 phone',
  async (session) => {
    const { db } = world().app;
    // A practice of its own and its directory researcher.
    const { practice: canalId } = await practiceWithOds();
    const canal = { id: canalId };
    const researcher = await buildDirectoryResearcher(db, canalId, { displayName: 'Joan Walker' });
    const page = await session.newPage(PHONE);
    await signIn(page, researcher.email, { password: researcher.password });
    await visit(page, '/directory/tasks');
    assert.equal(await heading(page), 'Checking tasks');

    const name = `${uniqueWord('Pudsey')} Men's Shed`;
    const serviceId = await buildService(db, {
      ownerId: canal.id,
      name,
      postcode: 'LS28 7AA',
      sessions: [['WE', '09:00', '12:00']],
      cost: 0,
      lastVerifiedAt: new Date(Date.now() - 200 * 86_400_000),
      reviewDueAt: new Date(Date.now() - 86_400_000),
    });
    await runFreshnessSweep(db);
    const joan = { id: researcher.id };
    await visit(page, '/directory/tasks');
    assert.ok(!(await scrollsSideways(page)).overflowing, 'the task list fits the phone');
    assert.equal(await submit(page, `Claim the check of ${name}`), 200);
    assert.equal(await heading(page), `Check ${name}`);
    assert.ok(!(await scrollsSideways(page)).overflowing, 'the task page fits the phone');

    // Finishing without answering keeps the person on the page with both questions flagged.
    assert.equal(await submit(page, 'Finish this check'), 400);
    assert.deepEqual(await errorSummary(page), [
      'Select how you checked the details',
      'Select whether the details are still correct',
    ]);
    await page.getByLabel('I phoned them').check();
    await page.getByLabel('Yes, everything is correct').check();
    assert.equal(await submit(page, 'Finish this check'), 200);
    assert.match(await notice(page), /marked as checked/);
    assert.ok(!(await scrollsSideways(page)).overflowing, 'the list fits the phone after finishing');

    const service = await db
      .selectFrom('dir_services')
      .select(['stale', 'last_verified_by', 'verification_method', 'assured_date'])
      .where('id', '=', serviceId)
      .executeTakeFirstOrThrow();
    assert.equal(service.stale, false);
    assert.equal(service.last_verified_by, joan.id);
    assert.equal(service.verification_method, 'phone');
    assert.ok(service.assured_date);

    // A champion without a directory research role gets no tasks.
    const { practice } = await practiceWithOds();
    const walker = await buildPerson(db, { roles: [[practice, 'champion']], displayName: 'Anne Champion' });
    const other = await session.newPage(PHONE);
    await signIn(other, walker.email, { password: TEST_PASSWORD });
    await visit(other, '/directory/tasks', 403);
  },
);

journey(
  'directory: editing, proposing, reviewing, the dashboard and the provider link all pass axe',
  async (session) => {
    const { db } = world().app;
    const { network, practice, odsCode } = await practiceWithOds();
    const name = `${uniqueWord('Calverley')} Carers Café`;
    const needs = NEEDS_TAXONOMY.terms.slice(0, 2).map((term) => term.id);
    const serviceId = await buildService(db, {
      ownerId: practice,
      name,
      postcode: 'LS28 7AA',
      sessions: [['FR', '13:00', '15:00']],
      cost: 2.5,
      needs,
      languages: ['English'],
    });
    const manager = await buildPerson(db, { roles: [[practice, 'practice_manager']] });
    const champion = await buildPerson(db, { roles: [[practice, 'champion']] });

    const phone = await session.newPage(PHONE);
    await signIn(phone, champion.email, { password: TEST_PASSWORD });
    await visit(phone, `/directory/services/${serviceId}`);
    await follow(phone, 'Suggest a change', 'main');
    assert.ok(!(await scrollsSideways(phone)).overflowing, 'the long form fits the phone');
    await phone.getByLabel('Phone number').fill('0113 496 0999');
    await phone.getByLabel('Anything else we should know? (optional)').fill('New number from their poster');
    assert.equal(await submit(phone, 'Send for review'), 200);

    // The manager works on a phone too: every page must fit 390 px.
    const page = await session.newPage(PHONE);
    const fits = async () =>
      assert.ok(!(await scrollsSideways(page)).overflowing, `${new URL(page.url()).pathname} fits the phone`);
    await signIn(page, manager.email, { password: TEST_PASSWORD });
    await visit(page, `/directory/services/${serviceId}/edit`);
    await page.getByLabel('Name of the service').fill('');
    await page.locator('#opens0').fill('16:00');
    assert.equal(await submit(page, 'Save changes'), 400);
    assert.deepEqual(await errorSummary(page), [
      'Enter the name of the service',
      'The end of session 1 must be after its start',
    ]);
    await page.getByLabel('Name of the service').fill(name);
    await page.locator('#opens0').fill('13:00');
    await page.getByLabel('Yes, by phone').check();
    assert.equal(await submit(page, 'Save changes'), 200);
    assert.match(await notice(page), /marked as checked|saved/);

    // Adding a service: the empty form, then its errors (a monthly session without a day).
    await visit(page, '/directory/services/new');
    assert.equal(await heading(page), 'Add a service');
    await fits();
    await page.locator('#week0').selectOption({ label: 'First of the month' });
    assert.equal(await submit(page, 'Add to the directory'), 400);
    assert.ok((await errorSummary(page)).includes('Enter the name of the service'));
    await fits();

    await visit(page, '/directory/reviews');
    const navigation = page.waitForNavigation({ waitUntil: 'load' });
    await page
      .locator('main')
      .getByRole('link', { name: new RegExp(`^${name}`) })
      .first()
      .click();
    await navigation;
    await checkPage(page);
    assert.match(await heading(page), new RegExp(`Review a change to ${name}`));
    assert.match(await page.locator('.app-diff').innerText(), /0113 496 0999/);
    await fits();
    assert.equal(await submit(page, 'Approve and publish'), 200);
    await fits();
    assert.match(await notice(page), /approved/);

    await visit(page, '/directory/freshness');
    await fits();
    await visit(page, `/directory/services/${serviceId}`);
    await fits();
    assert.match(await page.locator('main').innerText(), /0113 496 0999/);
    await follow(page, 'Send the provider a link to update it', 'main');
    await page.getByLabel("Provider's email address").fill('carers.cafe at example.org');
    assert.equal(await submit(page, 'Send the link'), 400);
    assert.deepEqual(await errorSummary(page), ['Enter an email address in the correct format, like name@example.com']);
    assert.equal(await page.getByLabel("Provider's email address").inputValue(), 'carers.cafe at example.org');
    await fits();
    await page.getByLabel("Provider's email address").fill('carers.cafe@example.org');
    assert.equal(await submit(page, 'Send the link'), 200);

    const link = new URL(await linkFromOutbox('carers.cafe@example.org', '/directory/provider/')).pathname;
    const provider = await session.newPage(PHONE);
    await visit(provider, link);
    // The provider's update form with a mistake: the error is shown, the rest kept, the link not spent.
    await provider.getByLabel('Name of the service').fill('');
    await provider.getByLabel('Phone number', { exact: true }).fill('0113 496 0555');
    await provider.getByLabel('Anything else we should know? (optional)').fill('Our new number from May');
    assert.equal(await submit(provider, 'Send my changes'), 400);
    assert.deepEqual(await errorSummary(provider), ['Enter the name of the service']);
    assert.equal(await provider.getByLabel('Phone number', { exact: true }).inputValue(), '0113 496 0555');
    assert.equal(
      await provider.getByLabel('Anything else we should know? (optional)').inputValue(),
      'Our new number from May',
    );
    assert.ok(!(await scrollsSideways(provider)).overflowing, 'the form with its errors fits the phone');
    assert.equal(await submit(provider, 'Everything is correct'), 200);
    assert.match(await heading(provider), /marked as checked/);
    await visit(provider, link, 404);
    await visit(provider, `/practices/${odsCode}/directory`);
    const networkOds = (
      await db.selectFrom('organisations').select('ods_code').where('id', '=', network).executeTakeFirstOrThrow()
    ).ods_code as string;
    await visit(provider, `/networks/${networkOds}/directory`);
    await visit(provider, `/networks/${networkOds}/directory?q=${encodeURIComponent(name)}`);
    assert.match(await provider.locator('main').innerText(), new RegExp(name));
    await visit(provider, `/practices/${odsCode}/directory/print?ids=${serviceId}`);
  },
);

journey(
  'directory: a system administrator’s review intervals, and the interval form with an error, pass axe',
  async (session) => {
    const { app, config } = world();
    const admin = await buildPerson(app.db, { admin: true, totpSecret: ADMIN_TOTP_SECRET, config });
    const page = await session.newPage();
    await signIn(page, admin.email, { password: TEST_PASSWORD, totpSecret: ADMIN_TOTP_SECRET });
    await follow(page, 'Directory checks', 'header');
    assert.equal(await heading(page), 'How often directory entries are checked');
    assert.match(await page.locator('main table').innerText(), /Five Ways to Wellbeing/);
    await follow(page, 'Change the review interval of Five Ways to Wellbeing', 'main');
    assert.equal(await heading(page), 'How often should these entries be checked?');
    const interval = page.getByLabel('Check every (months)');
    await interval.fill('40');
    assert.equal(await submit(page, 'Save review interval'), 400);
    assert.deepEqual(await errorSummary(page), ['Enter a number of months from 1 to 36']);
    assert.equal(await interval.inputValue(), '40', 'the value typed is kept');
    await visit(page, `/directory/taxonomies/${FIVE_WAYS_TAXONOMY.id}`);
  },
);

journey(
  'directory: a listing that comes from an activity explains where to change it, and the page passes axe',
  async (session) => {
    const { db } = world().app;
    const { practice, odsCode } = await practiceWithOds();
    const name = `${uniqueWord('Farsley')} Singing Group`;
    const activityId = await buildActivity(db, practice, { name, status: 'active' });
    await syncActivityListing(db, activityId, { userId: null });
    const { directory_service_id: serviceId } = await db
      .selectFrom('activities')
      .select('directory_service_id')
      .where('id', '=', activityId)
      .executeTakeFirstOrThrow();
    const manager = await buildPerson(db, { roles: [[practice, 'practice_manager']] });
    const page = await session.newPage();
    await signIn(page, manager.email, { password: TEST_PASSWORD });
    await visit(page, `/directory/services/${serviceId}`);
    assert.match(
      await page.locator('main').innerText(),
      new RegExp(`This listing comes from the activity ${name}; change it on the activity`),
    );
    await visit(page, `/directory/services/${serviceId}/edit`, 409);
    assert.equal(await heading(page), 'This listing comes from an activity');
    assert.equal(
      await page.locator('main').getByRole('link', { name }).getAttribute('href'),
      `/activities/${activityId}`,
    );
    const visitor = await session.newPage(PHONE);
    await visit(visitor, `/practices/${odsCode}/directory/services/${serviceId}/report-change`, 409);
    assert.match(
      await visitor.locator('main').innerText(),
      new RegExp(`This listing comes from the activity ${name}, run by`),
    );
  },
);
