import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { buildService } from '../../../../test/helpers/directory.ts';
import { buildPractice } from '../../../../test/helpers/factories.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { runSearch } from '../search/directory-search.service.ts';
import { importPostcodesCommand, loadOutcodesIfEmpty, locatePostcode } from './postcodes.service.ts';

// Made-up postcodes in the real LS28 and BD10 districts (ZZ-style incodes nobody uses), so a
// shared test database never collides with a real import.
const ONSPD = [
  '"pcd","pcd2","pcds","dointr","doterm","oscty","lat","long"',
  '"LS287ZZ","LS28 7ZZ","LS28 7ZZ","198001","","E11000006",53.812000,-1.665000',
  '"BD108ZZ","BD10 8ZZ","BD10 8ZZ","198001","","E11000006",53.830000,-1.730000',
  '"LS287ZY","LS28 7ZY","LS28 7ZY","198001","200012","E11000006",53.800000,-1.660000',
  '"LS287ZX","LS28 7ZX","LS28 7ZX","198001","","E11000006",99.999999,0.000000',
].join('\n');

describe('postcodes: shipped districts and the ONS Postcode Directory import', () => {
  test('the outcode table is loaded at start, once', async () => {
    const { app } = await testWorld();
    const count = await app.db
      .selectFrom('postcode_outcodes')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    assert.ok(Number(count.count) >= 2900);
    assert.equal(await loadOutcodesIfEmpty(app.db), 0, 'nothing loaded twice');
    const ls28 = await locatePostcode(app.db, 'ls28');
    assert.equal(ls28?.precision, 'district');
    assert.ok(ls28 && Math.abs(ls28.latitude - 53.8) < 0.1);
    assert.equal(await locatePostcode(app.db, 'ZZ99'), null);
    assert.equal(await locatePostcode(app.db, 'not a postcode'), null);
  });

  test('import-postcodes reads an ONSPD file, skips terminated and unplaced postcodes, and full postcodes then beat districts', async () => {
    const { app } = await testWorld();
    const folder = mkdtempSync(path.join(tmpdir(), 'onspd-'));
    const file = path.join(folder, 'ONSPD_TEST.csv');
    writeFileSync(file, ONSPD);
    const output: string[] = [];
    try {
      assert.equal(await importPostcodesCommand(app.db, file, (text) => output.push(text)), 0);
      assert.equal(
        await importPostcodesCommand(app.db, file, () => undefined),
        0,
        'a second import updates, not duplicates',
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
    assert.match(output.join(''), /Imported 2 postcodes; skipped 2/);
    const unit = await locatePostcode(app.db, 'ls287zz');
    assert.deepEqual(unit, { latitude: 53.812, longitude: -1.665, precision: 'postcode', label: 'LS28 7ZZ' });
    assert.equal(
      (await locatePostcode(app.db, 'LS28 7ZY'))?.precision,
      'district',
      'terminated postcodes are not imported',
    );

    const practice = await buildPractice(app.db);
    await buildService(app.db, { ownerId: practice, name: 'Right by the postcode', postcode: 'LS28 7ZZ' });
    const outcome = await runSearch(
      app.db,
      { kind: 'public', ownerIds: [practice] },
      { near: 'LS28 7ZZ', within: 1, free: false, page: 1, access: undefined },
    );
    assert.equal(outcome.place?.precision, 'postcode');
    assert.equal(outcome.results[0]?.distance, 'less than 0.1 miles');
  });

  test('import-postcodes refuses a file that is not the ONSPD, and needs a file', async () => {
    const { app } = await testWorld();
    const folder = mkdtempSync(path.join(tmpdir(), 'onspd-'));
    const file = path.join(folder, 'other.csv');
    writeFileSync(file, 'name,town\nA,B\n');
    try {
      await assert.rejects(
        importPostcodesCommand(app.db, file, () => undefined),
        /Not an ONS Postcode Directory file/,
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
    const stderr = process.stderr.write;
    process.stderr.write = () => true;
    try {
      assert.equal(await importPostcodesCommand(app.db, undefined), 2);
    } finally {
      process.stderr.write = stderr;
    }
  });
});
