import { type Actor, type Scope, rolesIn, trustedScope } from '../../../platform/auth/policy.ts';
import { rolesGrant } from '../../../platform/auth/roles.ts';
import { type ServiceContext, actorOf } from '../../../platform/context.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { AppError, ForbiddenError, NotFoundError } from '../../../lib/errors.ts';
import { isUuid } from '../../../lib/ids.ts';
import { loadActivity } from '../shared/activities-scope.policy.ts';
import type { ActivityRow } from '../activities.tables.ts';
import { championsByIds } from '../../champions/index.ts';
import { leadChampionIds } from './introductions.repo.ts';
import { findActivity } from '../shared/activity-records.repo.ts';

/** How one person may use an activity's introductions. */
export interface IntroductionAccess {
  activity: ActivityRow;
  /** A coordinator or practice manager of the activity's organisation. */
  canManage: boolean;
  /** One of the activity's lead champions. */
  isLead: boolean;
  /** May introduce people (signposting staff, here or in the network above). */
  canIntroduce: boolean;
}

/** True when the person is one of the activity's lead champions (and still a champion there). */
async function leadsActivity(db: Executor, actor: Actor, activity: ActivityRow): Promise<boolean> {
  const championOrganisations = actor.memberships
    .filter((membership) => membership.roles.includes('champion'))
    .map((membership) => membership.organisationId);
  if (championOrganisations.length === 0) {
    return false;
  }
  const leads = await leadChampionIds(db, activityScope(activity), activity.id);
  const people = await championsByIds(db, trustedScope(championOrganisations, 'linked'), leads);
  return [...people.values()].some((person) => person.userId === actor.userId && person.stage !== 'left');
}

/** The activity's own organisation, once the caller has reached the activity through introductionAccess. */
export function activityScope(activity: ActivityRow): Scope {
  return trustedScope([activity.organisation_id], 'linked');
}

/**
 * What the person may do with an activity's introductions. An unknown activity, or one where
 * they have no standing, is 404; a member who may neither introduce, manage nor lead is 403.
 */
export async function introductionAccess(ctx: ServiceContext, activityId: string): Promise<IntroductionAccess> {
  const actor = actorOf(ctx);
  const activity = isUuid(activityId) ? await findActivity(ctx.db, activityId) : undefined;
  if (!activity) {
    throw new NotFoundError();
  }
  const canManage = rolesGrant(rolesIn(actor, activity.organisation_id), 'activities:manage');
  const isLead = await leadsActivity(ctx.db, actor, activity);
  // Staff of the practices it is hosted at may introduce people too (loadActivity decides).
  const introducing = await loadActivity(ctx, 'activities:introduce', activity.id).then(
    () => null,
    (refusal: unknown) => refusal,
  );
  const canIntroduce = introducing === null;
  if (!canManage && !isLead && !canIntroduce) {
    // NotFound for no standing at all, Forbidden for a member without the permission.
    throw introducing instanceof AppError ? introducing : new ForbiddenError();
  }
  return { activity, canManage, isLead, canIntroduce };
}
