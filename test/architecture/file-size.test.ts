/**
 * No production TypeScript file in src/ runs past 300 lines (STYLE.md: split at capability seams).
 * Tests, fixtures and the generated table types are left out.
 */
import { test } from 'node:test';
import { assertNone, filesUnder, isTestFile, read, type Violation } from './source.ts';

const LIMIT = 300;

/** Generated, not written: its length follows the migrations. */
const GENERATED = new Set(['src/platform/db/database.types.ts']);

test(`no production .ts file in src/ is over ${LIMIT} lines`, () => {
  const violations: Violation[] = [];
  for (const file of filesUnder('src')) {
    if (!file.endsWith('.ts') || isTestFile(file) || GENERATED.has(file)) {
      continue;
    }
    const lines = read(file).replace(/\n$/, '').split('\n').length;
    if (lines > LIMIT) {
      violations.push({ file, line: LIMIT + 1, reason: `has ${lines} lines (at most ${LIMIT})` });
    }
  }
  assertNone(violations, `the ${LIMIT}-line limit`);
});
