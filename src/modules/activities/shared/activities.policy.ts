import { type Scope, authorise } from '../../../platform/auth/policy.ts';
import type { Permission } from '../../../platform/auth/roles.ts';
import { type ServiceContext, actorOf } from '../../../platform/context.ts';
import { AppError, ForbiddenError } from '../../../lib/errors.ts';
import { activityScope, loadActivity } from './activities-scope.policy.ts';
import type { ActivityRow, ActivityStatus } from '../activities.tables.ts';
import { canMove } from '../lifecycle/lifecycle.rules.ts';

/** What the person may do with activities in one organisation. */
export interface ActivityPermissions {
  /** Staff who see activities (a network's staff see its practices'). */
  view: boolean;
  /** Champions, coordinators and practice managers, in their own organisation. */
  propose: boolean;
  /** Coordinators and practice managers: edit, risk-assess, approve, publish, pause, close. */
  manage: boolean;
}

async function holds(ctx: ServiceContext, permission: Permission, organisationId: string): Promise<boolean> {
  try {
    await authorise(ctx.db, actorOf(ctx), permission, organisationId);
    return true;
  } catch (error) {
    if (error instanceof AppError && (error.status === 403 || error.status === 404)) {
      return false;
    }
    throw error;
  }
}

/** The activity permissions the person holds in an organisation (no error for none). */
export async function permissionsIn(ctx: ServiceContext, organisationId: string): Promise<ActivityPermissions> {
  return {
    view: await holds(ctx, 'activities:view', organisationId),
    propose: await holds(ctx, 'activities:propose', organisationId),
    manage: await holds(ctx, 'activities:manage', organisationId),
  };
}

/**
 * The scope for the organisation's list of activities: staff who view activities get the
 * organisation and (for a network) its practices; champions, who may only propose, get their
 * own organisation. 404 for someone with no standing, 403 for a member with neither.
 */
export async function listAccess(
  ctx: ServiceContext,
  organisationId: string,
): Promise<{ scope: Scope; can: ActivityPermissions }> {
  let scope: Scope;
  try {
    scope = await activityScope(ctx, 'activities:view', organisationId);
  } catch (error) {
    if (!(error instanceof ForbiddenError)) {
      throw error;
    }
    scope = await authorise(ctx.db, actorOf(ctx), 'activities:propose', organisationId).catch(() => {
      throw error;
    });
  }
  return { scope, can: await permissionsIn(ctx, organisationId) };
}

/** One activity with what the person may do with it. */
export interface ActivityAccess {
  activity: ActivityRow;
  /** The scope of the activity's own organisation, for reading and changing it. */
  scope: Scope;
  can: ActivityPermissions;
  /** The person proposed it (a champion may edit their own idea or proposal). */
  isProposer: boolean;
}

/**
 * Loads an activity for anyone who may read it: staff who view activities, and the champions,
 * coordinators and practice managers of its organisation. An unknown id or another
 * organisation's activity is 404; a member of the organisation with neither permission is 403.
 */
export async function activityAccess(ctx: ServiceContext, activityId: string): Promise<ActivityAccess> {
  let activity: ActivityRow;
  let scope: Scope;
  try {
    ({ activity, scope } = await loadActivity(ctx, 'activities:view', activityId));
  } catch (error) {
    if (!(error instanceof ForbiddenError)) {
      throw error;
    }
    const loaded = await loadActivity(ctx, 'activities:propose', activityId).catch((refused: unknown) => {
      if (refused instanceof AppError) {
        return null;
      }
      throw refused;
    });
    if (!loaded) {
      throw error;
    }
    ({ activity, scope } = loaded);
  }
  const can = await permissionsIn(ctx, activity.organisation_id);
  return {
    activity,
    scope,
    can,
    isProposer: activity.created_by !== null && activity.created_by === actorOf(ctx).userId,
  };
}

/** Which of the activity's buttons the person may use now. */
export interface ActivityAbilities {
  edit: boolean;
  submitProposal: boolean;
  riskAssess: boolean;
  approve: boolean;
  publish: boolean;
  pause: boolean;
  close: boolean;
}

/** Champions may edit (and submit) their own proposal until it has been risk assessed. */
export function mayEdit(access: Pick<ActivityAccess, 'activity' | 'can' | 'isProposer'>): boolean {
  if (access.activity.status === 'closed') {
    return false;
  }
  return (
    access.can.manage ||
    (access.can.propose &&
      access.isProposer &&
      (access.activity.status === 'idea' || access.activity.status === 'proposed'))
  );
}

/** Whether the person may record a risk assessment: managers, once proposed and until closed. */
export function mayRiskAssess(status: ActivityStatus, can: ActivityPermissions): boolean {
  return can.manage && status !== 'idea' && status !== 'closed';
}

/** The buttons for the activity's page, from the person's permissions and the lifecycle. */
export function abilitiesFor(access: Pick<ActivityAccess, 'activity' | 'can' | 'isProposer'>): ActivityAbilities {
  const { status } = access.activity;
  const { manage } = access.can;
  return {
    edit: mayEdit(access),
    submitProposal: status === 'idea' && mayEdit(access),
    riskAssess: mayRiskAssess(status, access.can),
    approve: manage && canMove(status, 'approved'),
    publish: manage && canMove(status, 'active'),
    pause: manage && canMove(status, 'paused'),
    close: manage && canMove(status, 'closed'),
  };
}

/** Whether the person may make this move from the activity's page (the lifecycle is checked later). */
export function mayMove(access: Pick<ActivityAccess, 'activity' | 'can' | 'isProposer'>, to: ActivityStatus): boolean {
  if (to === 'proposed') {
    return mayEdit(access);
  }
  return access.can.manage;
}
