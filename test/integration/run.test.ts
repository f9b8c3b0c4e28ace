/**
 * Runs every `*.int.test.ts` in one process, so the suite shares one migrated database
 * (PGlite takes seconds to open). Each test builds its own organisations and people.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { after } from 'node:test';
import { fileURLToPath } from 'node:url';
import { closeTestWorld } from '../helpers/test-app.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const files = [...readdirSync(path.join(root, 'src'), { recursive: true, encoding: 'utf8' }).map((file) => path.join(root, 'src', file)), ...readdirSync(path.join(root, 'test/integration')).map((file) => path.join(root, 'test/integration', file))]
  .filter((file) => file.endsWith('.int.test.ts'))
  .filter((file) => !process.env.TEST_ONLY || file.includes(process.env.TEST_ONLY))
  .sort();

for (const file of files) {
  await import(file);
}

after(async () => {
  await closeTestWorld();
});
