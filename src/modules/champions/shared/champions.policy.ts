import { type Scope, authorise, narrowScope, organisationAndBelow, scopeFor } from '../../../platform/auth/policy.ts';
import { actorOf, type ServiceContext } from '../../../platform/context.ts';
import { ForbiddenError, NotFoundError } from '../../../lib/errors.ts';
import { findOrganisationIn } from './organisations.repo.ts';

/**
 * Scope of one organisation where the person manages champions: 404 for outsiders, 403 for
 * members without the permission and for network leads who may only read there.
 */
export async function manageScope(ctx: ServiceContext, organisationId: string): Promise<Scope> {
  try {
    return await authorise(ctx.db, actorOf(ctx), 'champions:manage', organisationId);
  } catch (error) {
    if (error instanceof NotFoundError) {
      await authorise(ctx.db, actorOf(ctx), 'champions:view', organisationId);
      throw new ForbiddenError();
    }
    throw error;
  }
}

/**
 * Scope for reading champions from one organisation's point of view: the organisation and,
 * for a network, its practices, limited to where the person may view champions.
 */
export async function viewScope(ctx: ServiceContext, organisationId: string): Promise<Scope> {
  const actor = actorOf(ctx);
  await authorise(ctx.db, actor, 'champions:view', organisationId);
  const allowed = await scopeFor(ctx.db, actor, 'champions:view');
  const scope = narrowScope(allowed, await organisationAndBelow(ctx.db, organisationId));
  if (scope.organisationIds.length === 0) {
    throw new NotFoundError();
  }
  return scope;
}

/** The organisation's name and kind (in scope), or NotFound. */
export async function organisationIn(
  ctx: ServiceContext,
  scope: Scope,
  organisationId: string,
): Promise<{ id: string; name: string; kind: string; ods_code: string | null }> {
  const row = await findOrganisationIn(ctx.db, scope, organisationId);
  if (!row) {
    throw new NotFoundError();
  }
  return row;
}
