/**
 * Every demo log-in printed at start-up works: each person signs in, sees where they are working
 * and as what, and opens home, their organisation and a page their role uses, all passing axe.
 * Commissioners and facilitators see aggregates only and are refused pages of named people.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { DEMO_ADMIN_TOTP_SECRET, DEMO_DOMAIN, DEMO_PEOPLE } from '../../src/demo/seed.ts';
import { roleLabel } from '../../src/platform/auth/roles.ts';
import { heading, journey, organisationId, scrollsSideways, signIn, visit } from './helpers.ts';

/** The demo organisations by the key DEMO_PEOPLE uses: their names, and ODS codes where they have one. */
const ORGANISATIONS: Record<string, { name: string; odsCode?: string }> = {
  icb: { name: 'Northvale Integrated Care Board (demo)', odsCode: 'QZZ' },
  riverside: { name: 'Riverside Primary Care Network (demo)', odsCode: 'U99001' },
  uplands: { name: 'Uplands Primary Care Network (demo)', odsCode: 'U99002' },
  canal: { name: 'Canal Street Surgery (demo)', odsCode: 'Y99901' },
  millbrook: { name: 'Millbrook Medical Centre (demo)', odsCode: 'Y99902' },
  hillside: { name: 'Hillside Health Centre (demo)', odsCode: 'Y99903' },
  rosecourt: { name: 'Rose Court Care Home (demo)', odsCode: 'DEMO01' },
  programme: { name: 'Together Better Programme (demo)' },
};

/** For each demo person (by the part of the email before @): the header link to a page their role uses. */
const MODULE_LINK: Record<string, string> = {
  admin: 'Administration',
  'manager.canal': 'People',
  'coordinator.canal': 'Champions',
  champion: 'My champion page',
  'reception.millbrook': 'Directory',
  'manager.millbrook': 'Audit log',
  'gp.canal': 'Activities',
  linkworker: 'Activities',
  'network.lead': 'Champions',
  'coordinator.riverside': 'Champions',
  'manager.hillside': 'Activities',
  'manager.rosecourt': 'People',
  commissioner: 'Organisations',
  facilitator: 'Organisations',
};

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The organisation and role(s) the header says the person is working in, and that organisation's id. */
async function workingIn(page: Page, person: (typeof DEMO_PEOPLE)[number]): Promise<string> {
  const bar = page.locator('.app-organisation-bar');
  const choices = person.roles.map(([key]) => {
    const organisation = ORGANISATIONS[key];
    assert.ok(organisation, `the test knows the demo organisation "${key}"`);
    const roles = person.roles
      .filter(([other]) => other === key)
      .map(([, role]) => role)
      .sort();
    return { key, name: organisation.name, labels: roles.map(roleLabel).join(', ') };
  });
  if (person.roles.length > 1 && new Set(person.roles.map(([key]) => key)).size > 1) {
    const selected = (
      await bar.getByLabel('Organisation you are working in').locator('option:checked').innerText()
    ).trim();
    assert.ok(
      choices.some((choice) => selected === `${choice.name} (${choice.labels})`),
      `${person.email}: the switch shows "${selected}"`,
    );
  } else {
    const [only] = choices;
    assert.ok(only);
    assert.match(
      (await bar.innerText()).trim(),
      new RegExp(`^Working in ${escapeRegExp(only.name)} as ${escapeRegExp(only.labels)}$`),
      person.email,
    );
  }
  const card = page.locator('main .nhsuk-card', { hasText: 'Details, people and roles' }).getByRole('link');
  const href = await card.getAttribute('href');
  assert.match(
    href ?? '',
    /^\/organisations\/[0-9a-f-]{36}$/,
    `${person.email}: the home page leads to their organisation`,
  );
  return (href ?? '').split('/').pop() ?? '';
}

/** Opens the page behind a header navigation link (read from the header, so the link must be offered). */
async function openFromHeader(page: Page, linkText: string): Promise<void> {
  // By text rather than role: on a narrower screen the header moves links into its "More" menu, hidden until opened.
  const links = page.locator('header a').filter({ hasText: new RegExp(`^\\s*${escapeRegExp(linkText)}\\s*$`) });
  const offered = (await page.locator('header a').allInnerTexts()).map((text) => text.trim()).filter(Boolean);
  assert.ok((await links.count()) > 0, `the header offers "${linkText}" (it offers ${offered.join(', ')})`);
  const href = await links.first().getAttribute('href');
  assert.ok(href);
  await visit(page, href);
  assert.notEqual(await heading(page), 'Page not found');
}

