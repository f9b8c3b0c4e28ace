import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { after, describe, test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { Agent } from '../test/helpers/agent.ts';
import { buildPerson, uniqueEmail } from '../test/helpers/factories.ts';
import { testWorld } from '../test/helpers/test-app.ts';
import { runCommand } from './commands.ts';
import { DEMO_PASSWORD, DEMO_PEOPLE } from './demo/seed.ts';
import { newId } from './lib/ids.ts';
import { type DatabaseHandle, openDatabase } from './platform/db/database.ts';
import { MIGRATIONS_DIR, migrate } from './platform/db/migrate.ts';

type CommandResult = { code: number; out: string; err: string };

/** Runs a CLI command against `database`, capturing what it prints. */
async function runCapturing(argv: string[], database: DatabaseHandle): Promise<CommandResult> {
  const { config } = await testWorld();
  let out = '';
  let err = '';
  const print = { out: (text: string) => (out += text), err: (text: string) => (err += text) };
  const code = await runCommand(argv, config, database, print, { actorUserId: null, requestId: 'cli:test' });
  return { code, out, err };
}

/** Runs a CLI command against the test database, capturing what it prints. */
async function cli(...argv: string[]): Promise<CommandResult> {
  return runCapturing(argv, (await testWorld()).database);
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
    assert.equal(
      await app.db.selectFrom('users').select('id').where('email', '=', 'not an email').executeTakeFirst(),
      undefined,
    );
  });

  test('create-admin prints a one-time link; the new administrator chooses a password, then must set up two-factor authentication', async () => {
    const { app } = await testWorld();
    const email = uniqueEmail('new.admin');
    const created = await cli('create-admin', '--email', email, '--name', 'Ada Admin');
    assert.equal(created.code, 0, created.err);
    assert.doesNotMatch(created.out, /password:/i, 'no password is printed');
    const user = await app.db
      .selectFrom('users')
      .select(['id', 'is_system_admin', 'password_hash', 'display_name'])
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    assert.deepEqual([user.is_system_admin, user.password_hash, user.display_name], [true, null, 'Ada Admin']);

    const browser = new Agent(app);
    const path = linkPath(created.out);
    assert.equal((await browser.get(path)).statusCode, 200);
    const chosen = await browser.postForm(path, {
      password: 'a long walk by the canal',
      confirmPassword: 'a long walk by the canal',
    });
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
    await app.db
      .updateTable('users')
      .set({ failed_sign_ins: 9, locked_until: new Date(Date.now() + 3_600_000) })
      .where('id', '=', person.id)
      .execute();
    const unknown = await cli('reset-password', '--email', 'nobody.here@example.test');
    assert.equal(unknown.code, 1);
    assert.match(unknown.err, /No account has the email/);
    const reset = await cli('reset-password', '--email', person.email);
    assert.equal(reset.code, 0);
    const user = await app.db
      .selectFrom('users')
      .select(['failed_sign_ins', 'locked_until'])
      .where('id', '=', person.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual([user.failed_sign_ins, user.locked_until], [0, null]);
    const token = await app.db
      .selectFrom('password_reset_tokens')
      .select('expires_at')
      .where('user_id', '=', person.id)
      .executeTakeFirstOrThrow();
    const minutes = (token.expires_at.getTime() - Date.now()) / 60_000;
    assert.ok(minutes > 55 && minutes <= 60, `expires in ${minutes} minutes`);
    assert.equal((await new Agent(app).get(linkPath(reset.out))).statusCode, 200);
    const audited = await app.db
      .selectFrom('audit_events')
      .select('action')
      .where('subject_id', '=', person.id)
      .where('action', '=', 'password.reset-issued')
      .execute();
    assert.equal(audited.length, 1);
  });
});

/**
 * A brand-new, empty database of the kind under test: PGlite in memory, or a new database on
 * the TEST_DATABASE_URL server (dropped afterwards).
 */
