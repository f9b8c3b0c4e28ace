import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';

/**
 * The current data version: it grows whenever a transaction that changed a content table has
 * committed, in any process (migration 202612071400_track_data_changes). One sum over a table kept
 * small by {@link foldDataChanges}.
 */
export async function readDataVersion(db: Kysely<Database>): Promise<number> {
  const result = await sql<{ version: string | number }>`
    select coalesce(sum(weight), 0) as version from data_changes`.execute(db);
  return Number(result.rows[0]?.version ?? 0);
}

/**
 * Folds every change row but the newest into one row of the same total weight, in one
 * transaction, so the version stays the same and the sum stays cheap. Safe in several
 * processes at once: each deletes only rows still there and adds back exactly their weight.
 */
export async function foldDataChanges(db: Kysely<Database>): Promise<void> {
  await sql`
    with gone as (delete from data_changes where id < (select max(id) from data_changes) returning weight)
    insert into data_changes (weight) select sum(weight) from gone having count(*) > 0`.execute(db);
}

/** Adds the change trigger to any content table a later migration made without it (none, usually). */
export async function trackDataChanges(db: Kysely<Database>): Promise<number> {
  const result = await sql<{ added: number }>`select data_changes_track_all() as added`.execute(db);
  return Number(result.rows[0]?.added ?? 0);
}
