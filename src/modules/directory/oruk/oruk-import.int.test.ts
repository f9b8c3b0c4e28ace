import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import { buildDirectoryService, sampleServiceRecord } from '../../../../test/helpers/directory-factories.ts';
import { buildPractice } from '../../../../test/helpers/factories.ts';
import { MOCKS_DIR, forgetValidatorMocks, startFeedServer } from '../../../../test/helpers/feed-server.ts';
import { orukErrors } from '../../../../test/helpers/oruk-validator.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import type { Database } from '../../../platform/db/schema.ts';
import { exportOruk, importOruk } from './oruk-import.service.ts';
import { presentPage, presentService, presentServiceSummary } from './oruk.presenter.ts';
import { PUBLIC, findService } from '../shared/services.repo.ts';
import { scopeOf } from '../../../../test/helpers/scope.ts';

const MOCK_SERVICE_ID = 'ac148810-d857-441c-9679-408f346de14b';

/** The validator's mocks use fixed ids: start each test that imports them from a clean slate. */
async function forgetMockService(db: Kysely<Database>): Promise<void> {
  await forgetValidatorMocks(db);
}

async function exportToFile(db: Kysely<Database>, ownerId: string, format: 'json' | 'ndjson'): Promise<string> {
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'oruk-export-')), `directory.${format}`);
  let text = '';
  await exportOruk(
    db,
    async (chunk) => {
      text += chunk;
    },
    { format, audience: { kind: 'scope', scope: scopeOf(ownerId) } },
  );
  await writeFile(file, text);
  return file;
}

describe('ORUK import from files and folders', () => {
  test('the validator’s Default and Warn mock feeds import cleanly, and again without change', async () => {
    const { app } = await testWorld();
    await forgetMockService(app.db);
    const practiceId = await buildPractice(app.db);
    const progress: string[] = [];
    const first = await importOruk(app.db, path.join(MOCKS_DIR, 'V3.0-UK-Default'), {
      ownerOrganisationId: practiceId,
      progress: (line) => progress.push(line),
    });
    assert.deepEqual(
      { created: first.created, failed: first.failed, sourceError: first.sourceError },
      { created: 1, failed: [], sourceError: null },
    );
    assert.ok(
      first.warnings.some((warning) => /latitude 100/.test(warning)),
      first.warnings.join('\n'),
    );
    assert.deepEqual(progress, [
      'service_full.json: 1 service (1 new, 0 updated, 0 unchanged, 0 failed)',
      'service_list.json: 0 services (0 new, 0 updated, 0 unchanged, 0 failed)',
    ]);
    const imported = await findService(app.db, PUBLIC, MOCK_SERVICE_ID);
    assert.equal(imported?.name, 'Community Counselling');
    assert.equal(imported?.serviceAtLocations[0]?.location.addresses[0]?.city, 'MyCity');
    assert.equal(imported?.attributes.length, 1);
    assert.deepEqual(
      imported?.organization?.identifiers,
      [{ id: 'd4dbcebc-0802-47cb-8651-b937ac4f2f3e', scheme: 'GB-COH', type: 'Company number', identifier: '1234567' }],
      'the company number is kept',
    );
    assert.equal(imported?.attributes[0]?.term?.taxonomyName, 'taxonomy', 'the taxonomy named only in words is kept');
    assert.ok(
      first.warnings.some((warning) =>
        warning.includes('names parent organization cd09a387-91f4-4555-94ec-e799c35344cd'),
      ),
      first.warnings.join('\n'),
    );
    const again = await importOruk(app.db, path.join(MOCKS_DIR, 'V3.0-UK-Default'), {
      ownerOrganisationId: practiceId,
    });
    assert.deepEqual(
      { created: again.created, updated: again.updated, unchanged: again.unchanged },
      { created: 0, updated: 0, unchanged: 1 },
    );
    const warn = await importOruk(app.db, path.join(MOCKS_DIR, 'V3.0-UK-Warn'), { ownerOrganisationId: practiceId });
    assert.deepEqual({ unchanged: warn.unchanged, failed: warn.failed }, { unchanged: 1, failed: [] });
    const otherPractice = await buildPractice(app.db);
    const taken = await importOruk(app.db, path.join(MOCKS_DIR, 'V3.0-UK-Warn'), {
      ownerOrganisationId: otherPractice,
    });
    assert.match(taken.failed[0]?.reason ?? '', /kept by another organisation/);
  });

  test('the Fail mock feed’s records are each reported with the reason, and nothing is imported', async () => {
    const { app } = await testWorld();
    await forgetMockService(app.db);
    const practiceId = await buildPractice(app.db);
    const summary = await importOruk(app.db, path.join(MOCKS_DIR, 'V3.0-UK-Fail'), { ownerOrganisationId: practiceId });
    assert.equal(summary.created + summary.updated + summary.unchanged, 0);
    assert.equal(summary.failed.length, summary.read);
    assert.ok(summary.failed.length >= 3);
    const reasons = summary.failed.map((failure) => failure.reason).join('\n');
    assert.match(reasons, /name is required/);
    assert.match(reasons, /url must be a URI/);
    assert.match(reasons, /email must be an email address/);
    assert.equal(await findService(app.db, PUBLIC, MOCK_SERVICE_ID), undefined);
  });

  test('an ndjson export imports back unchanged; a changed line updates; a broken line is reported and the rest go on', async () => {
    const { app } = await testWorld();
    const practiceId = await buildPractice(app.db);
    const first = await buildDirectoryService(app.db, practiceId);
    const second = await buildDirectoryService(app.db, practiceId);
    const file = await exportToFile(app.db, practiceId, 'ndjson');
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    assert.equal(lines.length, 2);
    const back = await importOruk(app.db, file, { ownerOrganisationId: practiceId });
    assert.deepEqual({ unchanged: back.unchanged, failed: back.failed.length }, { unchanged: 2, failed: 0 });
    const edited = lines.map((line) =>
      line.includes(first.id) ? line.replace(first.name, `${first.name} (moved)`) : line,
    );
    await writeFile(file, `${edited[0]}\n{"id": "broken\n${edited[1]}\n`);
    const changed = await importOruk(app.db, file, { ownerOrganisationId: practiceId });
    assert.deepEqual(
      {
        updated: changed.updated,
        unchanged: changed.unchanged,
        failed: changed.failed.map((failure) => failure.reason),
      },
      { updated: 1, unchanged: 1, failed: ['not valid JSON'] },
    );
    assert.equal((await findService(app.db, PUBLIC, first.id))?.name, `${first.name} (moved)`);
    assert.equal((await findService(app.db, PUBLIC, second.id))?.name, second.name);
  });

  test('a JSON export is one valid ORUK page of full records and imports back unchanged', async () => {
    const { app } = await testWorld();
    const practiceId = await buildPractice(app.db);
    await buildDirectoryService(app.db, practiceId);
    await buildDirectoryService(app.db, practiceId, { published: false });
    const file = await exportToFile(app.db, practiceId, 'json');
    const page = JSON.parse(await readFile(file, 'utf8')) as { total_items: number; size: number; contents: unknown[] };
    assert.equal(page.total_items, 2);
    assert.equal(page.contents.length, 2);
    assert.deepEqual(orukErrors('service_list.json', page), []);
    const back = await importOruk(app.db, file, { ownerOrganisationId: practiceId });
    assert.deepEqual({ unchanged: back.unchanged, failed: back.failed }, { unchanged: 2, failed: [] });
  });

  test('a source that cannot be read is reported as such', async () => {
    const { app } = await testWorld();
    const practiceId = await buildPractice(app.db);
    const missing = await importOruk(app.db, '/nonexistent/feed.json', { ownerOrganisationId: practiceId });
    assert.match(missing.sourceError ?? '', /ENOENT/);
    const folder = await mkdtemp(path.join(tmpdir(), 'oruk-empty-'));
    await writeFile(path.join(folder, 'notes.txt'), 'nothing here');
    assert.match(
      (await importOruk(app.db, folder, { ownerOrganisationId: practiceId })).sourceError ?? '',
      /no service files/,
    );
  });
});

