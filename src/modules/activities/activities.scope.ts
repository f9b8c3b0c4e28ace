import { type Actor, type Scope, authorise, organisationAndBelow, scopeFor } from '../../platform/auth/policy.ts';
import type { Permission } from '../../platform/auth/roles.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { NotFoundError, UnauthenticatedError } from '../../lib/errors.ts';
import { isUuid } from '../../lib/ids.ts';
import type { ActivityRow } from './activities.tables.ts';

/** The signed-in person, for services that need one. */
export function actorOf(ctx: ServiceContext): Actor {
  if (!ctx.actor) {
    throw new UnauthenticatedError();
  }
  return ctx.actor;
}

/**
 * The scope for acting in one organisation with `permission`: 404 for someone with no
 * standing there, 403 for a member without the permission. For permissions that reach below
 * (seeing activities), a network's scope also holds its practices.
 */
export async function activityScope(ctx: ServiceContext, permission: Permission, organisationId: string): Promise<Scope> {
  const actor = actorOf(ctx);
  await authorise(ctx.db, actor, permission, organisationId);
  const allowed = await scopeFor(ctx.db, actor, permission);
  const ids = (await organisationAndBelow(ctx.db, organisationId)).filter((id) => id === organisationId || allowed.organisationIds.includes(id));
  return { organisationIds: ids };
}

/**
 * Loads one activity for someone who wants to use `permission` on it. An unknown id, or an
 * activity of an organisation where the person has no standing, is 404 (its existence is not
 * revealed); a member without the permission gets 403. Returns the row and the scope of the
 * activity's organisation.
 */
export async function loadActivity(ctx: ServiceContext, permission: Permission, activityId: string): Promise<{ activity: ActivityRow; scope: Scope }> {
  const actor = actorOf(ctx);
  if (!isUuid(activityId)) {
    throw new NotFoundError();
  }
  const activity = await ctx.db.selectFrom('activities').selectAll().where('id', '=', activityId).executeTakeFirst();
  if (!activity) {
    throw new NotFoundError();
  }
  await authorise(ctx.db, actor, permission, activity.organisation_id);
  return { activity, scope: { organisationIds: [activity.organisation_id] } };
}
