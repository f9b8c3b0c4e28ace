import type { KeyRing } from './crypto.ts';
import type { Executor } from './db/transaction.ts';
import { findStaleRows, type SealedRow, updateUnchangedRow } from './encrypted-columns.repo.ts';

/**
 * A table's columns sealed with the key ring, as a module registers them for `rotate-key`.
 * The platform knows no module: each module's `index.ts` exports its sets and
 * `src/encrypted-columns.ts` lists them all.
 */
export interface EncryptedColumnSet {
  table: string;
  /** The primary key column (a single column). */
  idColumn?: string;
  /** Text columns holding sealed values (null allowed). */
  columns: readonly string[];
  /**
   * Keyed-hash columns worked out from the opened values, re-computed under the current key
   * in the same update (look-ups try every key in the ring, so rows not yet rotated are found).
   */
  hashes?: (opened: Readonly<Record<string, string | null>>, ring: KeyRing) => Record<string, string | null>;
}

/** How many rows of one table `rotate-key` re-sealed. */
export interface RotationCount {
  table: string;
  rows: number;
}

/** Re-seals one row, unless it changed since it was read (then a later batch picks it up). */
async function resealRow(db: Executor, set: EncryptedColumnSet, ring: KeyRing, row: SealedRow): Promise<boolean> {
  const opened: SealedRow = {};
  const sealed: SealedRow = {};
  for (const column of set.columns) {
    const value = row[column] ?? null;
    opened[column] = value === null ? null : ring.open(value);
    sealed[column] = value === null || ring.isCurrent(value) ? value : ring.seal(opened[column] as string);
  }
  const changes = { ...sealed, ...(set.hashes?.(opened, ring) ?? {}) };
  return updateUnchangedRow(db, set.table, set.idColumn ?? 'id', set.columns, row, changes);
}

/**
 * Re-seals every registered value under the ring's current key, a batch at a time, each row
 * in its own short statement so the app keeps running meanwhile (it reads both keys). A row
 * written while this runs is already under the current key; one changed between the read and
 * the write is left alone and picked up by the next batch. Throws when a value opens under no
 * key in the ring (nothing is lost: that row is left as it was).
 */
export async function rotateEncryptedColumns(
  db: Executor,
  ring: KeyRing,
  sets: readonly EncryptedColumnSet[],
  batch = 200,
): Promise<RotationCount[]> {
  const counts: RotationCount[] = [];
  for (const set of sets) {
    let rows = 0;
    for (let round = 0; round < 1_000_000; round += 1) {
      const found = await findStaleRows(db, set.table, set.idColumn ?? 'id', set.columns, ring.currentPrefix, batch);
      if (found.length === 0) {
        break;
      }
      for (const row of found) {
        rows += (await resealRow(db, set, ring, row)) ? 1 : 0;
      }
    }
    counts.push({ table: set.table, rows });
  }
  return counts;
}
