import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.ts';

/** The folder of forward-only SQL migrations, named YYYYMMDDHHMM_verb_noun.sql. */
export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../migrations');

/** An arbitrary, fixed advisory-lock number so only one process migrates at a time. */
const MIGRATION_LOCK = 727_001;

/**
 * Applies every migration not yet applied, in name order, each in its own transaction.
 * Safe to call from several processes at once: they queue on an advisory lock.
 * Returns the names applied by this call.
 */
export async function migrate(db: Kysely<Database>, dir = MIGRATIONS_DIR): Promise<string[]> {
  const files = (await readdir(dir)).filter((name) => /^\d{12}_[a-z0-9_]+\.sql$/.test(name)).sort();
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${sql.lit(MIGRATION_LOCK)})`.execute(conn);
    try {
      // Checked before creating, so the app's own role (which may not create tables) can start
      // on a database its owner has migrated.
      const table = await sql<{ found: boolean }>`select to_regclass('schema_migrations') is not null as found`.execute(
        conn,
      );
      if (!table.rows[0]?.found) {
        await sql`create table schema_migrations (name text primary key, applied_at timestamptz not null default now())`.execute(
          conn,
        );
      }
      const done = new Set(
        (await conn.selectFrom('schema_migrations').select('name').execute()).map((row) => row.name),
      );
      const applied: string[] = [];
      for (const file of files) {
        if (done.has(file)) {
          continue;
        }
        const text = await readFile(path.join(dir, file), 'utf8');
        await conn.transaction().execute(async (tx) => {
          await sql.raw(text).execute(tx);
          await tx.insertInto('schema_migrations').values({ name: file }).execute();
        });
        applied.push(file);
      }
      return applied;
    } finally {
      await sql`select pg_advisory_unlock(${sql.lit(MIGRATION_LOCK)})`.execute(conn);
    }
  });
}

/**
 * Migrates the configured database: through MIGRATION_DATABASE_URL (the owner role) when it is
 * set, otherwise through the app's own connection (PGlite, or one role doing both).
 */
export async function migrateConfigured(
  db: Kysely<Database>,
  migrationUrl: string | undefined,
  open: (url: string) => Promise<{ db: Kysely<Database>; close(): Promise<void> }>,
  /** Work that needs the owner's rights too (for example adding triggers to new tables), after the migrations. */
  afterMigrate: (db: Kysely<Database>) => Promise<unknown> = async () => undefined,
): Promise<string[]> {
  if (!migrationUrl) {
    const applied = await migrate(db);
    await afterMigrate(db);
    return applied;
  }
  const owner = await open(migrationUrl);
  try {
    const applied = await migrate(owner.db);
    await afterMigrate(owner.db);
    return applied;
  } finally {
    await owner.close();
  }
}
