import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { newId } from '../../lib/ids.ts';
import { type DatabaseHandle, openDatabase } from './database.ts';
import { migrate } from './migrate.ts';
import { setupRoles } from './roles.ts';

const serverUrl = process.env.TEST_DATABASE_URL;
const skip = serverUrl ? false : 'PostgreSQL only: database roles need TEST_DATABASE_URL (PGlite has one user)';

/** The server address naming another database, signed in as `user` when given. */
function urlFor(database: string, user?: string): string {
  const address = new URL(serverUrl ?? 'postgres://localhost');
  address.pathname = `/${database}`;
  if (user) {
    address.username = user;
    address.password = '';
  }
  return address.toString();
}

describe('least privilege: the app role cannot rewrite the audit trail', { skip }, () => {
  const suffix = newId().replace(/-/g, '').slice(-10);
  const database = `ts_roles_${suffix}`;
  const roles = { owner: `ts_owner_${suffix}`, app: `ts_app_${suffix}` };
  const admin = new pg.Client({ connectionString: serverUrl });
  const handles: DatabaseHandle[] = [];

  after(async () => {
    for (const handle of handles) {
      await handle.close();
    }
    if (serverUrl) {
      // Wait for the closed pools' sessions to end, so dropping the database interrupts nobody.
      for (let tries = 0; tries < 50; tries += 1) {
        const open = await admin.query('select 1 from pg_stat_activity where datname = $1', [database]);
        if (open.rowCount === 0) {
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await admin.query(`drop database if exists ${database} with (force)`);
      await admin.query(`drop role if exists ${roles.app}`);
      await admin.query(`drop role if exists ${roles.owner}`);
      await admin.end();
    }
  });

  test('setup-roles: the owner migrates, the app reads and writes, and every route to change an audit row is refused', async () => {
    await admin.connect();
    await admin.query(`create database ${database}`);
    const superuser = await openDatabase({ url: urlFor(database), dataDir: 'memory://', poolSize: 1 });
    handles.push(superuser);
    await migrate(superuser.db);
    await setupRoles(superuser.db, roles);
    assert.ok((await setupRoles(superuser.db, roles)).length > 0, 'safe to run again');

    const app = await openDatabase({ url: urlFor(database, roles.app), dataDir: 'memory://', poolSize: 1 });
    handles.push(app);
    assert.deepEqual(await migrate(app.db), [], 'the app starts on a database its owner migrated');
    const eventId = newId();
    await app.db
      .insertInto('audit_events')
      .values({ id: eventId, action: 'test.least-privilege', subject_type: 'test', request_id: 'roles-test' })
      .execute();
    const row = await app.db.selectFrom('audit_events').selectAll().where('id', '=', eventId).executeTakeFirstOrThrow();

    const refused: [string, string][] = [
      ['UPDATE', `update audit_events set action = 'test.tampered' where id = '${eventId}'`],
      ['DELETE', `delete from audit_events where id = '${eventId}'`],
      ['TRUNCATE', 'truncate audit_events'],
      ['DISABLE TRIGGER', 'alter table audit_events disable trigger audit_events_append_only'],
      ['DISABLE TRIGGER ALL', 'alter table audit_events disable trigger all'],
      ['session_replication_role', 'set session_replication_role = replica'],
      ['DROP TABLE', 'drop table audit_events'],
      ['ALTER another table', 'alter table users add column tampered text'],
      ['CREATE TABLE', 'create table tampering (id int)'],
      ['OWNER TO', `alter table audit_events owner to ${roles.app}`],
    ];
    for (const [route, statement] of refused) {
      await assert.rejects(
        app.db.transaction().execute(async (tx) => {
          await sql.raw(statement).execute(tx);
          // Rolled back whatever happens, so a broken guard cannot change the row.
          throw new Error(`${route} was allowed`);
        }),
        (error: Error) => /permission denied|must be owner|must be superuser/.test(error.message),
        route,
      );
    }
    assert.deepEqual(
      await app.db.selectFrom('audit_events').selectAll().where('id', '=', eventId).executeTakeFirst(),
      row,
      'the audit row is unchanged',
    );

    const owner = await openDatabase({ url: urlFor(database, roles.owner), dataDir: 'memory://', poolSize: 1 });
    handles.push(owner);
    await sql`create table later_migration_table (id int primary key)`.execute(owner.db);
    await sql`insert into later_migration_table values (1)`.execute(app.db);
    const later = await sql<{ id: number }>`select id from later_migration_table`.execute(app.db);
    assert.deepEqual(later.rows, [{ id: 1 }], 'tables made by later migrations get the grants by default');
    await assert.rejects(
      sql`insert into schema_migrations (name) values ('not-a-migration')`.execute(app.db),
      /permission denied/,
      'only the owner records migrations',
    );
  });
});
