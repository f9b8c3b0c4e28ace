import type { Executor } from '../../../platform/db/transaction.ts';

/** How a service is kept and checked, with its keeper's and checker's names, for its page. */
export function findServiceMeta(db: Executor, serviceId: string) {
  return db
    .selectFrom('dir_services as s')
    .innerJoin('organisations as o', 'o.id', 's.owner_organisation_id')
    .leftJoin('users as u', 'u.id', 's.last_verified_by')
    .select([
      's.id',
      's.status',
      's.published',
      's.owner_organisation_id',
      'o.name as ownerName',
      's.stale',
      's.last_verified_at',
      's.review_due_at',
      's.verification_method',
      's.source_activity_id',
      'u.display_name as verifierName',
    ])
    .where('s.id', '=', serviceId)
    .executeTakeFirst();
}

/** A service's history, newest first, with who made each change. */
export function listHistoryRows(db: Executor, serviceId: string, limit: number) {
  return db
    .selectFrom('dir_service_history as h')
    .leftJoin('users as u', 'u.id', 'h.changed_by')
    .select(['h.changed_at', 'h.source', 'h.changes', 'u.display_name'])
    .where('h.service_id', '=', serviceId)
    .orderBy('h.changed_at', 'desc')
    .limit(limit)
    .execute();
}

/** How many proposed changes to a service wait for review. */
export async function countPendingProposals(db: Executor, serviceId: string): Promise<number> {
  const row = await db
    .selectFrom('dir_change_proposals')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('service_id', '=', serviceId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}