/** What a commissioner or facilitator sees of a practice below them: totals, and no names. */
async function checkAggregatesOnly(page: Page, ownOrganisationId: string): Promise<void> {
  const canal = await organisationId('Y99901');
  await visit(page, `/organisations/${canal}`);
  assert.equal(await heading(page), ORGANISATIONS.canal?.name);
  const main = await page.locator('main').innerText();
  assert.match(main, /You can see totals for this organisation, not the people in it/);
  assert.match(main, /People by role/);
  assert.doesNotMatch(main, /Joan Walker|Priya Shah|Dawn Mitchell/, 'no names');
  // Member lists do not reach below (no standing in the practice: 404); the champions register
  // does, for coordinators and leads, so someone above the practice is known there but refused (403).
  await visit(page, `/organisations/${canal}/members`, 404);
  await visit(page, `/organisations/${canal}/champions`, 403);
  // Their own organisation: they belong, but may not list its people.
  await visit(page, `/organisations/${ownOrganisationId}/members`, 403);
}

/** The home page's "Your work" for the people whose work it counts, then home at 390px wide: no sideways scrolling, and axe again. */
async function checkYourWork(page: Page, key: string): Promise<void> {
  const work = page.locator('main .app-your-work');
  if (key === 'coordinator.canal') {
    const text = await work.innerText();
    assert.match(text, /Applicants waiting/);
    assert.match(text, /\d+ time entr(y|ies) waiting to be verified/);
    assert.match(text, /\d+ claims? waiting for a decision/);
  } else if (key === 'champion') {
    assert.match(await work.innerText(), /Your rota/);
  } else if (key === 'commissioner' || key === 'facilitator') {
    assert.match(await work.innerText(), /Totals for this organisation/);
    assert.doesNotMatch(
      await page.locator('main').innerText(),
      /Joan Walker|Priya Shah|Dawn Mitchell/,
      'no names on home',
    );
  }
  const wide = page.viewportSize();
  // Loaded at phone width (and checked with axe again there), as a phone would open it.
  await page.setViewportSize({ width: 390, height: 844 });
  await visit(page, '/');
  const sideways = await scrollsSideways(page);
  assert.equal(sideways.overflowing, false, `${key}: home scrolls sideways at 390px (${sideways.scrollWidth}px wide)`);
  if (wide) {
    await page.setViewportSize(wide);
    await visit(page, '/');
  }
}

journey(
  'demo log-ins: every person printed at start-up signs in and reaches home, their organisation and a page of their role',
  async (session) => {
    const people = DEMO_PEOPLE.map((person) => ({ person, key: person.email.replace(`@${DEMO_DOMAIN}`, '') }));
    assert.deepEqual(
      people.map(({ key }) => key).sort(),
      Object.keys(MODULE_LINK).sort(),
      'every demo person has a page to open, and no one else',
    );
    for (const { person, key } of people) {
      const page = await session.newPage();
      await signIn(page, person.email, person.admin ? { totpSecret: DEMO_ADMIN_TOTP_SECRET } : {});
      await visit(page, '/');
      assert.equal(await heading(page), `Hello, ${person.name}`);
      if (person.admin) {
        assert.equal(
          await page.locator('.app-organisation-bar').count(),
          0,
          'the administrator works in no organisation',
        );
        assert.match(await page.locator('main').innerText(), /You are a system administrator/);
      } else {
        const activeId = await workingIn(page, person);
        await checkYourWork(page, key);
        await visit(page, `/organisations/${activeId}`);
        const shown = await heading(page);
        assert.ok(
          person.roles.some(([organisationKey]) => ORGANISATIONS[organisationKey]?.name === shown),
          `${person.email} opened ${shown}`,
        );
        if (key === 'commissioner' || key === 'facilitator') {
          await checkAggregatesOnly(page, activeId);
        }
      }
      await openFromHeader(page, MODULE_LINK[key] ?? '');
      await page.context().close();
    }
  },
  { timeout: 300_000 },
);
