import { type Insertable, sql, type Transaction } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import type { ActivityRotaPlacesTable, ActivitySessionsTable } from '../modules/activities/activities.tables.ts';

// Multi-row writes of the demo's year of sessions (activities-sessions.ts): a few statements, not thousands.

const CHUNK = 500;

/** Writes rows a few hundred at a time (one statement each). */
export async function inChunks<T>(rows: readonly T[], write: (part: T[]) => Promise<unknown>): Promise<void> {
  for (let index = 0; index < rows.length; index += CHUNK) {
    await write(rows.slice(index, index + CHUNK));
  }
}

/** One column of rows, as an array for unnest. */
const column = <T, V>(rows: readonly T[], pick: (row: T) => V) => rows.map(pick);
/** A timestamp as text for a timestamptz[] array. */
const stamp = (value: Date | string | null | undefined) =>
  value instanceof Date ? value.toISOString() : (value ?? null);

/** Inserts sessions with one array per column (unnest), far quicker than thousands of parameters. */
export async function insertSessions(
  tx: Transaction<Database>,
  rows: readonly Insertable<ActivitySessionsTable>[],
): Promise<void> {
  if (rows.length === 0) {
    return;
  }
  await sql`
    insert into activity_sessions (id, activity_id, organisation_id, schedule_id, starts_at, ends_at,
    local_date, venue_name, status, cancel_reason, head_count, new_attendees,
      referred_self, referred_reception, referred_gp, referred_link_worker, people_supported, incident_flagged,
      incident_routed_at, recorded_by, recorded_at)
    select * from unnest(
      ${column(rows, (row) => row.id)}::uuid[],
      ${column(rows, (row) => row.activity_id)}::uuid[],
      ${column(rows, (row) => row.organisation_id)}::uuid[],
      ${column(rows, (row) => row.schedule_id ?? null)}::uuid[],
      ${column(rows, (row) => stamp(row.starts_at))}::timestamptz[],
      ${column(rows, (row) => stamp(row.ends_at))}::timestamptz[],
      ${column(rows, (row) => String(row.local_date))}::date[],
      ${column(rows, (row) => row.venue_name ?? '')}::text[],
      ${column(rows, (row) => row.status ?? 'scheduled')}::text[],
      ${column(rows, (row) => row.cancel_reason ?? '')}::text[],
      ${column(rows, (row) => row.head_count ?? null)}::int[],
      ${column(rows, (row) => row.new_attendees ?? null)}::int[],
      ${column(rows, (row) => row.referred_self ?? 0)}::int[],
      ${column(rows, (row) => row.referred_reception ?? 0)}::int[],
      ${column(rows, (row) => row.referred_gp ?? 0)}::int[],
      ${column(rows, (row) => row.referred_link_worker ?? 0)}::int[],
      ${column(rows, (row) => row.people_supported ?? null)}::int[],
      ${column(rows, (row) => row.incident_flagged ?? false)}::boolean[],
      ${column(rows, (row) => stamp(row.incident_routed_at))}::timestamptz[],
      ${column(rows, (row) => row.recorded_by ?? null)}::uuid[],
      ${column(rows, (row) => stamp(row.recorded_at))}::timestamptz[])`.execute(tx);
}

/** Inserts rota places, taken or open, with one array per column. */
export async function insertPlaces(
  tx: Transaction<Database>,
  rows: readonly Insertable<ActivityRotaPlacesTable>[],
): Promise<void> {
  if (rows.length === 0) {
    return;
  }
  await sql`
    insert into activity_rota_places (id, session_id, organisation_id, role_template_id, position, champion_id,
    assigned_by, assigned_at)
    select * from unnest(
      ${column(rows, (row) => row.id)}::uuid[],
      ${column(rows, (row) => row.session_id)}::uuid[],
      ${column(rows, (row) => row.organisation_id)}::uuid[],
      ${column(rows, (row) => row.role_template_id)}::uuid[],
      ${column(rows, (row) => row.position ?? 1)}::int[],
      ${column(rows, (row) => row.champion_id ?? null)}::uuid[],
      ${column(rows, (row) => row.assigned_by ?? null)}::uuid[],
      ${column(rows, (row) => stamp(row.assigned_at))}::timestamptz[])`.execute(tx);
}
