/**
 * Runs `*.int.test.ts` files in one process, so they share one migrated database (PGlite takes
 * seconds to open). scripts/test.mjs starts several of these (shards), naming each one's files in
 * TEST_FILES (one path a line); without it, every file runs (TEST_ONLY keeps those whose path
 * contains that text). Each test builds its own organisations and people.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { after } from 'node:test';
import { fileURLToPath } from 'node:url';
import { closeTestWorld } from '../helpers/test-app.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Every integration test file, absolute, in name order. */
function allFiles(): string[] {
  return [
    ...readdirSync(path.join(root, 'src'), { recursive: true, encoding: 'utf8' }).map((file) =>
      path.join(root, 'src', file),
    ),
    ...readdirSync(path.join(root, 'test/integration')).map((file) => path.join(root, 'test/integration', file)),
  ]
    .filter((file) => file.endsWith('.int.test.ts'))
    .filter((file) => !process.env.TEST_ONLY || file.includes(process.env.TEST_ONLY))
    .sort();
}

const files = process.env.TEST_FILES
  ? process.env.TEST_FILES.split('\n')
      .filter((file) => file !== '')
      .map((file) => path.resolve(root, file))
  : allFiles();

for (const file of files) {
  await import(file);
}

after(async () => {
  await closeTestWorld();
});
