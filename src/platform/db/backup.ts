import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import { openDatabase } from './database.ts';
import type { Database } from './schema.ts';

/** Where PGlite keeps its files inside DATA_DIR (as `openDatabase` opens it). */
export function pgliteFolder(dataDir: string): string {
  return path.resolve(dataDir, 'pglite');
}

/** True when PGlite has files in DATA_DIR already. */
export function hasPgliteData(dataDir: string): boolean {
  const folder = pgliteFolder(dataDir);
  return existsSync(folder) && readdirSync(folder).length > 0;
}

/**
 * Writes a PGlite database (DATA_DIR) to one gzipped tar file, never over an existing file.
 * The app must be stopped first: PGlite is one process's database.
 */
export async function backupPglite(dataDir: string, file: string): Promise<{ bytes: number; tables: number }> {
  if (!hasPgliteData(dataDir)) {
    throw new Error(`There is no database in ${pgliteFolder(dataDir)} to back up`);
  }
  if (existsSync(file)) {
    throw new Error(`${file} already exists: choose a new file name for the backup`);
  }
  const handle = await openDatabase({ dataDir });
  try {
    const tables = await countTables(handle.db);
    if (!handle.dumpDataDir) {
      throw new Error('This database cannot be dumped');
    }
    const dump = Buffer.from(await (await handle.dumpDataDir()).arrayBuffer());
    await writeFile(file, dump, { flag: 'wx' });
    return { bytes: dump.length, tables };
  } finally {
    await handle.close();
  }
}

/**
 * Loads a backup made by `backupPglite` into DATA_DIR. Refuses a DATA_DIR that holds a database
 * unless `force`, and then sets the old one aside (pglite.before-restore-<time>) rather than
 * deleting it. When the backup does not open, DATA_DIR is put back as it was.
 */
export async function restorePglite(
  dataDir: string,
  file: string,
  options: { force: boolean; now?: Date },
): Promise<{ kept?: string; tables: number }> {
  if (!existsSync(file)) {
    throw new Error(`There is no backup file at ${file}`);
  }
  const backup = await readFile(file);
  // A backup is a gzipped tar of the data folder; anything else is refused before PGlite sees it.
  if (backup[0] !== 0x1f || backup[1] !== 0x8b) {
    throw new Error(`${file} is not a Thirdspace PGlite backup (not a gzipped data folder)`);
  }
  const folder = pgliteFolder(dataDir);
  let kept: string | undefined;
  if (hasPgliteData(dataDir)) {
    if (!options.force) {
      throw new Error(`${folder} already holds a database: add --force to set it aside and load the backup instead`);
    }
    kept = `${folder}.before-restore-${(options.now ?? new Date()).toISOString().replace(/[:.]/g, '-')}`;
    renameSync(folder, kept);
  }
  try {
    const handle = await openDatabase({ dataDir, loadDataDir: new Blob([backup]) });
    try {
      await sql`select count(*) from schema_migrations`.execute(handle.db);
      return { ...(kept ? { kept } : {}), tables: await countTables(handle.db) };
    } finally {
      await handle.close();
    }
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    if (kept) {
      renameSync(kept, folder);
    }
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(`${file} is not a Thirdspace PGlite backup (${why}); ${folder} is as it was`);
  }
}

async function countTables(db: Kysely<Database>): Promise<number> {
  const result = await sql<{
    count: number;
  }>`select count(*)::int as count from pg_tables where schemaname = 'public'`.execute(db);
  return Number(result.rows[0]?.count ?? 0);
}
