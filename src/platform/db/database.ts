import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';
import { PGlitePool } from './pglite-pool.ts';

/** The database the app talks to, whichever engine sits behind it. */
export interface DatabaseHandle {
  db: Kysely<Database>;
  engine: 'pglite' | 'postgres';
  /** Closes the pool or the embedded database. */
  close(): Promise<void>;
  /** PGlite only: the whole data directory as a gzipped tar (a backup). */
  dumpDataDir?(): Promise<Blob>;
}

/** Options for opening a database. */
export interface OpenDatabaseOptions {
  /** A PostgreSQL connection string; without one the embedded PGlite is used. */
  url?: string;
  /** Where PGlite keeps its files; `memory://` keeps nothing. */
  dataDir: string;
  poolSize?: number;
  /** PGlite only: start from this dumped data directory (tests copy one migrated template). */
  loadDataDir?: Blob;
}

const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;

/** Same value shapes from both engines: counts as numbers, dates as 'YYYY-MM-DD', money as strings. */
const sharedParsers: Record<number, (value: string) => unknown> = {
  [INT8]: (value) => Number(value),
  [NUMERIC]: (value) => value,
  [DATE]: (value) => value,
};

/** Opens PostgreSQL when a URL is given, otherwise PGlite with the search extensions loaded. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (options.url) {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      types: {
        getTypeParser: ((oid: number, format?: string) =>
          sharedParsers[oid] ?? pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
      },
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, engine: 'postgres', close: () => db.destroy() };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { cube } = await import('@electric-sql/pglite/contrib/cube');
  const { earthdistance } = await import('@electric-sql/pglite/contrib/earthdistance');
  const inMemory = options.dataDir.startsWith('memory://');
  if (!inMemory) {
    mkdirSync(options.dataDir, { recursive: true });
  }
  const pglite = await PGlite.create({
    dataDir: inMemory ? options.dataDir : path.resolve(options.dataDir, 'pglite'),
    extensions: { pg_trgm, cube, earthdistance },
    parsers: sharedParsers,
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  const pool = new PGlitePool(pglite);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: pool as unknown as pg.Pool }) });
  return {
    db,
    engine: 'pglite',
    close: () => db.destroy(),
    dumpDataDir: async () => pglite.dumpDataDir('gzip'),
  };
}

/** True when the database answers a trivial query. */
export async function isDatabaseReachable(db: Kysely<Database>): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
