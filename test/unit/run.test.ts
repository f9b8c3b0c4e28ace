/**
 * Runs every unit test file under src (each `*.test.ts` that is not `*.int.test.ts`) in ONE process: starting
 * a process per file cost most of the unit suite's time. TEST_ONLY keeps only the files whose
 * path contains that text.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const files = readdirSync(path.join(root, 'src'), { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.test.ts') && !file.endsWith('.int.test.ts'))
  .map((file) => path.join(root, 'src', file))
  .filter((file) => !process.env.TEST_ONLY || file.includes(process.env.TEST_ONLY))
  .sort();

for (const file of files) {
  await import(file);
}
