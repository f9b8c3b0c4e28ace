import { sql } from 'kysely';
import type { Executor } from '../../../platform/db/transaction.ts';

/** A postcode or district centre. */
export interface PostcodeRow {
  latitude: number;
  longitude: number;
}

/** A full postcode's centre, when the ONS directory has been imported. */
export function findUnitPoint(db: Executor, postcode: string): Promise<PostcodeRow | undefined> {
  return db
    .selectFrom('postcode_units')
    .select(['latitude', 'longitude'])
    .where('postcode', '=', postcode)
    .executeTakeFirst();
}

/** A postcode district's centre. */
export function findOutcodePoint(db: Executor, outcode: string): Promise<PostcodeRow | undefined> {
  return db
    .selectFrom('postcode_outcodes')
    .select(['latitude', 'longitude'])
    .where('outcode', '=', outcode)
    .executeTakeFirst();
}

/** Whether any district centres are loaded. */
export async function hasOutcodes(db: Executor): Promise<boolean> {
  return (await db.selectFrom('postcode_outcodes').select('outcode').limit(1).executeTakeFirst()) !== undefined;
}

/** Adds district centres, keeping any already there. */
export async function insertOutcodes(
  db: Executor,
  rows: readonly { outcode: string; latitude: number; longitude: number }[],
): Promise<void> {
  await sql`
    insert into postcode_outcodes (outcode, latitude, longitude)
    select * from unnest(${rows.map((row) => row.outcode)}::text[], ${rows.map((row) => row.latitude)}::float8[], ${rows.map((row) => row.longitude)}::float8[])
    on conflict (outcode) do nothing`.execute(db);
}

/** Adds or updates full postcodes' centres. */
export async function upsertUnits(
  db: Executor,
  rows: readonly { postcode: string; latitude: number; longitude: number }[],
): Promise<void> {
  await sql`
    insert into postcode_units (postcode, latitude, longitude)
    select * from unnest(${rows.map((row) => row.postcode)}::text[], ${rows.map((row) => row.latitude)}::float8[], ${rows.map((row) => row.longitude)}::float8[])
    on conflict (postcode) do update set latitude = excluded.latitude, longitude = excluded.longitude`.execute(db);
}
