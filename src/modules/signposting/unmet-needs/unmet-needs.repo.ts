import { type Scope, requireInScope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { scopeIds } from '../shared/scope.rules.ts';

/** Stores one unmet need. */
export async function insertUnmetNeed(
  db: Executor,
  scope: Scope,
  row: {
    id: string;
    organisationId: string;
    recordedBy: string;
    recordedAt: Date;
    needTermId: string;
    area: string;
    description: string;
  },
): Promise<void> {
  requireInScope(scope, row.organisationId);
  await db
    .insertInto('sp_unmet_needs')
    .values({
      id: row.id,
      organisation_id: row.organisationId,
      recorded_by: row.recordedBy,
      recorded_at: row.recordedAt,
      need_term_id: row.needTermId,
      area: row.area,
      description: row.description,
    })
    .execute();
}

/** How many unmet needs the scope recorded, by need and area (upper-cased), in [from, to). */
export async function countUnmetNeeds(db: Executor, scope: Scope, from: Date, to: Date) {
  return db
    .selectFrom('sp_unmet_needs')
    .select([
      'need_term_id as needTermId',
      (eb) => eb.fn<string>('upper', ['area']).as('area'),
      (eb) => eb.fn.countAll<string>().as('count'),
    ])
    .where('organisation_id', 'in', scopeIds(scope))
    .where('recorded_at', '>=', from)
    .where('recorded_at', '<', to)
    .groupBy(['need_term_id', (eb) => eb.fn('upper', ['area'])])
    .orderBy('count', 'desc')
    .limit(200)
    .execute();
}
