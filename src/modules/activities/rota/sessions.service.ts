import { recordAudit } from '../../../platform/audit/audit.ts';
import { type Scope, rolesIn, trustedScope } from '../../../platform/auth/policy.ts';
import { rolesGrant } from '../../../platform/auth/roles.ts';
import { type ServiceContext, actorOf, inTransaction } from '../../../platform/context.ts';
import { ConflictError, ForbiddenError, NotFoundError } from '../../../lib/errors.ts';
import { isUuid } from '../../../lib/ids.ts';
import {
  activeChampionsIn,
  championsByIds,
  clearanceFor,
  findChampionForUser,
  roleTemplateNames,
} from '../../champions/index.ts';
import type { ActivityRow, ActivitySessionRow } from '../activities.tables.ts';
import { loadActivity } from '../shared/activities-scope.policy.ts';
import { syncActivityListing } from '../whats-on/publishing.service.ts';
import { claimPlace, rotaCanChange } from './rota.service.ts';
import {
  cancelUpcomingSession,
  deleteScheduleException,
  findSessionOfActivity,
  holdsPlaceOn,
  isLeadOf,
  listSessionPlaces,
  lockSessionPlace,
  openPlace,
  reinstateUpcomingSession,
} from './rota.repo.ts';
import { londonToday } from '../../../lib/dates.ts';
import { whyNoSchedule } from '../schedules/schedules.service.ts';

/** Someone's view of one session: staff with activities:view, or a champion who leads it or is on its rota. */
export interface SessionAccess {
  activity: ActivityRow;
  session: ActivitySessionRow;
  canManage: boolean;
}

/** The activity's own organisation: the caller has already been authorised for the activity. */
function scopeOf(activity: Pick<ActivityRow, 'organisation_id'>): Scope {
  return trustedScope([activity.organisation_id], 'linked');
}

async function findSessionOf(
  ctx: ServiceContext,
  activity: ActivityRow,
  sessionId: string,
  lock = false,
): Promise<ActivitySessionRow> {
  if (!isUuid(sessionId)) {
    throw new NotFoundError();
  }
  const session = await findSessionOfActivity(ctx.db, scopeOf(activity), activity, sessionId, lock);
  if (!session) {
    throw new NotFoundError();
  }
  return session;
}

/**
 * Loads a session for reading. Staff who may view the activity see it; a champion of the
 * practice sees it only when they lead the activity or hold a place on this session (403
 * otherwise); anyone with no standing in the practice gets 404.
 */
export async function sessionAccess(
  ctx: ServiceContext,
  activityId: string,
  sessionId: string,
): Promise<SessionAccess> {
  const actor = actorOf(ctx);
  try {
    const { activity } = await loadActivity(ctx, 'activities:view', activityId);
    const session = await findSessionOf(ctx, activity, sessionId);
    return { activity, session, canManage: rolesGrant(rolesIn(actor, activity.organisation_id), 'activities:manage') };
  } catch (error) {
    if (!(error instanceof ForbiddenError)) {
      throw error;
    }
  }
  const { activity } = await loadActivity(ctx, 'activities:deliver', activityId);
  const session = await findSessionOf(ctx, activity, sessionId);
  const champion = await findChampionForUser(ctx.db, actor.userId, activity.organisation_id);
  const leads = champion ? await isLeadOf(ctx.db, scopeOf(activity), activity.id, champion.id) : false;
  const onRota = champion ? await holdsPlaceOn(ctx.db, scopeOf(activity), session.id, champion.id) : false;
  if (!champion || champion.stage === 'left' || (!leads && !onRota)) {
    throw new ForbiddenError('You can see a session if you lead the activity or have a place on its rota');
  }
  return { activity, session, canManage: false };
}

/** True when the session has not started and is still going ahead. */
export function isUpcoming(session: ActivitySessionRow, now: Date = new Date()): boolean {
  return session.status === 'scheduled' && session.starts_at > now;
}

/** The session's rota: every place, in role then position order, with who holds it. */
export async function rotaOf(ctx: ServiceContext, session: ActivitySessionRow) {
  const scope = scopeOf(session);
  const places = await listSessionPlaces(ctx.db, scope, session.id);
  const roles = await roleTemplateNames(
    ctx.db,
    places.map((place) => place.role_template_id),
  );
  const rank = new Map(roles.map((role, index) => [role.id, index]));
  const people = await championsByIds(
    ctx.db,
    scope,
    places.flatMap((place) => (place.champion_id ? [place.champion_id] : [])),
  );
  return places
    .filter((place) => rank.has(place.role_template_id))
    .sort(
      (a, b) => (rank.get(a.role_template_id) ?? 0) - (rank.get(b.role_template_id) ?? 0) || a.position - b.position,
    )
    .map((place) => ({
      ...place,
      role_name: roles[rank.get(place.role_template_id) ?? 0]?.name ?? '',
      champion_name: place.champion_id ? (people.get(place.champion_id)?.displayName ?? null) : null,
    }));
}

/** For each role with an open place: the practice's active champions, each cleared or with what is missing. */
async function choicesFor(ctx: ServiceContext, activity: ActivityRow, roleIds: readonly string[]) {
  const choices = new Map<string, { id: string; name: string; cleared: boolean; missing: string[] }[]>();
  if (roleIds.length === 0) {
    return choices;
  }
  const scope = trustedScope([activity.organisation_id], 'linked');
  const champions = await activeChampionsIn(ctx.db, scope, activity.organisation_id);
  for (const roleId of roleIds) {
    const list = [];
    for (const champion of champions) {
      const clearance = await clearanceFor(ctx.db, scope, champion.id, roleId);
      list.push({
        id: champion.id,
        name: champion.display_name,
        cleared: clearance.cleared,
        missing: clearance.missing,
      });
    }
    choices.set(roleId, list);
  }
  return choices;
}

