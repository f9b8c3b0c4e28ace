import type { Scope } from '../../../platform/auth/policy.ts';
import type { OrganisationKind } from '../../../platform/auth/roles.ts';
import type { Executor } from '../../../platform/db/transaction.ts';

/** The kind of each organisation the scope covers among `organisationIds`. */
export async function findKinds(
  db: Executor,
  scope: Scope,
  organisationIds: readonly string[],
): Promise<{ id: string; kind: OrganisationKind }[]> {
  const wanted = organisationIds.filter((id) => scope.organisationIds.includes(id));
  if (wanted.length === 0) {
    return [];
  }
  return db.selectFrom('organisations').select(['id', 'kind']).where('id', 'in', wanted).execute();
}

/** Whether any organisation already has this ODS code (codes are unique across the service). */
export async function odsCodeInUse(db: Executor, odsCode: string): Promise<boolean> {
  const clash = await db.selectFrom('organisations').select('id').where('ods_code', '=', odsCode).executeTakeFirst();
  return clash !== undefined;
}

/** Adds an organisation with the id the scope was granted for. */
export async function insertOrganisation(
  db: Executor,
  scope: Scope,
  organisation: {
    id: string;
    kind: OrganisationKind;
    subtype: string;
    name: string;
    odsCode: string | null;
    parentId: string | null;
    postcode: string | null;
  },
): Promise<void> {
  if (!scope.organisationIds.includes(organisation.id)) {
    return;
  }
  await db
    .insertInto('organisations')
    .values({
      id: organisation.id,
      kind: organisation.kind,
      subtype: organisation.subtype,
      name: organisation.name,
      ods_code: organisation.odsCode,
      parent_id: organisation.parentId,
      postcode: organisation.postcode,
    })
    .execute();
}

/** Records that a programme supports a practice; false when it did already. */
export async function insertProgrammePractice(
  db: Executor,
  scope: Scope,
  programmeId: string,
  practiceId: string,
): Promise<boolean> {
  if (!scope.organisationIds.includes(programmeId) || !scope.organisationIds.includes(practiceId)) {
    return false;
  }
  const added = await db
    .insertInto('programme_practices')
    .values({ programme_id: programmeId, practice_id: practiceId })
    .onConflict((conflict) => conflict.doNothing())
    .returning('practice_id')
    .executeTakeFirst();
  return added !== undefined;
}
