import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../app.ts';
import { newId } from '../lib/ids.ts';
import { loadTestConfig, testWorld } from '../../test/helpers/test-app.ts';
import { uniqueEmail } from '../../test/helpers/factories.ts';
import { withTransaction } from './db/transaction.ts';

/** An app on the shared database whose log lines (at info level) are kept for reading. */
async function appWithCapturedLogs(): Promise<{ app: FastifyInstance; lines: string[] }> {
  const world = await testWorld();
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const app = await buildApp(loadTestConfig({ LOG_LEVEL: 'info' }), {
    database: world.database,
    emailTransport: world.email,
    logStream: stream,
    startJobs: false,
  });
  // Routes that break a database constraint with a person's details in the row, as a bug would.
  app.get<{ Querystring: { email: string } }>('/test-only/not-null', async (request) => {
    await app.db
      .insertInto('users')
      .values({ id: newId(), email: request.query.email, display_name: null as unknown as string })
      .execute();
    return {};
  });
  app.get<{ Querystring: { email: string } }>('/test-only/check', async (request) => {
    await withTransaction(app.db, async (tx) => {
      await sql`create temporary table test_contacts (name text, email text check (email not like '%@%')) on commit drop`.execute(
        tx,
      );
      await sql`insert into test_contacts (name, email) values (${'Joan Walker'}, ${request.query.email})`.execute(tx);
    });
    return {};
  });
  await app.ready();
  return { app, lines };
}

describe('logging: database faults on a 500', () => {
  let captured: { app: FastifyInstance; lines: string[] } | null = null;
  after(async () => {
    await captured?.app.close();
  });

  for (const [route, code] of [
    ['/test-only/not-null', '23502'],
    ['/test-only/check', '23514'],
  ] as const) {
    test(`a ${code} error from the database is logged with its code and table, but not the failing row's email`, async () => {
      captured ??= await appWithCapturedLogs();
      const { app, lines } = captured;
      const email = uniqueEmail('failing.row');
      const response = await app.inject({ method: 'GET', url: `${route}?email=${encodeURIComponent(email)}` });
      assert.equal(response.statusCode, 500);
      assert.ok(!response.body.includes(email), 'nothing of the row on the page');

      const line = lines.find(
        (text) => text.includes('"request failed"') && text.includes(String(response.headers['x-request-id'])),
      );
      assert.ok(line, `no error line for the request in:\n${lines.join('')}`);
      const logged = JSON.parse(line) as { err: Record<string, unknown> };
      assert.equal(logged.err.code, code, 'the code that finds the fault is there');
      assert.ok(!line.includes(email), `the failing row reached the log: ${line}`);
      assert.ok(!line.includes('Joan Walker'), `a name reached the log: ${line}`);
      assert.equal(logged.err.detail, undefined);
    });
  }

  test('the database really does put the failing row in the error, which is why it must not be logged', async () => {
    const { app } = await testWorld();
    const email = uniqueEmail('failing.row');
    const error = await app.db
      .insertInto('users')
      .values({ id: newId(), email, display_name: null as unknown as string })
      .execute()
      .then(
        () => null,
        (caught: unknown) => caught as { code?: string; detail?: string },
      );
    assert.equal(error?.code, '23502');
    assert.ok(error?.detail?.includes(email), `detail: ${error?.detail}`);
  });
});