async function openEmptyDatabase(): Promise<{ handle: DatabaseHandle; drop(): Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const handle = await openDatabase({ dataDir: 'memory://', poolSize: 2 });
    return { handle, drop: () => handle.close() };
  }
  const name = `ts_cli_${newId().replace(/-/g, '').slice(-16)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString(), dataDir: 'memory://', poolSize: 2 });
  return {
    handle,
    async drop() {
      await handle.close();
      await admin.query(`drop database if exists ${name}`);
      await admin.end();
    },
  };
}

/** Every table's row count, to show a command changed nothing. */
async function rowCounts(db: DatabaseHandle['db']): Promise<Record<string, number>> {
  const tables = await sql<{
    name: string;
  }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(
    db,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables.rows) {
    const result = await sql<{ count: number }>`select count(*)::int as count from ${sql.table(name)}`.execute(db);
    counts[name] = Number(result.rows[0]?.count ?? 0);
  }
  return counts;
}

describe('CLI commands on an empty database', () => {
  let empty: Awaited<ReturnType<typeof openEmptyDatabase>> | null = null;
  const emptyDatabase = async () => {
    empty ??= await openEmptyDatabase();
    return empty;
  };
  const run = async (...argv: string[]) => runCapturing(argv, (await emptyDatabase()).handle);
  after(async () => {
    await empty?.drop();
  });

  test('migrate applies every migration, in order, to an empty database; run again it applies none and changes nothing', async () => {
    const expected = (await readdir(MIGRATIONS_DIR)).filter((name) => name.endsWith('.sql')).sort();
    assert.ok(expected.length > 10);
    const first = await run('migrate');
    assert.equal(first.code, 0, first.err);
    assert.equal(first.out, `Applied ${expected.length} migration(s):\n  ${expected.join('\n  ')}\n`);
    const { db } = empty!.handle;
    const recorded = await db.selectFrom('schema_migrations').select('name').orderBy('name').execute();
    assert.deepEqual(
      recorded.map((row) => row.name),
      expected,
    );
    const tables = await rowCounts(db);
    for (const table of ['users', 'organisations', 'memberships', 'audit_events', 'activities', 'dir_services']) {
      assert.equal(tables[table], 0, `${table} exists and is empty`);
    }

    const second = await run('migrate');
    assert.deepEqual(second, { code: 0, out: 'The database is up to date.\n', err: '' });
    assert.deepEqual(await rowCounts(db), tables);
  });

  test('seed-demo loads the demo organisations and people and prints their log-ins; a second run changes no row', async () => {
    const { db } = (await emptyDatabase()).handle;
    await migrate(db);
    const first = await run('seed-demo');
    assert.equal(first.code, 0, first.err);
    for (const person of DEMO_PEOPLE) {
      assert.ok(first.out.includes(person.email), `${person.email} is printed`);
    }
    assert.match(first.out, new RegExp(`password for all: ${DEMO_PASSWORD}`));

    const organisations = await db.selectFrom('organisations').select(['name', 'ods_code']).execute();
    for (const code of ['QZZ', 'U99001', 'U99002', 'Y99901', 'Y99902', 'Y99903', 'DEMO01']) {
      assert.ok(
        organisations.some((organisation) => organisation.ods_code === code),
        `demo organisation ${code}`,
      );
    }
    assert.ok(organisations.some((organisation) => organisation.name === 'Together Better Programme (demo)'));
    for (const person of DEMO_PEOPLE) {
      const user = await db
        .selectFrom('users')
        .select(['id', 'display_name', 'is_system_admin', 'password_hash'])
        .where('email', '=', person.email)
        .executeTakeFirst();
      assert.ok(user, `${person.email} can sign in`);
      assert.deepEqual(
        [user.display_name, user.is_system_admin, user.password_hash !== null],
        [person.name, person.admin ?? false, true],
      );
      const roles = await db.selectFrom('memberships').select('role').where('user_id', '=', user.id).execute();
      assert.deepEqual(roles.map((row) => row.role).sort(), person.roles.map(([, role]) => role).sort(), person.email);
    }
    const before = await rowCounts(db);
    assert.ok(
      (before.activities ?? 0) > 0 && (before.dir_services ?? 0) > 0,
      'the directory and activities are loaded too',
    );

    const second = await run('seed-demo');
    assert.deepEqual(second, { code: 0, out: 'Demo data is already loaded.\n', err: '' });
    assert.deepEqual(await rowCounts(db), before);
  });
});
