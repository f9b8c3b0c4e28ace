import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Config } from '../../src/config.ts';
import { encryptSecret } from '../../src/platform/crypto.ts';
import type { Database } from '../../src/platform/db/schema.ts';
import { newId } from '../../src/lib/ids.ts';
import { hashPassword } from '../../src/modules/accounts/index.ts';

/** The password every factory-made person has unless told otherwise. */
export const TEST_PASSWORD = 'correct horse battery staple';

let hashed: Promise<string> | null = null;
let counter = 0;

/** A unique, obviously fictional email address. */
export function uniqueEmail(prefix = 'person'): string {
  counter += 1;
  return `${prefix}.${Date.now().toString(36)}${counter}.${randomUUID().slice(0, 6)}@example.test`;
}

/** A unique six-character ODS-shaped practice code. */
function uniqueOdsCode(letter: string): string {
  return `${letter}${String(Math.floor(Math.random() * 100_000)).padStart(5, '0')}`;
}

async function insertOrganisation(
  db: Kysely<Database>,
  values: {
    kind: Database['organisations']['kind'];
    subtype: string;
    name: string;
    parentId?: string | null;
    odsCode?: string | null;
  },
): Promise<string> {
  const id = newId();
  for (let attempt = 0; attempt < 5; attempt += 1) {
    try {
      await db
        .insertInto('organisations')
        .values({
          id,
          kind: values.kind,
          subtype: values.subtype,
          name: values.name,
          parent_id: values.parentId ?? null,
          ods_code: values.odsCode ?? null,
        })
        .execute();
      return id;
    } catch (error) {
      if ((error as { code?: string }).code !== '23505' || !values.odsCode) {
        throw error;
      }
      values.odsCode = uniqueOdsCode(values.odsCode.slice(0, 1));
    }
  }
  throw new Error('Could not find a free ODS code');
}

/** A new area (ICB). */
export function buildArea(db: Kysely<Database>, name = `Test ICB ${newId().slice(-6)}`): Promise<string> {
  return insertOrganisation(db, { kind: 'area', subtype: 'icb', name });
}

/** A new primary care network, optionally inside an area. */
export function buildNetwork(db: Kysely<Database>, options: { areaId?: string; name?: string } = {}): Promise<string> {
  return insertOrganisation(db, {
    kind: 'network',
    subtype: 'pcn',
    name: options.name ?? `Test PCN ${newId().slice(-6)}`,
    parentId: options.areaId,
    odsCode: uniqueOdsCode('U'),
  });
}

/** A new GP practice, optionally inside a network. */
export function buildPractice(
  db: Kysely<Database>,
  options: { networkId?: string; name?: string } = {},
): Promise<string> {
  return insertOrganisation(db, {
    kind: 'practice',
    subtype: 'gp_practice',
    name: options.name ?? `Test Surgery ${newId().slice(-6)}`,
    parentId: options.networkId,
    odsCode: uniqueOdsCode('Y'),
  });
}

/** A new programme supporting the given practices. */
export async function buildProgramme(db: Kysely<Database>, practiceIds: string[]): Promise<string> {
  const id = await insertOrganisation(db, {
    kind: 'programme',
    subtype: 'programme',
    name: `Test Programme ${newId().slice(-6)}`,
  });
  for (const practiceId of practiceIds) {
    await db.insertInto('programme_practices').values({ programme_id: id, practice_id: practiceId }).execute();
  }
  return id;
}

/** A person who can sign in, holding the given roles. */
export interface TestPerson {
  id: string;
  email: string;
  password: string;
  displayName: string;
  totpSecret?: string;
}

/** Makes a person with roles (`[organisationId, role]` pairs), optionally an admin or with TOTP on. */
export async function buildPerson(
  db: Kysely<Database>,
  options: {
    roles?: [string, string][];
    admin?: boolean;
    totpSecret?: string;
    config?: Config;
    password?: string;
    displayName?: string;
    email?: string;
  } = {},
): Promise<TestPerson> {
  hashed ??= hashPassword(TEST_PASSWORD);
  const id = newId();
  const email = options.email ?? uniqueEmail(options.admin ? 'admin' : 'person');
  const displayName = options.displayName ?? `Test Person ${id.slice(-4)}`;
  const passwordHash = options.password ? await hashPassword(options.password) : await hashed;
  const totp =
    options.totpSecret && options.config
      ? encryptSecret(options.config.security.encryptionKey, options.totpSecret)
      : null;
  await db
    .insertInto('users')
    .values({
      id,
      email,
      display_name: displayName,
      password_hash: passwordHash,
      is_system_admin: options.admin ?? false,
      totp_secret_enc: totp,
      totp_enabled_at: totp ? new Date() : null,
    })
    .execute();
  for (const [organisationId, role] of options.roles ?? []) {
    await db
      .insertInto('memberships')
      .values({ id: newId(), user_id: id, organisation_id: organisationId, role, granted_by: null })
      .execute();
  }
  return { id, email, password: options.password ?? TEST_PASSWORD, displayName, totpSecret: options.totpSecret };
}
