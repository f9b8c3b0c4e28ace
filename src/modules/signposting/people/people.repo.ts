import { type Scope, requireInScope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import type { PersonRow } from '../signposting.tables.ts';
import { scopeIds } from '../shared/scope.rules.ts';

/** A person's sealed columns and keyed hashes, as written. */
export interface SealedPerson {
  givenNameEnc: string;
  familyNameEnc: string;
  dateOfBirthEnc: string;
  nhsNumberEnc: string | null;
  phoneEnc: string | null;
  emailEnc: string | null;
  contactPreferenceEnc: string;
  nhsNumberHash: string | null;
  nameDobHash: string;
}

function columnsOf(person: SealedPerson) {
  return {
    given_name_enc: person.givenNameEnc,
    family_name_enc: person.familyNameEnc,
    date_of_birth_enc: person.dateOfBirthEnc,
    nhs_number_enc: person.nhsNumberEnc,
    phone_enc: person.phoneEnc,
    email_enc: person.emailEnc,
    contact_preference_enc: person.contactPreferenceEnc,
    nhs_number_hash: person.nhsNumberHash,
    name_dob_hash: person.nameDobHash,
  };
}

/** Adds a person to an organisation in the scope. */
export async function insertPerson(
  db: Executor,
  scope: Scope,
  row: { id: string; organisationId: string; createdBy: string; now: Date } & SealedPerson,
): Promise<void> {
  requireInScope(scope, row.organisationId);
  await db
    .insertInto('sp_people')
    .values({
      id: row.id,
      organisation_id: row.organisationId,
      created_by: row.createdBy,
      created_at: row.now,
      updated_at: row.now,
      ...columnsOf(row),
    })
    .execute();
}

/** Replaces a person's details. */
export async function updatePerson(
  db: Executor,
  scope: Scope,
  id: string,
  person: SealedPerson & { now: Date },
): Promise<void> {
  await db
    .updateTable('sp_people')
    .set({ ...columnsOf(person), updated_at: person.now })
    .where('id', '=', id)
    .where('organisation_id', 'in', scopeIds(scope))
    .execute();
}

/** One person in the scope, sealed, or undefined. */
export async function findPersonRow(db: Executor, scope: Scope, id: string): Promise<PersonRow | undefined> {
  return db
    .selectFrom('sp_people')
    .selectAll()
    .where('id', '=', id)
    .where('organisation_id', 'in', scopeIds(scope))
    .executeTakeFirst();
}

/** People in the scope whose NHS number or name-and-birth hash is one of `hashes` (at most 20). */
export async function findPeopleByHash(
  db: Executor,
  scope: Scope,
  column: 'nhs_number_hash' | 'name_dob_hash',
  hashes: readonly string[],
): Promise<PersonRow[]> {
  if (hashes.length === 0) {
    return [];
  }
  return db
    .selectFrom('sp_people')
    .selectAll()
    .where(column, 'in', [...hashes])
    .where('organisation_id', 'in', scopeIds(scope))
    .orderBy('created_at')
    .limit(20)
    .execute();
}
