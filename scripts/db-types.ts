// npm run db:types: migrates a scratch database with the app's own migration runner and writes
// src/platform/db/database.types.ts. PGlite in memory by default; `-- --url postgres://...` uses
// that (scratch) PostgreSQL database instead. `-- --check` only compares and fails on a difference.
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { DATABASE_TYPES_FILE, generateDatabaseTypes } from '../src/platform/db/types-codegen.ts';

const { values } = parseArgs({ options: { url: { type: 'string' }, check: { type: 'boolean', default: false } } });
let exitCode = 0;
const handle = await openDatabase({ url: values.url, dataDir: 'memory://', poolSize: 2 });
try {
  await migrate(handle.db);
  const generated = await generateDatabaseTypes(handle.db);
  const committed = await readFile(DATABASE_TYPES_FILE, 'utf8').catch(() => '');
  if (values.check) {
    if (generated !== committed) {
      process.stderr.write('src/platform/db/database.types.ts differs from the migrations: run npm run db:types\n');
      exitCode = 1;
    }
  } else if (generated !== committed) {
    await writeFile(DATABASE_TYPES_FILE, generated);
    process.stdout.write('Wrote src/platform/db/database.types.ts\n');
  } else {
    process.stdout.write('src/platform/db/database.types.ts is up to date\n');
  }
} finally {
  await handle.close();
}
// PGlite's shutdown can reset process.exitCode, so exit explicitly.
process.exit(exitCode);
