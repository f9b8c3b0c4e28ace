import { sql } from 'kysely';
import type { Scope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';

// The directory's queues, counted for the home page. proposals.repo.ts and freshness.repo.ts list
// them in full; these read the same rows with the same meaning of "waiting": a proposal whose
// status is pending, a checking task still open (not yet claimed).

/** Proposed directory changes waiting for review, kept by one organisation of the scope. */
export async function countPendingReviews(db: Executor, scope: Scope, organisationId: string): Promise<number> {
  if (!scope.organisationIds.includes(organisationId)) {
    return 0;
  }
  const row = await db
    .selectFrom('dir_change_proposals')
    .select(sql<number>`count(*)::int`.as('count'))
    .where('owner_organisation_id', '=', organisationId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

/** Directory checking tasks open for someone to claim, for one organisation of the scope. */
export async function countOpenCheckingTasks(db: Executor, scope: Scope, organisationId: string): Promise<number> {
  if (!scope.organisationIds.includes(organisationId)) {
    return 0;
  }
  const row = await db
    .selectFrom('dir_verification_tasks')
    .select(sql<number>`count(*)::int`.as('count'))
    .where('owner_organisation_id', '=', organisationId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}
