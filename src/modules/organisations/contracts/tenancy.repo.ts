import type { Executor } from '../../../platform/db/transaction.ts';

/**
 * Every organisation with its parent's name, by kind then name: the tenancy view for system
 * administrators (callers check the person is one), who set up organisations they do not belong to.
 */
export function listEveryOrganisation(db: Executor) {
  return db
    .selectFrom('organisations as o')
    .leftJoin('organisations as parent', 'parent.id', 'o.parent_id')
    .select(['o.id', 'o.name', 'o.kind', 'o.subtype', 'o.ods_code as odsCode', 'parent.name as parentName'])
    .orderBy('o.kind')
    .orderBy('o.name')
    .execute();
}

/** Every programme-practice link, for the administrators' tenancy view. */
export function listProgrammeLinks(db: Executor): Promise<{ programmeId: string; practiceId: string }[]> {
  return db
    .selectFrom('programme_practices')
    .select(['programme_id as programmeId', 'practice_id as practiceId'])
    .execute();
}
