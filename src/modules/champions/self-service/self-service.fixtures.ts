import { inflateRawSync } from 'node:zlib';
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { newId } from '../../../lib/ids.ts';
import type { Agent } from '../../../../test/helpers/agent.ts';
import { buildPerson, buildPractice, type TestPerson } from '../../../../test/helpers/factories.ts';

/** A practice with a coordinator and two signed-up champions (tests only). */
export interface ChampionWorld {
  practiceId: string;
  coordinator: TestPerson;
  alice: TestPerson & { championId: string };
  bob: TestPerson & { championId: string };
}

/** Adds a champion with a log-in to a practice (tests only). */
export async function buildChampionPerson(
  db: Kysely<Database>,
  practiceId: string,
  name: string,
): Promise<TestPerson & { championId: string }> {
  const person = await buildPerson(db, { roles: [[practiceId, 'champion']], displayName: name });
  const championId = newId();
  await db
    .insertInto('champions')
    .values({
      id: championId,
      organisation_id: practiceId,
      user_id: person.id,
      display_name: name,
      email: person.email,
      stage: 'active',
    })
    .execute();
  return { ...person, championId };
}

/** A fresh practice with its coordinator and champions Alice and Bob (tests only). */
export async function buildChampionWorld(db: Kysely<Database>): Promise<ChampionWorld> {
  const practiceId = await buildPractice(db);
  const coordinator = await buildPerson(db, { roles: [[practiceId, 'coordinator']] });
  const alice = await buildChampionPerson(db, practiceId, 'Alice Champion');
  const bob = await buildChampionPerson(db, practiceId, 'Bob Champion');
  return { practiceId, coordinator, alice, bob };
}

/** A minimal valid file of each receipt type, by its magic bytes (tests only). */
export const SAMPLE_FILES = {
  pdf: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'),
  png: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]),
  jpeg: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0]),
  heic: Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic'), Buffer.alloc(12)]),
};

/** A multipart/form-data body built by hand, as a browser would send it (tests only). */
export function multipartBody(
  fields: Record<string, string>,
  files: { name: string; fileName: string; type: string; content: Buffer }[],
): { payload: Buffer; contentType: string } {
  const boundary = `----thirdspace${newId().replace(/-/g, '')}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  for (const file of files) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.fileName}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
      file.content,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Sends the claim form as a browser would, with the CSRF token among the multipart fields (tests only). */
export async function sendClaim(
  agent: Agent,
  fields: Record<string, string>,
  files: { fileName: string; type: string; content: Buffer }[] = [],
  options: { withCsrf?: boolean } = {},
) {
  const all = options.withCsrf === false ? fields : { _csrf: await agent.csrfToken(), ...fields };
  const body = multipartBody(
    all,
    files.map((file) => ({ name: 'receipts', ...file })),
  );
  return agent.request({
    method: 'POST',
    url: '/champion/expenses/new',
    payload: body.payload,
    headers: { 'content-type': body.contentType },
  });
}

/** One file from a zip archive such as an XLSX workbook, read through its central directory (tests only). */
export function fileFromZip(zip: Buffer, name: string): string {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const entries = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  for (let index = 0; index < entries; index += 1) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    if (zip.subarray(at + 46, at + 46 + nameLength).toString('utf8') === name) {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + size);
      return (method === 8 ? inflateRawSync(data) : data).toString('utf8');
    }
    at += 46 + skip;
  }
  throw new Error(`${name} is not in the archive`);
}

/** The numbers in a column of an XLSX sheet's last row (its totals row) (tests only). */
export function xlsxTotal(workbook: Buffer, column: string): number {
  const sheet = fileFromZip(workbook, 'xl/worksheets/sheet1.xml');
  const rows = [...sheet.matchAll(/<row r="(\d+)"[^>]*>(.*?)<\/row>/g)];
  const last = rows.at(-1);
  const cell = new RegExp(`<c r="${column}${last?.[1] ?? ''}"(?: s="\\d+")?><v>([^<]+)</v>`).exec(last?.[2] ?? '');
  return Number(cell?.[1] ?? Number.NaN);
}
