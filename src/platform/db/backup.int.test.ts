import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { newId } from '../../lib/ids.ts';
import { backupPglite, restorePglite } from './backup.ts';
import { openDatabase } from './database.ts';
import { migrate } from './migrate.ts';

const skip = process.env.TEST_DATABASE_URL ? 'PGlite only: its data folder is backed up in the PGlite suite' : false;

describe('backup and restore of the embedded database (PGlite)', { skip }, () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'thirdspace-pglite-backup-'));
  after(() => rmSync(folder, { recursive: true, force: true }));

  test('a backup file restores into an empty data folder; a folder with a database is kept unless --force', async () => {
    const original = path.join(folder, 'original');
    const template = process.env.TEST_PGLITE_TEMPLATE;
    const source = await openDatabase({
      dataDir: original,
      ...(template ? { loadDataDir: new Blob([await readFile(template)]) } : {}),
    });
    const eventId = newId();
    try {
      await migrate(source.db);
      await source.db
        .insertInto('audit_events')
        .values({ id: eventId, action: 'test.backed-up', subject_type: 'test' })
        .execute();
    } finally {
      await source.close();
    }

    const file = path.join(folder, 'thirdspace.backup');
    assert.ok((await backupPglite(original, file)).tables > 50);
    await assert.rejects(backupPglite(original, file), /already exists/, 'a backup never overwrites a file');

    const restored = path.join(folder, 'restored');
    await restorePglite(restored, file, { force: false });
    await assert.rejects(restorePglite(restored, file, { force: false }), /already holds a database: add --force/);
    const forced = await restorePglite(restored, file, { force: true, now: new Date('2027-01-04T09:00:00Z') });
    assert.equal(forced.kept, path.join(restored, 'pglite.before-restore-2027-01-04T09-00-00-000Z'));

    const copy = await openDatabase({ dataDir: restored });
    try {
      const row = await copy.db
        .selectFrom('audit_events')
        .select('action')
        .where('id', '=', eventId)
        .executeTakeFirst();
      assert.equal(row?.action, 'test.backed-up', 'the restored database has the data');
    } finally {
      await copy.close();
    }

    const junk = path.join(folder, 'not-a-backup');
    writeFileSync(junk, 'this is not a backup');
    const empty = path.join(folder, 'empty');
    await assert.rejects(restorePglite(empty, junk, { force: false }), /is not a Thirdspace PGlite backup/);
    assert.equal(existsSync(path.join(empty, 'pglite')), false, 'nothing is left half made');
    await assert.rejects(restorePglite(empty, path.join(folder, 'missing'), { force: false }), /no backup file/);
  });
});
