import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Executor } from '../../../platform/db/transaction.ts';
import { findOutcodePoint, findUnitPoint, hasOutcodes, insertOutcodes, upsertUnits } from './postcodes.repo.ts';

/** The outcode (postcode district) table shipped with the app (see data/README.md). */
export const OUTCODES_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'data/uk-outcode-centroids.csv');

const FULL_POSTCODE = /^([A-Z]{1,2}\d[A-Z\d]?)(\d[A-Z]{2})$/;
const OUTCODE = /^[A-Z]{1,2}\d[A-Z\d]?$/;

/** A typed postcode, tidied: a full postcode ("LS28 7AA") or only its district ("LS28"). */
export type ParsedPostcode = { kind: 'unit'; postcode: string; outcode: string } | { kind: 'outcode'; outcode: string };

/** Reads a full postcode or an outcode in any spacing or case; null when it is neither. */
export function parsePostcode(input: string): ParsedPostcode | null {
  const compact = input.toUpperCase().replace(/\s+/g, '');
  const full = FULL_POSTCODE.exec(compact);
  if (full) {
    const [, outcode, incode] = full as unknown as [string, string, string];
    return { kind: 'unit', postcode: `${outcode} ${incode}`, outcode };
  }
  return OUTCODE.test(compact) ? { kind: 'outcode', outcode: compact } : null;
}

/** A point on the map for a postcode, and how exact it is. */
export interface PostcodePoint {
  latitude: number;
  longitude: number;
  /** What was found: the postcode itself, or only its district's centre. */
  precision: 'postcode' | 'district';
  label: string;
}

/**
 * Where a postcode or outcode is: the full postcode's centre when the ONS directory has been
 * imported, otherwise the centre of its district. Null when neither is known.
 */
export async function locatePostcode(db: Executor, input: string): Promise<PostcodePoint | null> {
  const parsed = parsePostcode(input);
  if (!parsed) {
    return null;
  }
  if (parsed.kind === 'unit') {
    const unit = await findUnitPoint(db, parsed.postcode);
    if (unit) {
      return { latitude: unit.latitude, longitude: unit.longitude, precision: 'postcode', label: parsed.postcode };
    }
  }
  const district = await findOutcodePoint(db, parsed.outcode);
  if (!district) {
    return null;
  }
  return {
    latitude: district.latitude,
    longitude: district.longitude,
    precision: 'district',
    label: parsed.kind === 'unit' ? parsed.postcode : parsed.outcode,
  };
}

/** Splits one CSV line, honouring double quotes (the ONSPD quotes every field). */
export function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (let index = 0; index < line.length; index += 1) {
    const char = line[index];
    if (quoted) {
      if (char === '"' && line[index + 1] === '"') {
        current += '"';
        index += 1;
      } else if (char === '"') {
        quoted = false;
      } else {
        current += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      fields.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  fields.push(current);
  return fields.map((field) => field.trim());
}

/** Loads the shipped outcode centres when the table is empty (at app start). Returns rows loaded. */
export async function loadOutcodesIfEmpty(db: Executor, file = OUTCODES_FILE): Promise<number> {
  if (await hasOutcodes(db)) {
    return 0;
  }
  const lines = (await readFile(file, 'utf8')).split(/\r?\n/).slice(1);
  const rows = lines
    .map(splitCsvLine)
    .map(([outcode, latitude, longitude]) => ({
      outcode: (outcode ?? '').toUpperCase(),
      latitude: Number(latitude),
      longitude: Number(longitude),
    }))
    .filter((row) => OUTCODE.test(row.outcode) && isPlausible(row.latitude, row.longitude));
  await insertOutcodes(db, rows);
  return rows.length;
}

/** Inside the British Isles: the ONSPD marks postcodes with no grid reference as 99.999999. */
function isPlausible(latitude: number, longitude: number): boolean {
  return (
    Number.isFinite(latitude) &&
    Number.isFinite(longitude) &&
    latitude > 49 &&
    latitude < 61.5 &&
    longitude > -9 &&
    longitude < 3
  );
}

/** What an ONS Postcode Directory import did. */
export interface PostcodeImportResult {
  imported: number;
  skipped: number;
}

/**
 * Imports full postcodes from an ONS Postcode Directory CSV (any recent edition): the `pcds`
 * (or `pcd`), `lat` and `long` columns. Terminated postcodes and those without a grid
 * reference are skipped. Rows are upserted in batches, so an import can be re-run.
 */
export async function importPostcodes(
  db: Executor,
  file: string,
  onProgress?: (done: number) => void,
): Promise<PostcodeImportResult> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let columns: { postcode: number; latitude: number; longitude: number; terminated: number } | null = null;
  let batch: { postcode: string; latitude: number; longitude: number }[] = [];
  const result: PostcodeImportResult = { imported: 0, skipped: 0 };
  const flush = async () => {
    if (batch.length === 0) {
      return;
    }
    await upsertUnits(db, batch);
    result.imported += batch.length;
    batch = [];
    onProgress?.(result.imported);
  };
  for await (const line of lines) {
    const fields = splitCsvLine(line);
    if (!columns) {
      const header = fields.map((field) => field.toLowerCase());
      const postcode = header.indexOf('pcds') >= 0 ? header.indexOf('pcds') : header.indexOf('pcd');
      columns = {
        postcode,
        latitude: header.indexOf('lat'),
        longitude: header.indexOf('long'),
        terminated: header.indexOf('doterm'),
      };
      if (columns.postcode < 0 || columns.latitude < 0 || columns.longitude < 0) {
        throw new Error('Not an ONS Postcode Directory file: the header needs pcds (or pcd), lat and long columns');
      }
      continue;
    }
    const parsed = parsePostcode(fields[columns.postcode] ?? '');
    const latitude = Number(fields[columns.latitude]);
    const longitude = Number(fields[columns.longitude]);
    const terminated = columns.terminated >= 0 && (fields[columns.terminated] ?? '') !== '';
    if (!parsed || parsed.kind !== 'unit' || terminated || !isPlausible(latitude, longitude)) {
      result.skipped += 1;
      continue;
    }
    batch.push({ postcode: parsed.postcode, latitude, longitude });
    if (batch.length >= 5000) {
      await flush();
    }
  }
  if (!columns) {
    throw new Error('The file is empty');
  }
  await flush();
  return result;
}

/** `npm run cli -- import-postcodes <ONSPD csv>`: imports full postcodes; returns the exit code. */
export async function importPostcodesCommand(
  db: Executor,
  file: string | undefined,
  write: (text: string) => void = (text) => process.stdout.write(text),
): Promise<number> {
  if (!file) {
    process.stderr.write('import-postcodes needs the path of an ONS Postcode Directory CSV file\n');
    return 2;
  }
  let last = 0;
  const result = await importPostcodes(db, file, (done) => {
    if (done - last >= 250_000) {
      last = done;
      write(`  ${done.toLocaleString('en-GB')} postcodes…\n`);
    }
  });
  write(
    `Imported ${result.imported.toLocaleString('en-GB')} postcodes; skipped ${result.skipped.toLocaleString('en-GB')} (terminated, no grid reference or not a postcode).\n`,
  );
  return result.imported > 0 ? 0 : 1;
}
