import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';

/**
 * Counts one hit against `key` in a fixed window kept in the database, so every app
 * process shares the count. Returns true when the key is over `limit` in this window.
 */
export async function hitRateLimit(
  db: Kysely<Database>,
  key: string,
  limit: number,
  windowSeconds: number,
): Promise<boolean> {
  const result = await sql<{ hits: number }>`
    insert into rate_limit_hits (key, window_start, hits)
    values (${key}, to_timestamp(floor(extract(epoch from now()) / ${windowSeconds}) * ${windowSeconds}), 1)
    on conflict (key, window_start) do update set hits = rate_limit_hits.hits + 1
    returning hits`.execute(db);
  return (result.rows[0]?.hits ?? 0) > limit;
}

/** Removes windows older than a day; run by the nightly sweep. */
export async function sweepRateLimits(db: Kysely<Database>): Promise<void> {
  await db.deleteFrom('rate_limit_hits').where('window_start', '<', sql<Date>`now() - interval '1 day'`).execute();
}
