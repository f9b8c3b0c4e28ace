/** Pages no journey reaches on its way: each is opened as its user would, and checked with axe. */
import assert from 'node:assert/strict';
import { DEMO_ADMIN_TOTP_SECRET, DEMO_DOMAIN } from '../../src/demo/seed.ts';
import { errorSummary, heading, journey, organisationId, signIn, submit, visit } from './helpers.ts';

journey('pages: a practice manager’s account, organisations, audit log and the information pages pass axe', async (session) => {
  const page = await session.newPage();
  await visit(page, '/privacy');
  await visit(page, '/accessibility');
  await signIn(page, `manager.canal@${DEMO_DOMAIN}`);
  const canal = await organisationId('Y99901');

  await visit(page, '/organisations');
  assert.match(await page.locator('main').innerText(), /Canal Street Surgery/);
  await visit(page, `/organisations/${canal}/audit?action=sign-in`);
  assert.match(await page.locator('main').innerText(), /sign-in\.succeeded/, 'the search finds this sign-in');

  await visit(page, '/account');
  await visit(page, '/account/password');
  await page.locator('#currentPassword').fill('not my password at all');
  await page.locator('#password').fill('short');
  assert.equal(await submit(page, 'Change password'), 400);
  assert.ok((await errorSummary(page)).length >= 1);
  await visit(page, '/account/two-factor');
  assert.match(await heading(page), /two-factor|security code/i);
});

journey('pages: the administrator’s new-organisation and invitation forms pass axe', async (session) => {
  const page = await session.newPage();
  await signIn(page, `admin@${DEMO_DOMAIN}`, { totpSecret: DEMO_ADMIN_TOTP_SECRET });
  await visit(page, '/admin/organisations/new');
  assert.equal(await submit(page, 'Add organisation'), 400, 'an empty form is refused with its errors');
  await visit(page, `/admin/organisations/${await organisationId('Y99902')}/invite`);
});

journey('pages: a fault in the service shows the NHS.UK "Sorry" page with the request id only', async (session) => {
  const page = await session.newPage();
  await visit(page, '/test-only/fault', 500);
  assert.match(await heading(page), /Sorry, there is a problem with the service/);
  assert.doesNotMatch(await page.locator('main').innerText(), /secret_table|stack|\.ts:/);
});
