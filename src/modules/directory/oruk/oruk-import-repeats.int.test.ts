import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { buildPractice } from '../../../../test/helpers/factories.ts';
import { MOCKS_DIR, startMockFeed } from '../../../../test/helpers/feed-server.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { importOruk } from './oruk-import.service.ts';

// The ORUK validator's V3.0-UK-Test mock feed (test/fixtures/oruk-validator-mocks/V3.0-UK-Test)
// is one page whose fields disagree with its contents: total_items 31 and size 31, but 128
// items, every one with the same service id (in 88 slightly different versions). An import
// must take what is there once, not write one service 128 times, and say what was odd.

const TEST_FEED = path.join(MOCKS_DIR, 'V3.0-UK-Test');
/** The one service id every item of the mock feed has. */
const SERVICE_ID = 'ac148810-d857-441c-9679-408f346de14b';
/** Its provider, and the parent the provider names but the feed never gives. */
const ORGANIZATION_ID = 'd9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610';
const PARENT_ORGANIZATION_ID = 'cd09a387-91f4-4555-94ec-e799c35344cd';

async function forgetService(): Promise<void> {
  const { app } = await testWorld();
  // Other tests import the same published example: start from a directory without it.
  await app.db.deleteFrom('dir_services').where('id', '=', SERVICE_ID).execute();
}

async function historyOf(serviceId: string): Promise<string[]> {
  const { app } = await testWorld();
  const rows = await app.db
    .selectFrom('dir_service_history')
    .select('changes')
    .where('service_id', '=', serviceId)
    .orderBy('changed_at')
    .execute();
  return rows.map((row) => (row.changes as { outcome?: string }).outcome ?? 'other');
}

describe('ORUK import of a feed whose page fields disagree with what it holds', () => {
  test('the file: the service is imported once, the 127 repeats are skipped, and both oddities are reported', async () => {
    const { app } = await testWorld();
    await forgetService();
    const practice = await buildPractice(app.db);
    const progress: string[] = [];
    const summary = await importOruk(app.db, path.join(TEST_FEED, 'service_list.json'), {
      ownerOrganisationId: practice,
      progress: (line) => progress.push(line),
    });
    assert.deepEqual(
      {
        read: summary.read,
        created: summary.created,
        updated: summary.updated,
        duplicates: summary.duplicates,
        failed: summary.failed,
        sourceError: summary.sourceError,
      },
      { read: 128, created: 1, updated: 0, duplicates: 127, failed: [], sourceError: null },
    );
    assert.deepEqual(summary.warnings, [
      'service_list.json says total_items 31 and size 31, but holds 128 services: all 128 were read',
      `${SERVICE_ID} came 128 times: the first (service_list.json item 1) was imported and the 127 later records with this id were skipped`,
      `organization ${ORGANIZATION_ID} names parent organization ${PARENT_ORGANIZATION_ID}, ` +
        'which is neither in this feed nor in this directory, so it was kept without a parent',
    ]);
    assert.deepEqual(progress, [
      'service_list.json: 128 services (1 new, 0 updated, 0 unchanged, 0 failed, 127 repeated)',
    ]);
    const stored = await app.db
      .selectFrom('dir_services')
      .select(['name', 'owner_organisation_id'])
      .where('id', '=', SERVICE_ID)
      .execute();
    assert.deepEqual(stored, [{ name: 'Community Counselling', owner_organisation_id: practice }]);
    assert.deepEqual(await historyOf(SERVICE_ID), ['created'], 'written once, not 128 times');

    const again = await importOruk(app.db, path.join(TEST_FEED, 'service_list.json'), {
      ownerOrganisationId: practice,
    });
    assert.deepEqual(
      { unchanged: again.unchanged, duplicates: again.duplicates, failed: again.failed },
      { unchanged: 1, duplicates: 127, failed: [] },
    );
    assert.deepEqual(await historyOf(SERVICE_ID), ['created'], 'a re-run writes nothing');
  });

  test('the same feed over HTTP: one page read, the full record fetched once, the same report', async () => {
    const { app } = await testWorld();
    await forgetService();
    const practice = await buildPractice(app.db);
    const feed = await startMockFeed('V3.0-UK-Test');
    try {
      const summary = await importOruk(app.db, feed.url, { ownerOrganisationId: practice });
      assert.deepEqual(
        { read: summary.read, created: summary.created, duplicates: summary.duplicates, failed: summary.failed },
        { read: 128, created: 1, duplicates: 127, failed: [] },
      );
      assert.ok(
        summary.warnings.includes(
          '/services?page=1 says total_items 31 and size 31, but holds 128 services: all 128 were read',
        ),
        summary.warnings.join('\n'),
      );
      assert.ok(
        summary.warnings.some((warning) =>
          warning.startsWith(
            `${SERVICE_ID} came 128 times: the first (page 1 item 1, /services/${SERVICE_ID}) was imported`,
          ),
        ),
        summary.warnings.join('\n'),
      );
      assert.deepEqual(
        feed.requests.map((request) => request.split('?')[0]),
        ['/services', `/services/${SERVICE_ID}`],
        'the page is the last (last_page), and the repeated item is fetched once',
      );
    } finally {
      await feed.close();
    }
    assert.deepEqual(await historyOf(SERVICE_ID), ['created']);
  });
});
