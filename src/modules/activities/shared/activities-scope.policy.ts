import {
  type Scope,
  authorise,
  joinScopes,
  narrowScope,
  organisationAndBelow,
  scopeFor,
  trustedScope,
} from '../../../platform/auth/policy.ts';
import type { Permission } from '../../../platform/auth/roles.ts';
import { type ServiceContext, actorOf } from '../../../platform/context.ts';
import { ForbiddenError, NotFoundError } from '../../../lib/errors.ts';
import { isUuid } from '../../../lib/ids.ts';
import type { ActivityRow } from '../activities.tables.ts';
import { findActivity, hostOrganisationIds } from './activity-records.repo.ts';

/**
 * The scope for acting in one organisation with `permission`: 404 for someone with no
 * standing there, 403 for a member without the permission. For permissions that reach below
 * (seeing activities), a network's scope also holds its practices.
 */
export async function activityScope(
  ctx: ServiceContext,
  permission: Permission,
  organisationId: string,
): Promise<Scope> {
  const actor = actorOf(ctx);
  const own = await authorise(ctx.db, actor, permission, organisationId);
  const allowed = await scopeFor(ctx.db, actor, permission);
  return joinScopes(own, narrowScope(allowed, await organisationAndBelow(ctx.db, organisationId)));
}

/**
 * Loads one activity for someone who wants to use `permission` on it. An unknown id, or an
 * activity of an organisation where the person has no standing, is 404 (its existence is not
 * revealed); a member without the permission gets 403. Seeing an activity, and introducing
 * someone to it, also reach the staff of the practices it is hosted at. Returns the row and the
 * scope of the activity's organisation.
 */
export async function loadActivity(
  ctx: ServiceContext,
  permission: Permission,
  activityId: string,
): Promise<{ activity: ActivityRow; scope: Scope }> {
  const actor = actorOf(ctx);
  if (!isUuid(activityId)) {
    throw new NotFoundError();
  }
  const activity = await findActivity(ctx.db, activityId);
  if (!activity) {
    throw new NotFoundError();
  }
  let scope: Scope;
  try {
    scope = await authorise(ctx.db, actor, permission, activity.organisation_id);
  } catch (ownerRefusal) {
    await authoriseAtHost(ctx, permission, activity.id, ownerRefusal);
    scope = trustedScope([activity.organisation_id], 'host');
  }
  return { activity, scope };
}

/** Permissions that a host practice's staff hold on the activities hosted there. */
const HOST_PERMISSIONS: readonly Permission[] = ['activities:view', 'activities:introduce'];

/**
 * Allows `permission` through a practice the activity is hosted at, or throws: 403 when the
 * person belongs to a host practice without the permission, otherwise the owner's refusal.
 */
async function authoriseAtHost(
  ctx: ServiceContext,
  permission: Permission,
  activityId: string,
  ownerRefusal: unknown,
): Promise<void> {
  if (!HOST_PERMISSIONS.includes(permission)) {
    throw ownerRefusal;
  }
  let refusal = ownerRefusal;
  for (const host of await hostOrganisationIds(ctx.db, activityId)) {
    try {
      await authorise(ctx.db, actorOf(ctx), permission, host);
      return;
    } catch (hostRefusal) {
      if (hostRefusal instanceof ForbiddenError) {
        refusal = hostRefusal;
      }
    }
  }
  throw refusal;
}
