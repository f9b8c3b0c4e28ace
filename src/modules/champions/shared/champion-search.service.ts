import { recordAudit } from '../../../platform/audit/audit.ts';
import type { Scope } from '../../../platform/auth/policy.ts';
import type { ServiceContext } from '../../../platform/context.ts';
import { clearedHoldersOf } from '../checks/clearance.service.ts';
import { searchChampions } from './champion-search.repo.ts';
import type { ChampionSearchQuery } from './champions.schemas.ts';

/**
 * A page of champions in scope matching the search (a role counts only its cleared holders),
 * audited as `action` on the organisation with the number found.
 */
export async function auditedChampionSearch(
  ctx: ServiceContext,
  scope: Scope,
  organisationId: string,
  query: ChampionSearchQuery,
  action: 'champion.talent-searched' | 'champion.list-viewed',
) {
  const results = await searchChampions(
    ctx.db,
    scope,
    query,
    query.role ? await clearedHoldersOf(ctx.db, scope, query.role) : [],
  );
  await recordAudit(ctx.db, ctx.audit, {
    action,
    subjectType: 'organisation',
    subjectId: organisationId,
    organisationId,
    details: { count: results.items.length },
  });
  return results;
}
