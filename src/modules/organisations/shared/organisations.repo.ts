import type { Scope } from '../../../platform/auth/policy.ts';
import type { OrganisationRow } from '../../../platform/db/schema.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { newId } from '../../../lib/ids.ts';

/** An organisation the scope covers, or undefined. */
export function findOrganisation(
  db: Executor,
  scope: Scope,
  organisationId: string,
): Promise<OrganisationRow | undefined> {
  if (!scope.organisationIds.includes(organisationId)) {
    return Promise.resolve(undefined);
  }
  return db.selectFrom('organisations').selectAll().where('id', '=', organisationId).executeTakeFirst();
}

/** Gives a person a role in an organisation (no-op if they hold it already). */
export async function insertMembership(
  db: Executor,
  scope: Scope,
  membership: { userId: string; organisationId: string; role: string; grantedBy: string | null },
): Promise<boolean> {
  if (!scope.organisationIds.includes(membership.organisationId)) {
    return false;
  }
  const result = await db
    .insertInto('memberships')
    .values({
      id: newId(),
      user_id: membership.userId,
      organisation_id: membership.organisationId,
      role: membership.role,
      granted_by: membership.grantedBy,
    })
    .onConflict((conflict) => conflict.columns(['user_id', 'organisation_id', 'role']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}
