import { recordAudit } from '../../../platform/audit/audit.ts';
import {
  authorise,
  narrowScope,
  organisationAndBelow,
  type Scope,
  scopeFor,
  trustedScope,
} from '../../../platform/auth/policy.ts';
import { rolesGrant } from '../../../platform/auth/roles.ts';
import { setActiveOrganisation } from '../../../platform/auth/session.ts';
import { actorOf, inTransaction, type ServiceContext } from '../../../platform/context.ts';
import { NotFoundError } from '../../../lib/errors.ts';
import { abilitiesFor } from '../shared/organisations.policy.ts';
import { findOrganisation } from '../shared/organisations.repo.ts';
import { suppressed } from '../shared/organisations.rules.ts';
import { countMembersByRole, findRelatives } from './organisation.repo.ts';

/**
 * An organisation as its members see it, or, for commissioners, facilitators and network
 * leads looking from above, as aggregates only. Non-members get NotFound.
 */
export async function viewOrganisation(ctx: ServiceContext, organisationId: string) {
  const actor = actorOf(ctx);
  const yourRoles = actor.memberships.find((membership) => membership.organisationId === organisationId)?.roles ?? [];
  let aggregatesOnly = false;
  let scope: Scope;
  if (yourRoles.length === 0) {
    scope = await authorise(ctx.db, actor, 'organisation:aggregates', organisationId);
    aggregatesOnly = true;
  } else {
    // Every member sees their own organisation's page.
    scope = trustedScope([organisationId], 'self');
  }
  const organisation = await findOrganisation(ctx.db, scope, organisationId);
  if (!organisation) {
    throw new NotFoundError();
  }
  const { parent, children } = await findRelatives(ctx.db, scope, organisationId);
  let roleCounts: { role: string; people: string }[] = [];
  if (aggregatesOnly || rolesGrant(yourRoles, 'organisation:aggregates')) {
    const below = await scopeFor(ctx.db, actor, 'organisation:aggregates');
    const within = narrowScope(below, await organisationAndBelow(ctx.db, organisationId));
    roleCounts = (await countMembersByRole(ctx.db, within)).map((row) => ({
      role: row.role,
      people: suppressed(row.people),
    }));
  }
  return { organisation, parent, children, yourRoles, aggregatesOnly, roleCounts, abilities: abilitiesFor(yourRoles) };
}

/** What `viewOrganisation` finds: the organisation, its relatives, and what the person may see and do there. */
export type OrganisationView = Awaited<ReturnType<typeof viewOrganisation>>;

/** Makes an organisation the one the person is working in for this session. */
export async function switchOrganisation(ctx: ServiceContext, organisationId: string): Promise<void> {
  const actor = actorOf(ctx);
  if (!actor.memberships.some((membership) => membership.organisationId === organisationId)) {
    throw new NotFoundError();
  }
  await inTransaction(ctx, async (tx) => {
    await setActiveOrganisation(tx.db, actor.sessionId, organisationId);
    await recordAudit(tx.db, tx.audit, {
      action: 'organisation.switched',
      subjectType: 'organisation',
      subjectId: organisationId,
      organisationId,
    });
  });
}
