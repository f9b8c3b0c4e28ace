import { type Actor, authorise, rolesIn, type Scope } from '../../../platform/auth/policy.ts';
import type { Permission } from '../../../platform/auth/roles.ts';
import type { ServiceContext } from '../../../platform/context.ts';
import { ForbiddenError, NotFoundError } from '../../../lib/errors.ts';
import { addDays, londonToday } from '../../../lib/dates.ts';
import { countSessionsOn, deliversAsStaff, findNextRotaPlace, type NextRotaPlace } from '../../activities/index.ts';
import {
  countClaimsWaiting,
  countHoursWaiting,
  countLapsingBetween,
  countWaitingApplicants,
  findChampionForUser,
} from '../../champions/index.ts';
import { countOpenCheckingTasks, countPendingReviews } from '../../directory/index.ts';

/** How far ahead the start page looks for checks and courses about to lapse (as the reminder emails do). */
export const LAPSING_DAYS = 30;

/** What waits for the person in their active organisation; a part is null when their roles there do not grant it. */
export interface StartPageWork {
  organisationId: string;
  coordinator: {
    applicants: Record<string, number>;
    hoursWaiting: number;
    claimsWaiting: number;
    lapsingSoon: number;
  } | null;
  sessionsToday: number | null;
  champion: { nextPlace: NextRotaPlace | null } | null;
  reviewsWaiting: number | null;
  checkingTasksOpen: number | null;
  /** True for commissioners and facilitators: totals only, no named people. */
  aggregatesOnly: boolean;
}

/** The policy layer's scope for one permission in one organisation, or null when it is not granted there. */
async function scopeIfGranted(
  ctx: ServiceContext,
  actor: Actor,
  permission: Permission,
  organisationId: string,
): Promise<Scope | null> {
  try {
    return await authorise(ctx.db, actor, permission, organisationId);
  } catch (error) {
    if (error instanceof ForbiddenError || error instanceof NotFoundError) {
      return null;
    }
    throw error;
  }
}

async function coordinatorWork(
  ctx: ServiceContext,
  actor: Actor,
  organisationId: string,
  today: string,
): Promise<StartPageWork['coordinator']> {
  const manage = await scopeIfGranted(ctx, actor, 'champions:manage', organisationId);
  if (!manage) {
    return null;
  }
  const hoursScope = await scopeIfGranted(ctx, actor, 'champions:verify-hours', organisationId);
  const claimsScope = await scopeIfGranted(ctx, actor, 'champions:approve-expenses', organisationId);
  return {
    applicants: await countWaitingApplicants(ctx.db, manage, organisationId),
    hoursWaiting: hoursScope ? await countHoursWaiting(ctx.db, hoursScope, organisationId) : 0,
    claimsWaiting: claimsScope ? await countClaimsWaiting(ctx.db, claimsScope, organisationId) : 0,
    lapsingSoon: await countLapsingBetween(ctx.db, manage, organisationId, today, addDays(today, LAPSING_DAYS)),
  };
}

async function championWork(
  ctx: ServiceContext,
  actor: Actor,
  organisationId: string,
): Promise<StartPageWork['champion']> {
  const scope = await scopeIfGranted(ctx, actor, 'champions:self', organisationId);
  if (!scope) {
    return null;
  }
  const champion = await findChampionForUser(ctx.db, actor.userId, organisationId);
  if (!champion || champion.stage === 'left') {
    return null;
  }
  return { nextPlace: await findNextRotaPlace(ctx.db, scope, champion.id) };
}

/**
 * The start page's counts for the person's active organisation only, each behind the
 * permission that grants it there. Nothing is read from another organisation, and nothing
 * names a person, so the page itself needs no audit entry.
 */
export async function startPageWork(ctx: ServiceContext): Promise<StartPageWork | null> {
  const actor = ctx.actor;
  const organisationId = actor?.activeOrganisationId ?? null;
  if (!actor || !organisationId || rolesIn(actor, organisationId).length === 0) {
    return null;
  }
  const today = londonToday(ctx.clock.now());
  const deliver = deliversAsStaff(rolesIn(actor, organisationId))
    ? await scopeIfGranted(ctx, actor, 'activities:deliver', organisationId)
    : null;
  const review = await scopeIfGranted(ctx, actor, 'directory:review', organisationId);
  const verify = await scopeIfGranted(ctx, actor, 'directory:verify', organisationId);
  const aggregates = await scopeIfGranted(ctx, actor, 'organisation:aggregates', organisationId);
  const namedPeople = await scopeIfGranted(ctx, actor, 'members:view', organisationId);
  return {
    organisationId,
    coordinator: await coordinatorWork(ctx, actor, organisationId, today),
    sessionsToday: deliver ? await countSessionsOn(ctx.db, deliver, organisationId, today) : null,
    champion: await championWork(ctx, actor, organisationId),
    reviewsWaiting: review ? await countPendingReviews(ctx.db, review, organisationId) : null,
    checkingTasksOpen: verify ? await countOpenCheckingTasks(ctx.db, verify, organisationId) : null,
    aggregatesOnly: aggregates !== null && namedPeople === null,
  };
}
