import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../../app.ts';
import { openDatabase } from '../db/database.ts';
import { buildNetwork, buildPractice } from '../../../test/helpers/factories.ts';
import { testWorld } from '../../../test/helpers/test-app.ts';
import { foldDataChanges, readDataVersion } from './data-version.repo.ts';

const opened: FastifyInstance[] = [];
after(async () => {
  for (const app of opened) {
    await app.close();
  }
});

/**
 * A second app on the same database: on PostgreSQL a process of its own in all but name (its
 * own pool, its own response cache); on PGlite, which one process holds, the same database handle.
 */
async function secondApp(): Promise<FastifyInstance> {
  const { config, database } = await testWorld();
  const handle = config.database.url
    ? await openDatabase({ url: config.database.url, dataDir: config.database.dataDir, poolSize: 2 })
    : database;
  const app = await buildApp(config, { database: handle, logger: false, startJobs: false });
  if (handle !== database) {
    app.addHook('onClose', async () => {
      await handle.close();
    });
  }
  await app.ready();
  opened.push(app);
  return app;
}

describe('the public cache across app processes on one database', () => {
  test('an edit through one app is on the very next answer from the other, which had kept the page', async () => {
    const { app: first } = await testWorld();
    const second = await secondApp();
    const practiceId = await buildPractice(first.db, { networkId: await buildNetwork(first.db) });
    const practice = await first.db
      .selectFrom('organisations')
      .select(['ods_code', 'name'])
      .where('id', '=', practiceId)
      .executeTakeFirstOrThrow();
    const url = `/practices/${practice.ods_code}/whats-on`;
    const kept = await second.inject({ method: 'GET', url });
    const keptAgain = await second.inject({ method: 'GET', url });
    assert.equal(keptAgain.headers.etag, kept.headers.etag, 'the second app keeps the page');
    assert.match(kept.body, new RegExp(practice.name));

    const renamed = `${practice.name} Health Centre`;
    await first.db.updateTable('organisations').set({ name: renamed }).where('id', '=', practiceId).execute();
    const fresh = await second.inject({ method: 'GET', url, headers: { 'if-none-match': String(kept.headers.etag) } });
    assert.equal(fresh.statusCode, 200);
    assert.match(fresh.body, new RegExp(renamed));
    const fromFirst = await first.inject({ method: 'GET', url });
    assert.equal(fromFirst.headers.etag, fresh.headers.etag, 'both apps give the same answer');
  });

  test('a change that is rolled back leaves the version alone; a committed one moves it, and folding keeps it', async () => {
    const { app } = await testWorld();
    const before = await readDataVersion(app.db);
    await app.db
      .transaction()
      .execute(async (tx) => {
        await tx.updateTable('organisations').set({ name: 'Never seen' }).where('id', '=', 'none').execute();
        throw new Error('roll back');
      })
      .catch(() => undefined);
    assert.equal(await readDataVersion(app.db), before);
    await buildPractice(app.db);
    const moved = await readDataVersion(app.db);
    assert.ok(moved > before);
    await foldDataChanges(app.db);
    assert.equal(await readDataVersion(app.db), moved);
    const rows = await sql<{ count: string }>`select count(*) as count from data_changes`.execute(app.db);
    assert.ok(Number(rows.rows[0]?.count) <= 2);
  });

  test('every table a public page could show has the change trigger (a new migration’s tables get it at start)', async () => {
    const { app } = await testWorld();
    const missing = await sql<{ relname: string }>`
      select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind in ('r', 'p')
        and c.relname not in ('data_changes', 'schema_migrations', 'sessions', 'sign_in_attempts',
          'password_reset_tokens', 'audit_events', 'outbox_messages', 'jobs', 'rate_limit_hits')
        and not exists (select 1 from pg_trigger t where t.tgrelid = c.oid and t.tgname = 'data_changes_track')`.execute(
      app.db,
    );
    assert.deepEqual(
      missing.rows.map((row) => row.relname),
      [],
    );
  });
});

describe('logging', () => {
  test('one line per request at info, with its method, path, status and time', async () => {
    const { config, database } = await testWorld();
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    const app = await buildApp(
      { ...config, logLevel: 'info' },
      {
        database,
        logStream: stream as unknown as NodeJS.WritableStream & { write(text: string): boolean },
        startJobs: false,
      },
    );
    opened.push(app);
    const response = await app.inject({ method: 'GET', url: '/healthz?secret=x' });
    const id = String(response.headers['x-request-id']);
    const mine = lines.filter((line) => line.includes(id));
    assert.equal(mine.length, 1, mine.join('\n'));
    const logged = JSON.parse(mine[0] as string) as {
      req: { method: string; url: string };
      res: { statusCode: number };
    };
    assert.equal(logged.req.method, 'GET');
    assert.equal(logged.req.url, '/healthz', 'no query string');
    assert.equal(logged.res.statusCode, 200);
  });
});