/** Everything the session page shows. Reading the rota (champions' names) is audited. */
export async function sessionPage(ctx: ServiceContext, activityId: string, sessionId: string) {
  const access = await sessionAccess(ctx, activityId, sessionId);
  const places = await rotaOf(ctx, access.session);
  const canChange = access.canManage && rotaCanChange(access.session, false);
  const openRoles = canChange
    ? [...new Set(places.filter((place) => place.champion_id === null).map((place) => place.role_template_id))]
    : [];
  const choices = await choicesFor(ctx, access.activity, openRoles);
  await recordAudit(ctx.db, ctx.audit, {
    action: 'activity.session-viewed',
    subjectType: 'activity_session',
    subjectId: access.session.id,
    organisationId: access.activity.organisation_id,
  });
  return {
    ...access,
    places,
    choices,
    canChange,
    canCancel: access.canManage && isUpcoming(access.session),
    // Recording (the session-record pages) is for a session that is going ahead, from its day on.
    canRecord: access.session.status !== 'cancelled' && access.session.local_date <= londonToday(),
    canReinstate:
      access.canManage &&
      access.session.status === 'cancelled' &&
      access.session.starts_at > new Date() &&
      whyNoSchedule(access.activity.status) === null,
  };
}

async function manageSession(ctx: ServiceContext, activityId: string, sessionId: string) {
  const { activity } = await loadActivity(ctx, 'activities:manage', activityId);
  const session = await findSessionOf(ctx, activity, sessionId);
  return { activity, session };
}

/** Cancels a scheduled session that has not started, with a reason; its rota stays, marked cancelled. */
export async function cancelSession(
  ctx: ServiceContext,
  activityId: string,
  sessionId: string,
  reason: string,
): Promise<void> {
  const { activity, session } = await manageSession(ctx, activityId, sessionId);
  await inTransaction(ctx, async (tx) => {
    const cancelled = await cancelUpcomingSession(tx.db, scopeOf(activity), session.id, reason);
    if (!cancelled) {
      throw new ConflictError('Only a session that is still to come and going ahead can be cancelled');
    }
    await syncActivityListing(tx.db, activity.id, { userId: actorOf(ctx).userId });
    await recordAudit(tx.db, tx.audit, {
      action: 'activity.session-cancelled',
      subjectType: 'activity_session',
      subjectId: session.id,
      organisationId: activity.organisation_id,
    });
  });
}

/** Puts a cancelled session that is still to come back on (and stops skipping its date). */
export async function reinstateSession(ctx: ServiceContext, activityId: string, sessionId: string): Promise<void> {
  const { activity, session } = await manageSession(ctx, activityId, sessionId);
  const why = whyNoSchedule(activity.status);
  if (why) {
    throw new ConflictError(why);
  }
  await inTransaction(ctx, async (tx) => {
    const reinstated = await reinstateUpcomingSession(tx.db, scopeOf(activity), session.id);
    if (!reinstated) {
      throw new ConflictError('Only a cancelled session that is still to come can be put back on');
    }
    if (session.schedule_id) {
      await deleteScheduleException(tx.db, scopeOf(activity), session.schedule_id, session.local_date);
    }
    await syncActivityListing(tx.db, activity.id, { userId: actorOf(ctx).userId });
    await recordAudit(tx.db, tx.audit, {
      action: 'activity.session-reinstated',
      subjectType: 'activity_session',
      subjectId: session.id,
      organisationId: activity.organisation_id,
    });
  });
}

/** A coordinator puts a champion in an open place (see claimPlace for what is refused). */
export async function assignPlace(
  ctx: ServiceContext,
  activityId: string,
  sessionId: string,
  placeId: string,
  championId: string,
): Promise<string> {
  const { activity, session } = await manageSession(ctx, activityId, sessionId);
  return inTransaction(ctx, async (tx) => {
    const place = await claimPlace(tx.db, {
      placeId,
      championId,
      organisationId: activity.organisation_id,
      byUserId: actorOf(ctx).userId,
      self: false,
      field: `champion-${placeId}`,
      sessionId: session.id,
    });
    await recordAudit(tx.db, tx.audit, {
      action: 'activity.rota-assigned',
      subjectType: 'activity_rota_place',
      subjectId: place.id,
      organisationId: activity.organisation_id,
      details: { sessionId: session.id, championId: place.champion_id },
    });
    return place.champion_name;
  });
}

/** A coordinator frees a taken place on a session still to come. */
export async function releasePlace(
  ctx: ServiceContext,
  activityId: string,
  sessionId: string,
  placeId: string,
): Promise<void> {
  const { activity, session } = await manageSession(ctx, activityId, sessionId);
  if (!rotaCanChange(session, false)) {
    throw new ConflictError('This session is over or cancelled, so its rota cannot change');
  }
  await inTransaction(ctx, async (tx) => {
    const place = isUuid(placeId) ? await lockSessionPlace(tx.db, scopeOf(activity), session.id, placeId) : undefined;
    if (!place) {
      throw new NotFoundError();
    }
    if (place.champion_id === null) {
      throw new ConflictError('This place is already open');
    }
    await openPlace(tx.db, scopeOf(activity), place.id);
    await recordAudit(tx.db, tx.audit, {
      action: 'activity.rota-released',
      subjectType: 'activity_rota_place',
      subjectId: place.id,
      organisationId: activity.organisation_id,
      details: { sessionId: session.id, championId: place.champion_id },
    });
  });
}
