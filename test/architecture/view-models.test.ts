/**
 * Presenters for every page (docs/architecture.md): templates read view models, never database
 * rows. Rows carry the tables' snake_case column names and view models are camelCase, so a
 * template that reads `something.snake_case` is being handed a row.
 */
import { test } from 'node:test';
import { assertNone, filesUnder, lineAt, read, type Violation } from './source.ts';

const ROW_FIELD = /\b[a-zA-Z][a-zA-Z0-9]*\.([a-z][a-z0-9]*_[a-z0-9_]+)\b/g;

test('no template reads a database column (snake_case): pages pass view models from presenters', () => {
  const violations: Violation[] = [];
  for (const file of filesUnder('src').filter((name) => name.endsWith('.njk'))) {
    const text = read(file);
    for (const match of text.matchAll(ROW_FIELD)) {
      violations.push({ file, line: lineAt(text, match.index), reason: `reads the column ${match[1]}` });
    }
  }
  assertNone(violations, 'view models in templates');
});
