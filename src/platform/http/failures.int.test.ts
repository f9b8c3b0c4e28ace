import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildApp } from '../../app.ts';
import { openDatabase } from '../db/database.ts';
import { testWorld } from '../../../test/helpers/test-app.ts';

describe('when the service itself fails', () => {
  test('a fault gets the NHS.UK "Sorry, there is a problem" page or a JSON internal_error, never the details', async () => {
    const { config, database } = await testWorld();
    const app = await buildApp(config, { database, logger: false, startJobs: false });
    const secret = 'relation "secret_table" does not exist at /srv/app/secret.ts:42';
    app.get('/broken-page', async () => {
      throw new Error(secret);
    });
    app.get('/api/broken', async () => {
      throw new Error(secret);
    });
    await app.ready();
    try {
      const page = await app.inject({ method: 'GET', url: '/broken-page' });
      assert.equal(page.statusCode, 500);
      assert.match(String(page.headers['content-type']), /text\/html/);
      assert.match(page.body, /Sorry, there is a problem with the service/);
      assert.ok(!page.body.includes('secret_table') && !page.body.includes('secret.ts'), 'no detail on the page');
      assert.match(
        page.body,
        new RegExp(String(page.headers['x-request-id'])),
        'the page gives the request id to quote',
      );

      const api = await app.inject({ method: 'GET', url: '/api/broken' });
      assert.equal(api.statusCode, 500);
      assert.deepEqual(api.json(), { code: 'internal_error', message: 'Sorry, there is a problem with the service' });
    } finally {
      await app.close();
    }
  });

  test('/readyz answers 503 when the database cannot be reached, so a load balancer stops sending traffic', async () => {
    const { config } = await testWorld();
    const handle = await openDatabase({ url: config.database.url, dataDir: 'memory://', poolSize: 1 });
    const app = await buildApp(config, { database: handle, logger: false, startJobs: false });
    await app.ready();
    try {
      assert.equal((await app.inject({ method: 'GET', url: '/readyz' })).statusCode, 200);
      await handle.close();
      const down = await app.inject({ method: 'GET', url: '/readyz' });
      assert.equal(down.statusCode, 503);
      assert.deepEqual(down.json(), { status: 'database unreachable' });
      assert.equal(
        (await app.inject({ method: 'GET', url: '/healthz' })).statusCode,
        200,
        'the process itself is still alive',
      );
    } finally {
      await app.close();
    }
  });
});
