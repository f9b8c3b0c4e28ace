import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Agent } from '../test/helpers/agent.ts';
import { buildPerson, uniqueEmail } from '../test/helpers/factories.ts';
import { testWorld } from '../test/helpers/test-app.ts';
import { runCommand } from './commands.ts';

/** Runs a CLI command against the test database, capturing what it prints. */
async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const { config, database } = await testWorld();
  let out = '';
  let err = '';
  const code = await runCommand(argv, config, database, { out: (text) => void (out += text), err: (text) => void (err += text) }, { actorUserId: null, requestId: 'cli:test' });
  return { code, out, err };
}

/** The path of the one-time link a command printed. */
function linkPath(out: string): string {
  const found = /https?:\/\/[^/\s]+(\/password-reset\/[\w-]+)/.exec(out)?.[1];
  assert.ok(found, `no link in: ${out}`);
  return found;
}

describe('CLI commands', () => {
  test('migrate on an up-to-date database says so; an unknown command gets usage and exit code 2', async () => {
    assert.deepEqual(await cli('migrate'), { code: 0, out: 'The database is up to date.\n', err: '' });
    const unknown = await cli('make-tea');
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /Unknown command: make-tea[\s\S]*create-admin --email/);
  });

  test('create-admin refuses a missing or malformed email and creates nothing', async () => {
    const { app } = await testWorld();
    assert.equal((await cli('create-admin')).code, 2);
    const malformed = await cli('create-admin', '--email', 'not an email');
    assert.equal(malformed.code, 2);
    assert.match(malformed.err, /"not an email" is not an email address/);
    assert.equal(await app.db.selectFrom('users').select('id').where('email', '=', 'not an email').executeTakeFirst(), undefined);
  });

  test('create-admin prints a one-time link; the new administrator chooses a password, then must set up two-factor authentication', async () => {
    const { app } = await testWorld();
    const email = uniqueEmail('new.admin');
    const created = await cli('create-admin', '--email', email, '--name', 'Ada Admin');
    assert.equal(created.code, 0, created.err);
    assert.doesNotMatch(created.out, /password:/i, 'no password is printed');
    const user = await app.db.selectFrom('users').select(['id', 'is_system_admin', 'password_hash', 'display_name']).where('email', '=', email).executeTakeFirstOrThrow();
    assert.deepEqual([user.is_system_admin, user.password_hash, user.display_name], [true, null, 'Ada Admin']);

    const browser = new Agent(app);
    const path = linkPath(created.out);
    assert.equal((await browser.get(path)).statusCode, 200);
    const chosen = await browser.postForm(path, { password: 'a long walk by the canal', confirmPassword: 'a long walk by the canal' });
    assert.equal(chosen.statusCode, 303, chosen.body.slice(0, 300));
    const signedIn = await new Agent(app).postForm('/sign-in', { email, password: 'a long walk by the canal' });
    assert.equal(signedIn.statusCode, 303);
    const again = await cli('create-admin', '--email', email);
    assert.equal(again.code, 1);
    assert.match(again.err, /already exists/);
  });

  test('reset-password prints a working one-hour link, clears a lockout and ends sessions; an unknown email is exit code 1', async () => {
    const { app } = await testWorld();
    const person = await buildPerson(app.db);
    await app.db.updateTable('users').set({ failed_sign_ins: 9, locked_until: new Date(Date.now() + 3_600_000) }).where('id', '=', person.id).execute();
    const unknown = await cli('reset-password', '--email', 'nobody.here@example.test');
    assert.equal(unknown.code, 1);
    assert.match(unknown.err, /No account has the email/);
    const reset = await cli('reset-password', '--email', person.email);
    assert.equal(reset.code, 0);
    const user = await app.db.selectFrom('users').select(['failed_sign_ins', 'locked_until']).where('id', '=', person.id).executeTakeFirstOrThrow();
    assert.deepEqual([user.failed_sign_ins, user.locked_until], [0, null]);
    const token = await app.db.selectFrom('password_reset_tokens').select('expires_at').where('user_id', '=', person.id).executeTakeFirstOrThrow();
    const minutes = (token.expires_at.getTime() - Date.now()) / 60_000;
    assert.ok(minutes > 55 && minutes <= 60, `expires in ${minutes} minutes`);
    assert.equal((await new Agent(app).get(linkPath(reset.out))).statusCode, 200);
    const audited = await app.db.selectFrom('audit_events').select('action').where('subject_id', '=', person.id).where('action', '=', 'password.reset-issued').execute();
    assert.equal(audited.length, 1);
  });

  test('seed-demo loads the demo once; a second run changes nothing', async () => {
    await cli('seed-demo');
    const second = await cli('seed-demo');
    assert.deepEqual(second, { code: 0, out: 'Demo data is already loaded.\n', err: '' });
  });
});