describe('ORUK import from a feed over HTTP', () => {
  test('reads every page, fetches full records for list items, skips what fails, and is safe to run again', async () => {
    const { app } = await testWorld();
    const practiceId = await buildPractice(app.db);
    const records = Array.from({ length: 5 }, () => sampleServiceRecord());
    const broken = records[3] ?? assert.fail('no record');
    const unfetchable = records[4] ?? assert.fail('no record');
    const server = await startFeedServer((pathAndQuery) => {
      const url = new URL(pathAndQuery, 'http://feed.test');
      if (url.pathname === '/oruk/services') {
        const pageNumber = Number(url.searchParams.get('page') ?? '1');
        const items = records.slice((pageNumber - 1) * 2, pageNumber * 2).map((record) => {
          const summary = presentServiceSummary(record);
          return record === broken ? { ...summary, email: 'not-an-email' } : summary;
        });
        return { status: 200, body: presentPage(items, records.length, pageNumber, 2) };
      }
      const id = /^\/oruk\/services\/(.+)$/.exec(url.pathname)?.[1];
      const record = records.find((item) => item.id === id);
      if (!record || record === unfetchable) {
        return { status: 404, body: { code: 'not_found', message: 'No such service' } };
      }
      return {
        status: 200,
        body: record === broken ? { ...presentService(record), email: 'not-an-email' } : presentService(record),
      };
    });
    try {
      const progress: string[] = [];
      const summary = await importOruk(app.db, `${server.url}/oruk/`, {
        ownerOrganisationId: practiceId,
        perPage: 2,
        progress: (line) => progress.push(line),
      });
      assert.equal(summary.sourceError, null);
      assert.deepEqual(
        progress.map((line) => line.split(':')[0]),
        ['Page 1 of 3', 'Page 2 of 3', 'Page 3 of 3'],
      );
      assert.equal(summary.created, 3);
      assert.deepEqual(summary.failed.map((failure) => failure.id).sort(), [broken.id, unfetchable.id].sort());
      assert.match(summary.failed.find((failure) => failure.id === unfetchable.id)?.reason ?? '', /HTTP 404/);
      const imported = await findService(app.db, PUBLIC, records[0]?.id ?? '');
      assert.equal(imported?.ownerOrganisationId, practiceId);
      assert.equal(imported?.serviceAtLocations.length, 1);
      assert.ok(server.requests.some((request) => request.startsWith('/oruk/services?page=3&per_page=2')));
      const again = await importOruk(app.db, server.url + '/oruk', { ownerOrganisationId: practiceId, perPage: 2 });
      assert.deepEqual({ created: again.created, unchanged: again.unchanged }, { created: 0, unchanged: 3 });
    } finally {
      await server.close();
    }
  });

  test('a feed that does not answer is reported, not imported', async () => {
    const { app } = await testWorld();
    const practiceId = await buildPractice(app.db);
    const server = await startFeedServer(() => ({ status: 200, body: { version: 'HSDS-UK-3.0' } }));
    const url = server.url;
    await server.close();
    const closed = await importOruk(app.db, url, { ownerOrganisationId: practiceId });
    assert.match(closed.sourceError ?? '', /could not reach/);
  });
});
