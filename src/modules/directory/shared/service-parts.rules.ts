import type { Selectable } from 'kysely';
import type { DirPhonesTable, DirSchedulesTable } from '../directory.tables.ts';
import type { PhoneRecord, ScheduleRecord } from './services.schemas.ts';

// Pure helpers for reading a service's nested parts: ids in chunks, rows grouped, rows as records.

const CHUNK = 500;

export function chunks<T>(values: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < values.length; start += CHUNK) {
    out.push(values.slice(start, start + CHUNK));
  }
  return out;
}

/** Runs a query per chunk of ids and concatenates the rows (keeps parameter lists small). */
export async function inChunks<T>(ids: readonly string[], query: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const rows: T[] = [];
  for (const chunk of chunks(ids)) {
    if (chunk.length > 0) {
      rows.push(...(await query(chunk)));
    }
  }
  return rows;
}

export function groupBy<T>(rows: T[], key: (row: T) => string | null): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const value = key(row);
    if (value !== null) {
      const list = groups.get(value) ?? [];
      list.push(row);
      groups.set(value, list);
    }
  }
  return groups;
}

/** A time column ("10:00:00") as stored; kept as text. */
function timeText(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

/** A schedule row as a record. */
export function scheduleFrom(row: Selectable<DirSchedulesTable>): ScheduleRecord {
  return {
    id: row.id,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    dtstart: row.dtstart,
    freq: row.freq === 'WEEKLY' || row.freq === 'MONTHLY' ? row.freq : null,
    interval: row.interval,
    byday: row.byday,
    bymonthday: row.bymonthday,
    opensAt: timeText(row.opens_at),
    closesAt: timeText(row.closes_at),
    description: row.description,
    scheduleLink: row.schedule_link,
    attendingType: row.attending_type,
    notes: row.notes,
  };
}

export function phoneFrom(row: Selectable<DirPhonesTable>): PhoneRecord {
  return { id: row.id, number: row.number, extension: row.extension, type: row.type, description: row.description };
}

export function byId<T extends { id: string }>(left: T, right: T): number {
  return left.id < right.id ? -1 : left.id > right.id ? 1 : 0;
}
