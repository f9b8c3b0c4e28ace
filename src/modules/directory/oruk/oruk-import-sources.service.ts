import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { isFullRecord } from './oruk-import-map.rules.ts';

// Where imported records come from: a .json or .ndjson file, or a folder of them (an ORUK
// feed read page by page over HTTP is in oruk-feed-reader.service.ts).

/** One record read from a source, or the reason it could not be read. */
export interface SourceRecord {
  where: string;
  value: Record<string, unknown>;
  /** Set when the record could not be read at all (it counts as a failure). */
  error?: string;
}

/** The records of one page or one file, with a label for the progress line. */
export interface RecordBatch {
  label: string;
  records: SourceRecord[];
  /** Problems with the page or file as a whole, such as page fields that disagree with what it holds. */
  notes?: string[];
}

/** The source as a whole could not be read: nothing was imported from it. */
export class SourceUnreadableError extends Error {
  readonly sourceUnreadable = true;
}

/** True for a JSON object (not an array or null). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * What an ORUK page's own fields claim against the number of services it holds, in words; null
 * when they agree or claim nothing. `size` is always this page's count; `total_items` is too
 * when the page says it is the only one.
 */
export function pageFieldNote(label: string, page: Record<string, unknown>, held: number): string | null {
  const claims: string[] = [];
  if (typeof page.size === 'number' && page.size !== held) {
    claims.push(`size ${page.size}`);
  }
  const onlyPage = page.total_pages === 1 || (page.first_page === true && page.last_page === true);
  if (onlyPage && typeof page.total_items === 'number' && page.total_items !== held) {
    claims.unshift(`total_items ${page.total_items}`);
  }
  if (claims.length === 0) {
    return null;
  }
  return `${label} says ${claims.join(' and ')}, but holds ${held} service${held === 1 ? '' : 's'}: all ${held} were read`;
}

/** The records in one file: an ORUK page ({contents}), an array, one service, or ndjson lines. */
export function readFileRecords(file: string, text: string): RecordBatch {
  const name = path.basename(file);
  if (/\.(ndjson|jsonl)$/i.test(name)) {
    const records: SourceRecord[] = [];
    text.split(/\r?\n/).forEach((line, index) => {
      if (line.trim() === '') {
        return;
      }
      try {
        const value = JSON.parse(line) as unknown;
        records.push(
          isObject(value)
            ? { where: `${name} line ${index + 1}`, value }
            : { where: `${name} line ${index + 1}`, value: {}, error: 'not a JSON object' },
        );
      } catch {
        records.push({ where: `${name} line ${index + 1}`, value: {}, error: 'not valid JSON' });
      }
    });
    return { label: name, records };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SourceUnreadableError(`${name} is not valid JSON`);
  }
  const items = Array.isArray(parsed)
    ? parsed
    : isObject(parsed) && Array.isArray(parsed.contents)
      ? (parsed.contents as unknown[])
      : isObject(parsed) && 'id' in parsed
        ? [parsed]
        : null;
  if (!items) {
    throw new SourceUnreadableError(
      `${name} holds no ORUK services (expected a page with contents, an array or one service)`,
    );
  }
  const note = isObject(parsed) && Array.isArray(parsed.contents) ? pageFieldNote(name, parsed, items.length) : null;
  return {
    label: name,
    notes: note ? [note] : [],
    records: items.map((item, index) =>
      isObject(item)
        ? { where: `${name} item ${index + 1}`, value: item }
        : { where: `${name} item ${index + 1}`, value: {}, error: 'not a JSON object' },
    ),
  };
}

/** True for files in a folder that hold services: service*.json (not service_at_location*) and any .ndjson. */
export function isServiceFile(name: string): boolean {
  const lower = name.toLowerCase();
  if (/\.(ndjson|jsonl)$/.test(lower)) {
    return true;
  }
  return lower.endsWith('.json') && lower.startsWith('service') && !/^service[_-]at[_-]location/.test(lower);
}

/**
 * The records of every service file in a folder, in name order. A service found in several
 * files (a feed's list page and its full record) is read from one file only: the first with
 * its fullest copy. Repeats within that file stay, for the import to skip and report.
 */
export async function readFolderRecords(folder: string): Promise<RecordBatch[]> {
  const names = (await readdir(folder)).filter(isServiceFile).sort();
  if (names.length === 0) {
    throw new SourceUnreadableError(`${folder} has no service files (service*.json or *.ndjson)`);
  }
  const batches: RecordBatch[] = [];
  for (const name of names) {
    try {
      batches.push(readFileRecords(name, await readFile(path.join(folder, name), 'utf8')));
    } catch (error) {
      batches.push({ label: name, records: [{ where: name, value: {}, error: (error as Error).message }] });
    }
  }
  const idOf = (record: SourceRecord) => (typeof record.value.id === 'string' ? record.value.id : null);
  const home = new Map<string, { batch: number; full: boolean }>();
  batches.forEach((batch, index) => {
    for (const record of batch.records) {
      const id = idOf(record);
      const full = isFullRecord(record.value);
      const current = id ? home.get(id) : undefined;
      if (id && (!current || (full && !current.full))) {
        home.set(id, { batch: index, full });
      }
    }
  });
  return batches.map((batch, index) => ({
    ...batch,
    records: batch.records.filter((record) => {
      const id = idOf(record);
      return !id || home.get(id)?.batch === index;
    }),
  }));
}
