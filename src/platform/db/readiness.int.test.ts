import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { testWorld } from '../../../test/helpers/test-app.ts';
import { checkReadiness, migratedTables } from './readiness.ts';

describe('readiness: /readyz knows the migrated tables', () => {
  test('the migrations name every table the app uses, and a migrated database is ready', async () => {
    const { app } = await testWorld();
    const expected = migratedTables();
    assert.ok(
      expected.includes('dir_locations') && expected.includes('audit_events') && expected.includes('activities'),
    );
    assert.deepEqual(await checkReadiness(app.db, expected), { ready: true });
    assert.equal((await app.inject({ method: 'GET', url: '/readyz' })).statusCode, 200);
  });

  test('a database missing a migrated table (a restore that stopped half way) is not ready', async () => {
    const { app } = await testWorld();
    // Dropped inside a transaction that is always rolled back, so the shared test database keeps it.
    await assert.rejects(
      app.db.transaction().execute(async (tx) => {
        await sql`drop table dir_public_service_count`.execute(tx);
        assert.deepEqual(await checkReadiness(tx, migratedTables()), {
          ready: false,
          reason: 'missing tables: dir_public_service_count',
        });
        throw new Error('rolled back');
      }),
      /rolled back/,
    );
    assert.deepEqual(await checkReadiness(app.db, migratedTables()), { ready: true });
  });
});
