import type { Executor } from '../../../platform/db/transaction.ts';
import { isUuid } from '../../../lib/ids.ts';

// The directory's reads of the foundation's organisations table: names for pages and emails,
// and the organisation a public directory or a command names by ODS code.

/** The name of the organisation that keeps a service the caller has already reached. */
export async function findOrganisationName(db: Executor, organisationId: string): Promise<string | undefined> {
  const row = await db.selectFrom('organisations').select('name').where('id', '=', organisationId).executeTakeFirst();
  return row?.name;
}

/** An organisation of one kind by its ODS code, with its parent, for its public directory. */
export function findOrganisationByOdsCode(db: Executor, odsCode: string, kind: 'practice' | 'network') {
  return db
    .selectFrom('organisations')
    .select(['id', 'name', 'kind', 'parent_id as parentId'])
    .where('ods_code', '=', odsCode)
    .where('kind', '=', kind)
    .executeTakeFirst();
}

/** An organisation's kind, to tell whether a practice's parent is a network. */
export async function findOrganisationKind(db: Executor, organisationId: string): Promise<string | undefined> {
  const row = await db.selectFrom('organisations').select('kind').where('id', '=', organisationId).executeTakeFirst();
  return row?.kind;
}

/** An organisation named by id or ODS code (the ORUK import's owner). */
export function findOrganisationByIdOrOdsCode(
  db: Executor,
  owner: string,
): Promise<{ id: string; name: string } | undefined> {
  return db
    .selectFrom('organisations')
    .select(['id', 'name'])
    .where((eb) =>
      isUuid(owner)
        ? eb.or([eb('id', '=', owner), eb('ods_code', '=', owner.toUpperCase())])
        : eb('ods_code', '=', owner.toUpperCase()),
    )
    .executeTakeFirst();
}

/** Every organisation's id (an export of the whole directory, run from the command line). */
export async function listOrganisationIds(db: Executor): Promise<string[]> {
  return (await db.selectFrom('organisations').select('id').execute()).map((row) => row.id);
}
