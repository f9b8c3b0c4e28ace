/**
 * Test databases made by copying ONE migrated template instead of migrating each one:
 * - PGlite: migrate in memory once, dump the data directory to a file; every test process
 *   opens its own PGlite from that file (TEST_PGLITE_TEMPLATE).
 * - PostgreSQL: migrate a template database once, then `CREATE DATABASE … TEMPLATE …` per
 *   test process, and drop them all afterwards.
 *
 * Run by scripts/test.mjs:
 *   node --import tsx test/helpers/test-databases.ts pglite <file>
 *   node --import tsx test/helpers/test-databases.ts postgres <url> <template> <copy>...
 *   node --import tsx test/helpers/test-databases.ts drop <url> <name>...
 */
import { writeFile } from 'node:fs/promises';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../../src/platform/db/database.ts';
import { migrate } from '../../src/platform/db/migrate.ts';
import { PGlitePool } from '../../src/platform/db/pglite-pool.ts';
import type { Database } from '../../src/platform/db/schema.ts';

/**
 * Migrates a fresh in-memory PGlite and writes its data directory (a tar file) to `file`. It
 * loads the same extensions as `openDatabase`; a missing one fails the template's migration.
 */
export async function writePgliteTemplate(file: string): Promise<void> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { cube } = await import('@electric-sql/pglite/contrib/cube');
  const { earthdistance } = await import('@electric-sql/pglite/contrib/earthdistance');
  const pglite = await PGlite.create({ dataDir: 'memory://', extensions: { pg_trgm, cube, earthdistance } });
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: new PGlitePool(pglite) as unknown as pg.Pool }),
  });
  try {
    await migrate(db);
    const dump = await pglite.dumpDataDir('none');
    await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  } finally {
    await db.destroy();
  }
}

/** The same server address as `url`, naming database `name`. */
export function databaseUrl(url: string, name: string): string {
  const address = new URL(url);
  address.pathname = `/${name}`;
  return address.toString();
}

/** Runs `work` with one connection to the server behind `url` (its own database). */
async function withServer(url: string, work: (client: pg.Client) => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

/** Quotes a database name for SQL. */
function identifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Creates `template` on the server behind `url`, migrates it, then creates each copy from it. */
export async function createPostgresCopies(url: string, template: string, copies: string[]): Promise<void> {
  await withServer(url, async (client) => {
    await client.query(`drop database if exists ${identifier(template)} with (force)`);
    await client.query(`create database ${identifier(template)}`);
  });
  const handle = await openDatabase({ url: databaseUrl(url, template), dataDir: 'memory://', poolSize: 1 });
  try {
    await migrate(handle.db);
  } finally {
    await handle.close();
  }
  await withServer(url, async (client) => {
    for (const copy of copies) {
      await client.query(`drop database if exists ${identifier(copy)} with (force)`);
      await client.query(`create database ${identifier(copy)} template ${identifier(template)}`);
    }
  });
}

/** Drops the named databases on the server behind `url`, if they exist. */
export async function dropPostgresDatabases(url: string, names: string[]): Promise<void> {
  await withServer(url, async (client) => {
    for (const name of names) {
      await client.query(`drop database if exists ${identifier(name)} with (force)`);
    }
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [command, first = '', ...rest] = process.argv.slice(2);
  if (command === 'pglite') {
    await writePgliteTemplate(first);
  } else if (command === 'postgres') {
    const [template = '', ...copies] = rest;
    await createPostgresCopies(first, template, copies);
  } else if (command === 'drop') {
    await dropPostgresDatabases(first, rest);
  } else {
    throw new Error(`Unknown command ${command ?? ''}: use pglite, postgres or drop`);
  }
}
