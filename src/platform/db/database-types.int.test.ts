import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { testWorld } from '../../../test/helpers/test-app.ts';
import { DATABASE_TYPES_FILE, generateDatabaseTypes } from './types-codegen.ts';

test('the committed table types match the migrated database (else run npm run db:types)', async () => {
  const world = await testWorld();
  const generated = await generateDatabaseTypes(world.database.db);
  const committed = await readFile(DATABASE_TYPES_FILE, 'utf8');
  if (generated !== committed) {
    const generatedLines = generated.split('\n');
    const committedLines = committed.split('\n');
    const first = generatedLines.findIndex((line, index) => line !== committedLines[index]);
    assert.fail(
      `src/platform/db/database.types.ts differs from the migrations at line ${first + 1}: run npm run db:types\n` +
        `  committed: ${committedLines[first] ?? '(end of file)'}\n  generated: ${generatedLines[first] ?? '(end of file)'}`,
    );
  }
});
