/**
 * SQL for `rotate-key`: finds rows of a registered table with values not sealed under the
 * current key, and writes re-sealed values back (every organisation's rows: a command).
 */
import { sql } from 'kysely';
import type { Executor } from './db/transaction.ts';

/** A row as read for rotation: its id as text (`__id`) and its sealed columns. */
export type SealedRow = Record<string, string | null>;

/** One batch of rows of `table` where one of `columns` holds a value not starting with `currentPrefix`. */
export async function findStaleRows(
  db: Executor,
  table: string,
  idColumn: string,
  columns: readonly string[],
  currentPrefix: string,
  batch: number,
): Promise<SealedRow[]> {
  const pattern = `${currentPrefix}%`;
  const stale = sql.join(
    columns.map((column) => sql`(${sql.ref(column)} is not null and ${sql.ref(column)} not like ${pattern})`),
    sql` or `,
  );
  const selected = sql.join(columns.map((column) => sql`${sql.ref(column)}::text as ${sql.ref(column)}`));
  const result = await sql<SealedRow>`
    select ${sql.ref(idColumn)}::text as "__id", ${selected} from ${sql.table(table)}
    where ${stale} order by ${sql.ref(idColumn)} limit ${batch}`.execute(db);
  return result.rows;
}

/**
 * Writes `changes` to the row read as `row`, only if its `columns` still hold what was read;
 * returns whether it did.
 */
export async function updateUnchangedRow(
  db: Executor,
  table: string,
  idColumn: string,
  columns: readonly string[],
  row: SealedRow,
  changes: SealedRow,
): Promise<boolean> {
  const assignments = sql.join(Object.entries(changes).map(([column, value]) => sql`${sql.ref(column)} = ${value}`));
  const unchanged = sql.join(
    columns.map((column) =>
      row[column] === null ? sql`${sql.ref(column)} is null` : sql`${sql.ref(column)} = ${row[column]}`,
    ),
    sql` and `,
  );
  const result = await sql`
    update ${sql.table(table)} set ${assignments}
    where ${sql.ref(idColumn)}::text = ${row.__id} and ${unchanged}`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}
