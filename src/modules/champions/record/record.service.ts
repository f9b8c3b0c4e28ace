import { recordAudit } from '../../../platform/audit/audit.ts';
import { narrowScope, rolesIn } from '../../../platform/auth/policy.ts';
import { rolesGrant } from '../../../platform/auth/roles.ts';
import { actorOf, type ServiceContext } from '../../../platform/context.ts';
import { NotFoundError } from '../../../lib/errors.ts';
import { isUuid } from '../../../lib/ids.ts';
import { agreementsFor } from '../agreements/agreements.repo.ts';
import { checksOf, coursesFor } from '../checks/checks.repo.ts';
import { clearanceFor } from '../checks/clearance.service.ts';
import { inductionFor } from '../induction/induction.repo.ts';
import { findChampion, stageHistory, tagsOf } from '../recruitment/recruitment.repo.ts';
import { roleNamesIn } from '../shared/champion-search.repo.ts';
import { roleTemplatesIn } from '../contracts/role-templates.repo.ts';
import { rolesOf } from '../roles/roles.repo.ts';
import { auditedChampionSearch } from '../shared/champion-search.service.ts';
import { ensureChampionDefaults } from '../settings/champion-defaults.service.ts';
import type { ChampionSearchQuery } from '../shared/champions.schemas.ts';
import { organisationIn, viewScope } from '../shared/champions.policy.ts';

/** Everything about one applicant or champion, for their record page. Reading it is audited. */
export async function applicantRecord(ctx: ServiceContext, organisationId: string, championId: string) {
  const scope = await viewScope(ctx, organisationId);
  const organisation = await organisationIn(ctx, scope, organisationId);
  const own = narrowScope(scope, [organisationId]);
  const champion = isUuid(championId) ? await findChampion(ctx.db, own, championId) : undefined;
  if (!champion) {
    throw new NotFoundError();
  }
  await ensureChampionDefaults(ctx.db, organisationId);
  const templates = await roleTemplatesIn(ctx.db, own);
  const roles = await rolesOf(ctx.db, own, champion.id);
  const clearances = [];
  for (const template of templates) {
    clearances.push({
      template,
      ...(await clearanceFor(ctx.db, own, champion.id, template.id)),
      held: roles.some((role) => role.role_template_id === template.id),
    });
  }
  const record = {
    organisation,
    champion,
    tags: await tagsOf(ctx.db, own, champion.id),
    history: await stageHistory(ctx.db, own, champion.id),
    clearances,
    ...(await checksOf(ctx.db, own, champion.id)),
    courses: await coursesFor(ctx.db, own),
    agreements: await agreementsFor(ctx.db, own, organisationId, champion.id),
    induction: await inductionFor(ctx.db, own, organisationId, champion.id),
    canManage: rolesGrant(rolesIn(actorOf(ctx), organisationId), 'champions:manage'),
  };
  await recordAudit(ctx.db, ctx.audit, {
    action: 'champion.applicant-viewed',
    subjectType: 'champion',
    subjectId: champion.id,
    organisationId,
  });
  return record;
}

/** The talent register: champions across the practice or network, searched by tags. */
export async function talentSearch(ctx: ServiceContext, organisationId: string, query: ChampionSearchQuery) {
  const scope = await viewScope(ctx, organisationId);
  const organisation = await organisationIn(ctx, scope, organisationId);
  const results = await auditedChampionSearch(ctx, scope, organisationId, query, 'champion.talent-searched');
  return {
    organisation,
    results,
    multiple: scope.organisationIds.length > 1,
    roleNames: await roleNamesIn(ctx.db, scope),
  };
}
