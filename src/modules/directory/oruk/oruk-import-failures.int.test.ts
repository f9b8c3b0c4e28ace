import assert from 'node:assert/strict';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import { buildDirectoryService, sampleServiceRecord } from '../../../../test/helpers/directory-factories.ts';
import { buildPractice } from '../../../../test/helpers/factories.ts';
import { startFeedServer } from '../../../../test/helpers/feed-server.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import type { Database } from '../../../platform/db/schema.ts';
import { importOruk } from './oruk-import.service.ts';
import { presentPage, presentService } from './oruk.presenter.ts';
import type { ServiceRecord } from '../shared/services.schemas.ts';

const PER_PAGE = 2;

/**
 * A feed of full records over real HTTP that dies (stops listening, drops its connections)
 * when asked for page `diesAt`; undefined for a feed that stays up.
 */
async function startFeed(
  records: readonly ServiceRecord[],
  diesAt?: number,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://feed.test');
    const page = Number(url.searchParams.get('page') ?? '1');
    if (page === diesAt) {
      request.socket.destroy();
      server.close();
      server.closeAllConnections();
      return;
    }
    const items = records.slice((page - 1) * PER_PAGE, page * PER_PAGE).map((record) => presentService(record));
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(presentPage(items, records.length, page, PER_PAGE)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/oruk`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())).catch(() => undefined),
  };
}

/** How many rows of the feed's services, their locations and their schedules the directory holds. */
async function stored(db: Kysely<Database>, records: readonly ServiceRecord[]) {
  const ids = records.map((record) => record.id);
  const count = async (rows: Promise<unknown[]>) => (await rows).length;
  return {
    services: await count(db.selectFrom('dir_services').select('id').where('id', 'in', ids).execute()),
    locations: await count(
      db
        .selectFrom('dir_locations')
        .select('id')
        .where(
          'id',
          'in',
          records.flatMap((record) => record.serviceAtLocations.map((sal) => sal.location.id)),
        )
        .execute(),
    ),
    schedules: await count(db.selectFrom('dir_schedules').select('id').where('service_id', 'in', ids).execute()),
    created: await count(db.selectFrom('dir_service_history').select('id').where('service_id', 'in', ids).execute()),
  };
}

describe('ORUK import that fails part-way', () => {
  test('the feed dies after page 2: pages 1 and 2 are kept, the stop is reported, and a re-run adds the rest without duplicates', async () => {
    const { app } = await testWorld();
    const practice = await buildPractice(app.db);
    const records = Array.from({ length: 6 }, () => sampleServiceRecord());
    // Page 2's second record fails on its last rows: its cost option's id is another service's.
    const other = await buildDirectoryService(app.db, practice);
    const clash = records[3] as ServiceRecord;
    records[3] = {
      ...clash,
      costOptions: [
        { ...(clash.costOptions[0] as ServiceRecord['costOptions'][number]), id: other.costOptions[0]?.id as string },
      ],
    };

    const dying = await startFeed(records, 3);
    const progress: string[] = [];
    const first = await importOruk(app.db, dying.url, {
      ownerOrganisationId: practice,
      perPage: PER_PAGE,
      progress: (line) => progress.push(line),
    });
    await dying.close();
    assert.equal(first.sourceError, null, 'something was read, so the source was not unreadable');
    assert.deepEqual(
      progress.map((line) => line.split(':')[0]),
      ['Page 1 of 3', 'Page 2 of 3'],
    );
    assert.equal(first.created, 3);
    assert.deepEqual(
      first.failed.map((failure) => failure.id),
      [records[3]?.id ?? '', null],
    );
    assert.match(first.failed[0]?.reason ?? '', /already used by a different record/);
    assert.match(first.failed[1]?.reason ?? '', /the import stopped early: could not reach .*page=3/);
    // Nothing half-written: the failed record left no service, location or schedule behind.
    const failed = records[3] as ServiceRecord;
    assert.deepEqual(await stored(app.db, [failed]), { services: 0, locations: 0, schedules: 0, created: 0 });
    assert.deepEqual(await stored(app.db, records.slice(4)), { services: 0, locations: 0, schedules: 0, created: 0 });

    // The feed is fixed and back: the re-run adds only what is missing.
    records[3] = { ...failed, costOptions: [] };
    const revived = await startFeed(records);
    try {
      const again = await importOruk(app.db, revived.url, { ownerOrganisationId: practice, perPage: PER_PAGE });
      assert.deepEqual(
        { created: again.created, updated: again.updated, unchanged: again.unchanged, failed: again.failed },
        { created: 3, updated: 0, unchanged: 3, failed: [] },
      );
      const schedules = records.reduce(
        (total, record) =>
          total +
          record.schedules.length +
          record.serviceAtLocations.reduce((sum, sal) => sum + sal.schedules.length, 0),
        0,
      );
      assert.deepEqual(await stored(app.db, records), { services: 6, locations: 6, schedules, created: 6 });
      const third = await importOruk(app.db, revived.url, { ownerOrganisationId: practice, perPage: PER_PAGE });
      assert.deepEqual({ created: third.created, unchanged: third.unchanged }, { created: 0, unchanged: 6 });
      assert.deepEqual(await stored(app.db, records), { services: 6, locations: 6, schedules, created: 6 });
    } finally {
      await revived.close();
    }
  });

  test('a feed whose first page is not an ORUK page is reported as unreadable and nothing is imported', async () => {
    const { app } = await testWorld();
    const practice = await buildPractice(app.db);
    const answers = [
      { status: 200, body: '<!doctype html><title>Our services</title>' },
      { status: 200, body: { message: 'Welcome to our API', services: [] } },
      { status: 404, body: { code: 'not_found' } },
    ];
    for (const answer of answers) {
      const server = await startFeedServer(() => answer);
      try {
        const summary = await importOruk(app.db, server.url, { ownerOrganisationId: practice });
        assert.match(summary.sourceError ?? '', /did not answer with an ORUK page/, JSON.stringify(answer.body));
        assert.deepEqual(
          { read: summary.read, created: summary.created, failed: summary.failed },
          { read: 0, created: 0, failed: [] },
        );
        assert.deepEqual(server.requests, ['/services?page=1&per_page=50'], 'it stops at the first page');
      } finally {
        await server.close();
      }
    }
    const owned = await app.db
      .selectFrom('dir_services')
      .select('id')
      .where('owner_organisation_id', '=', practice)
      .execute();
    assert.deepEqual(owned, []);
  });
});
