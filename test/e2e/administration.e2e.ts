/** The system administrator: two-factor sign-in, organisations and the email outbox. */
import assert from 'node:assert/strict';
import { newId } from '../../src/lib/ids.ts';
import { buildArea, buildPerson, buildPractice, buildProgramme } from '../helpers/factories.ts';
import { errorSummary, follow, heading, journey, signIn, submit, uniqueEmail, visit, world } from './helpers.ts';

/** A fixed two-factor secret (base32) for this file's administrator. */
const ADMIN_TOTP_SECRET = 'MFSG22LONFZXI4TBORXXEIDUN5ZHI4BA';

/** Waits until the job worker has handed the message to the transport (the outbox transport keeps it). */
async function deliveredStatus(messageId: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const row = await world()
      .app.db.selectFrom('outbox_messages')
      .select('status')
      .where('id', '=', messageId)
      .executeTakeFirstOrThrow();
    if (row.status !== 'pending' || Date.now() > deadline) {
      return row.status;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

journey(
  'administration: the administrator signs in with a security code and reads organisations and the outbox',
  async (session) => {
    const { app, config } = world();
    // Organisations and an administrator of its own.
    const suffix = newId().slice(-5);
    const names = [
      `Northvale Integrated Care Board ${suffix}`,
      `Canal Street Surgery ${suffix}`,
      `Millbrook Medical Centre ${suffix}`,
      `Together Better Programme ${suffix}`,
    ];
    await buildArea(app.db, names[0]);
    const canal = await buildPractice(app.db, { name: names[1] });
    const millbrook = await buildPractice(app.db, { name: names[2] });
    const programme = await buildProgramme(app.db, [canal, millbrook]);
    await app.db.updateTable('organisations').set({ name: names[3] }).where('id', '=', programme).execute();
    const admin = await buildPerson(app.db, {
      admin: true,
      totpSecret: ADMIN_TOTP_SECRET,
      config,
      displayName: 'Sam Admin',
    });
    const recipient = uniqueEmail('outbox.reader');
    const subject = `Browser test message ${Date.now().toString(36)}`;
    const messageId = await app.services.notifier.sendEmail(app.db, {
      to: recipient,
      subject,
      body: `Hello,\n\nThis is ${subject}.`,
    });

    const page = await session.newPage();
    const email = admin.email;

    // The password alone is not enough, and a wrong code is refused.
    await visit(page, '/sign-in');
    await page.locator('#email').fill(email);
    await page.locator('#password').fill(admin.password);
    await submit(page, 'Sign in');
    assert.equal(new URL(page.url()).pathname, '/sign-in/two-factor');
    assert.equal(await heading(page), 'Enter your security code');
    await page.locator('#code').fill('12345');
    await submit(page, 'Continue');
    assert.equal((await errorSummary(page)).length, 1);
    await visit(page, '/admin/organisations');
    assert.equal(new URL(page.url()).pathname, '/sign-in', 'half-signed-in people cannot reach admin pages');

    await signIn(page, email, { password: admin.password, totpSecret: ADMIN_TOTP_SECRET });
    assert.equal(await heading(page), 'Hello, Sam Admin');
    assert.match(await page.locator('main').innerText(), /You are a system administrator/);

    await follow(page, 'Administration', 'header');
    assert.equal(await heading(page), 'Organisations');
    const organisations = page.locator('table', { hasText: 'All organisations' });
    for (const name of names) {
      const nameCell = page.locator('td:first-child', { hasText: name });
      assert.equal(
        await organisations.locator('tbody tr').filter({ has: nameCell }).count(),
        1,
        `${name} is listed once`,
      );
    }

    assert.equal(await deliveredStatus(messageId), 'kept', 'the job worker processed the message');
    await follow(page, 'Outbox', 'header');
    assert.equal(await heading(page), 'Email outbox');
    const row = page.locator('tr', { hasText: subject });
    assert.match(await row.innerText(), new RegExp(`${recipient.replace(/[.]/g, '\\.')}[\\s\\S]*kept[\\s\\S]*outbox`));
    await follow(page, subject, 'main');
    assert.equal(await heading(page), subject);
    assert.match(await page.locator('#message-body').innerText(), new RegExp(`This is ${subject}`));
  },
);

journey('administration: people who are not administrators are refused the admin pages', async (session) => {
  const { db } = world().app;
  const practice = await buildPractice(db);
  const manager = await buildPerson(db, { roles: [[practice, 'practice_manager']] });
  const page = await session.newPage();
  await signIn(page, manager.email, { password: manager.password });
  await visit(page, '/admin/outbox', 403);
  assert.equal(await heading(page), 'You do not have permission to see this page');
});
