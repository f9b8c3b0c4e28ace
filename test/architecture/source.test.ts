/** The architecture tests' readers of source text, on small texts, so a broken scan cannot pass silently. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isTestFile, lineAt, moduleOf, withoutComments } from './source.ts';

test('comments are blanked out but strings, lengths and line breaks are kept', () => {
  const text = "const a = '// not a comment'; // a comment\n/* two\nlines */ const b = `/* kept */`;\n";
  const stripped = withoutComments(text);
  assert.equal(stripped.length, text.length);
  assert.equal(stripped.split('\n').length, text.split('\n').length);
  assert.ok(stripped.includes("'// not a comment'"));
  assert.ok(stripped.includes('`/* kept */`'));
  assert.ok(!stripped.includes('a comment\n'));
  assert.ok(!stripped.includes('two'));
});

test('offsets map to 1-based lines', () => {
  const text = 'one\ntwo\nthree';
  assert.equal(lineAt(text, 0), 1);
  assert.equal(lineAt(text, text.indexOf('two')), 2);
  assert.equal(lineAt(text, text.indexOf('three')), 3);
});

test('test files and modules are recognised from their paths', () => {
  assert.ok(isTestFile('src/modules/activities/rota/rota.int.test.ts'));
  assert.ok(isTestFile('src/modules/activities/rota/rota.fixtures.ts'));
  assert.ok(!isTestFile('src/modules/activities/rota/rota.repo.ts'));
  assert.equal(moduleOf('src/modules/activities/rota/rota.repo.ts'), 'activities');
  assert.equal(moduleOf('src/platform/db/schema.ts'), undefined);
});
