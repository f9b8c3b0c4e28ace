/**
 * The README's PostgreSQL backup, done for real: a seeded database is dumped with `pg_dump -Fc`,
 * restored with `pg_restore --exit-on-error` into a new database, and the app is started on the
 * copy. Every table must hold as many rows as before, and each module must still answer.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { buildApp } from '../../src/app.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { newId } from '../../src/lib/ids.ts';
import { type DatabaseHandle, openDatabase } from '../../src/platform/db/database.ts';
import { migrate } from '../../src/platform/db/migrate.ts';
import type { Database } from '../../src/platform/db/schema.ts';
import { loadTestConfig } from '../helpers/test-app.ts';

const serverUrl = process.env.TEST_DATABASE_URL;
const hasTools = ['pg_dump', 'pg_restore'].every((tool) => spawnSync(tool, ['--version']).status === 0);
const skip = !serverUrl
  ? 'PostgreSQL only: pg_dump and pg_restore need TEST_DATABASE_URL (PGlite backups: backup.int.test.ts)'
  : hasTools
    ? false
    : 'pg_dump and pg_restore are not installed (apt-get install -y postgresql-client)';

function urlFor(database: string): string {
  const address = new URL(serverUrl ?? 'postgres://localhost');
  address.pathname = `/${database}`;
  return address.toString();
}

/** Every table's row count. */
async function rowCounts(db: Kysely<Database>): Promise<Record<string, number>> {
  const tables = await sql<{ name: string }>`
    select tablename as name from pg_tables where schemaname = 'public' order by tablename`.execute(db);
  const counts: Record<string, number> = {};
  for (const { name } of tables.rows) {
    const result = await sql<{ count: number }>`select count(*)::int as count from ${sql.table(name)}`.execute(db);
    counts[name] = Number(result.rows[0]?.count ?? 0);
  }
  return counts;
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  assert.equal(result.status, 0, `${command} ${args.join(' ')} failed:\n${result.stderr}`);
}

describe('backup and restore on PostgreSQL', { skip }, () => {
  const suffix = newId().replace(/-/g, '').slice(-10);
  const source = `ts_backup_${suffix}`;
  const copy = `ts_restored_${suffix}`;
  const folder = mkdtempSync(path.join(tmpdir(), 'thirdspace-backup-'));
  const admin = new pg.Client({ connectionString: serverUrl });
  let sourceHandle: DatabaseHandle | undefined;
  let restoredHandle: DatabaseHandle | undefined;
  let app: FastifyInstance | undefined;

  after(async () => {
    await app?.close();
    await restoredHandle?.close();
    await sourceHandle?.close();
    rmSync(folder, { recursive: true, force: true });
    if (serverUrl) {
      for (const name of [source, copy]) {
        await admin.query(`drop database if exists ${name} with (force)`);
      }
      await admin.end();
    }
  });

  test('pg_dump -Fc of a seeded database restores with --exit-on-error, and the app works on the copy', async () => {
    await admin.connect();
    await admin.query(`create database ${source}`);
    await admin.query(`create database ${copy}`);
    const config = loadTestConfig({ DATABASE_URL: urlFor(source) });
    sourceHandle = await openDatabase({ url: urlFor(source), dataDir: 'memory://', poolSize: 2 });
    await migrate(sourceHandle.db);
    await seedDemo(sourceHandle.db, config);
    const before = await rowCounts(sourceHandle.db);
    assert.ok((before.dir_locations ?? 0) > 0 && (before.activities ?? 0) > 0, 'the seed fills every module');

    const file = path.join(folder, 'thirdspace.dump');
    run('pg_dump', ['-Fc', '--file', file, urlFor(source)]);
    run('pg_restore', ['--exit-on-error', '--dbname', urlFor(copy), file]);

    restoredHandle = await openDatabase({ url: urlFor(copy), dataDir: 'memory://', poolSize: 5 });
    assert.deepEqual(await rowCounts(restoredHandle.db), before, 'every table has the same rows');
    const located = await restoredHandle.db
      .selectFrom('dir_locations as l')
      .innerJoin('dir_service_at_locations as sl', 'sl.location_id', 'l.id')
      .innerJoin('dir_services as s', 's.id', 'sl.service_id')
      .select('l.id')
      .where('l.earth', 'is not', null)
      .where('s.status', '=', 'active')
      .where('s.published', '=', true)
      .executeTakeFirstOrThrow();

    const restoredApp = await buildApp(loadTestConfig({ DATABASE_URL: urlFor(copy) }), {
      database: restoredHandle,
      logger: false,
      startJobs: false,
    });
    app = restoredApp;
    const pages = [
      '/readyz',
      '/practices/Y99901/directory?q=walk',
      '/practices/Y99901/directory?near=LS28%207AA&within=10',
      '/oruk/services',
      '/oruk/service_at_locations?postcode=LS28%207AA&proximity=16000',
      `/fhir/Location/${located.id}`,
      '/practices/Y99901/whats-on',
      '/practices/Y99901/become-a-champion',
    ];
    for (const url of pages) {
      const response = await restoredApp.inject({ method: 'GET', url });
      assert.equal(response.statusCode, 200, `${url} answered ${response.statusCode}: ${response.body.slice(0, 300)}`);
    }
    const near = await restoredApp.inject({ method: 'GET', url: '/oruk/service_at_locations?postcode=LS28%207AA' });
    assert.ok(near.json().contents.length > 0, 'distances are measured from the restored points');
  });
});
