import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { buildDirectoryService } from '../../../../test/helpers/directory-factories.ts';
import { buildPractice } from '../../../../test/helpers/factories.ts';
import { MOCKS_DIR, forgetValidatorMocks } from '../../../../test/helpers/feed-server.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { exportOrukCommand, importOrukCommand } from './oruk-commands.service.ts';

/** Runs a CLI command with its output captured rather than printed. */
async function captured(run: () => Promise<number>): Promise<{ code: number; out: string; err: string }> {
  const original = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
  let out = '';
  let err = '';
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    err += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    return { code: await run(), out, err };
  } finally {
    process.stdout.write = original.out;
    process.stderr.write = original.err;
  }
}

describe('CLI: import-oruk and export-oruk', () => {
  test('exit codes: 2 for a usage mistake, 1 when nothing could be imported, 0 when some were', async () => {
    const { app } = await testWorld();
    await forgetValidatorMocks(app.db);
    const practiceId = await buildPractice(app.db);
    const ods =
      (
        await app.db
          .selectFrom('organisations')
          .select('ods_code')
          .where('id', '=', practiceId)
          .executeTakeFirstOrThrow()
      ).ods_code ?? '';
    assert.equal(
      (await captured(() => importOrukCommand(app.db, path.join(MOCKS_DIR, 'V3.0-UK-Default'), undefined, undefined)))
        .code,
      2,
    );
    assert.equal(
      (await captured(() => importOrukCommand(app.db, path.join(MOCKS_DIR, 'V3.0-UK-Default'), 'NOPE99', undefined)))
        .code,
      2,
    );
    const failed = await captured(() =>
      importOrukCommand(app.db, path.join(MOCKS_DIR, 'V3.0-UK-Fail'), ods, undefined),
    );
    assert.equal(failed.code, 1);
    assert.match(
      failed.err,
      /failed: service_list\.json item \d \([0-9a-f-]+\): does not match the ORUK service schema/,
    );
    const unreadable = await captured(() => importOrukCommand(app.db, '/nonexistent', ods, undefined));
    assert.equal(unreadable.code, 1);
    assert.match(unreadable.err, /Could not read/);
    const imported = await captured(() =>
      importOrukCommand(app.db, path.join(MOCKS_DIR, 'V3.0-UK-Default'), ods.toLowerCase(), '20'),
    );
    assert.equal(imported.code, 0, imported.err);
    assert.match(imported.err, /^service_full\.json: 1 service \(1 new/m);
    assert.match(
      imported.out,
      /Read 1 service record\(s\) for .*: 1 new, 0 updated, 0 unchanged, 0 failed, 3 warning\(s\)\./,
      'a latitude, and the term and provider parents the mock names but never gives',
    );
    const audit = await app.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'directory.imported')
      .where('organisation_id', '=', practiceId)
      .execute();
    assert.equal(audit.length, 3);
  });

  test('export-oruk writes the published directory, or everything with --all, as JSON or ndjson', async () => {
    const { app } = await testWorld();
    const practiceId = await buildPractice(app.db);
    const draft = await buildDirectoryService(app.db, practiceId, { published: false });
    const folder = await mkdtemp(path.join(tmpdir(), 'oruk-cli-'));
    const ndjson = path.join(folder, 'all.ndjson');
    const result = await captured(() => exportOrukCommand(app.db, ndjson, undefined, true));
    assert.equal(result.code, 0);
    assert.match(result.err, /as ndjson/);
    assert.ok((await readFile(ndjson, 'utf8')).includes(draft.id));
    const json = path.join(folder, 'public.json');
    assert.equal((await captured(() => exportOrukCommand(app.db, json, 'json', false))).code, 0);
    const page = JSON.parse(await readFile(json, 'utf8')) as { total_items: number; contents: { id: string }[] };
    assert.equal(page.contents.length, page.total_items);
    assert.equal(
      page.contents.some((service) => service.id === draft.id),
      false,
    );
    assert.equal((await captured(() => exportOrukCommand(app.db, json, 'xml', false))).code, 2);
  });
});
