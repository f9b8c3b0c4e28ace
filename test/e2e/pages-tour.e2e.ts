/** Pages no journey reaches on its way: each is opened as its user would, and checked with axe. */
import assert from 'node:assert/strict';
import { newId } from '../../src/lib/ids.ts';
import { buildPerson, buildPractice } from '../helpers/factories.ts';
import { errorSummary, heading, journey, signIn, submit, visit, world } from './helpers.ts';

/** A fixed two-factor secret (base32) for this file's administrator. */
const ADMIN_TOTP_SECRET = 'KRUGS4ZAMFSG22LONFZXI4TBORXXE4ZA';

journey(
  'pages: a practice manager’s account, organisations, audit log and the information pages pass axe',
  async (session) => {
    const { db } = world().app;
    const canal = await buildPractice(db, { name: `Canal Street Surgery ${newId().slice(-5)}` });
    const manager = await buildPerson(db, { roles: [[canal, 'practice_manager']] });
    const page = await session.newPage();
    await visit(page, '/privacy');
    await visit(page, '/accessibility');
    await signIn(page, manager.email, { password: manager.password });

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
  },
);

journey('pages: the administrator’s new-organisation and invitation forms pass axe', async (session) => {
  const { app, config } = world();
  const practice = await buildPractice(app.db, { name: `Millbrook Medical Centre ${newId().slice(-5)}` });
  const admin = await buildPerson(app.db, { admin: true, totpSecret: ADMIN_TOTP_SECRET, config });
  const page = await session.newPage();
  await signIn(page, admin.email, { password: admin.password, totpSecret: ADMIN_TOTP_SECRET });
  await visit(page, '/admin/organisations/new');
  assert.equal(await submit(page, 'Add organisation'), 400, 'an empty form is refused with its errors');
  await visit(page, `/admin/organisations/${practice}/invite`);
});

journey('pages: a fault in the service shows the NHS.UK "Sorry" page with the request id only', async (session) => {
  const page = await session.newPage();
  await visit(page, '/test-only/fault', 500);
  assert.match(await heading(page), /Sorry, there is a problem with the service/);
  assert.doesNotMatch(await page.locator('main').innerText(), /secret_table|stack|\.ts:/);
});
