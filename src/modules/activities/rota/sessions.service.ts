import { sql } from 'kysely';
import { recordAudit } from '../../../platform/audit/audit.ts';
import { rolesIn, trustedScope } from '../../../platform/auth/policy.ts';
import { rolesGrant } from '../../../platform/auth/roles.ts';
import type { ServiceContext } from '../../../platform/context.ts';
import { withTransaction } from '../../../platform/db/transaction.ts';
import { ConflictError, ForbiddenError, NotFoundError } from '../../../lib/errors.ts';
import { isUuid } from '../../../lib/ids.ts';
import { clearanceFor, findChampionForUser } from '../../champions/index.ts';
import type { ActivityRow, ActivitySessionRow } from '../activities.tables.ts';
import { actorOf, loadActivity } from '../shared/activities-scope.policy.ts';
import { syncActivityListing } from '../whats-on/publishing.service.ts';
import { claimPlace, rotaCanChange } from './rota.service.ts';
import { londonToday } from '../schedules/recurrence.rules.ts';
import { whyNoSchedule } from '../schedules/schedules.service.ts';

/** Someone's view of one session: staff with activities:view, or a champion who leads it or is on its rota. */
export interface SessionAccess {
  activity: ActivityRow;
  session: ActivitySessionRow;
  canManage: boolean;
}

async function findSessionOf(ctx: ServiceContext, activity: ActivityRow, sessionId: string, lock = false): Promise<ActivitySessionRow> {
  if (!isUuid(sessionId)) {
    throw new NotFoundError();
  }
  const query = ctx.db.selectFrom('activity_sessions').selectAll().where('id', '=', sessionId).where('activity_id', '=', activity.id).where('organisation_id', '=', activity.organisation_id);
  const session = await (lock ? query.forUpdate() : query).executeTakeFirst();
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
export async function sessionAccess(ctx: ServiceContext, activityId: string, sessionId: string): Promise<SessionAccess> {
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
  const leads = champion ? await ctx.db.selectFrom('activity_leads').select('champion_id').where('activity_id', '=', activity.id).where('champion_id', '=', champion.id).executeTakeFirst() : undefined;
  const onRota = champion ? await ctx.db.selectFrom('activity_rota_places').select('id').where('session_id', '=', session.id).where('champion_id', '=', champion.id).executeTakeFirst() : undefined;
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
  return ctx.db
    .selectFrom('activity_rota_places')
    .innerJoin('champion_role_templates', 'champion_role_templates.id', 'activity_rota_places.role_template_id')
    .leftJoin('champions', 'champions.id', 'activity_rota_places.champion_id')
    .select(['activity_rota_places.id', 'activity_rota_places.role_template_id', 'activity_rota_places.position', 'activity_rota_places.champion_id', 'champion_role_templates.name as role_name', 'champions.display_name as champion_name'])
    .where('activity_rota_places.session_id', '=', session.id)
    .orderBy('champion_role_templates.name')
    .orderBy('activity_rota_places.position')
    .execute();
}

/** For each role with an open place: the practice's active champions, each cleared or with what is missing. */
async function choicesFor(ctx: ServiceContext, activity: ActivityRow, roleIds: readonly string[]) {
  const choices = new Map<string, { id: string; name: string; cleared: boolean; missing: string[] }[]>();
  if (roleIds.length === 0) {
    return choices;
  }
  const scope = trustedScope([activity.organisation_id], 'linked');
  const champions = await ctx.db.selectFrom('champions').select(['id', 'display_name']).where('organisation_id', '=', activity.organisation_id).where('stage', '=', 'active').orderBy('display_name').orderBy('id').execute();
  for (const roleId of roleIds) {
    const list = [];
    for (const champion of champions) {
      const clearance = await clearanceFor(ctx.db, scope, champion.id, roleId);
      list.push({ id: champion.id, name: champion.display_name, cleared: clearance.cleared, missing: clearance.missing });
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
  const openRoles = canChange ? [...new Set(places.filter((place) => place.champion_id === null).map((place) => place.role_template_id))] : [];
  const choices = await choicesFor(ctx, access.activity, openRoles);
  await recordAudit(ctx.db, ctx.audit, { action: 'activity.session-viewed', subjectType: 'activity_session', subjectId: access.session.id, organisationId: access.activity.organisation_id });
  return {
    ...access,
    places,
    choices,
    canChange,
    canCancel: access.canManage && isUpcoming(access.session),
    // Recording (the session-record pages) is for a session that is going ahead, from its day on.
    canRecord: access.session.status !== 'cancelled' && access.session.local_date <= londonToday(),
    canReinstate: access.canManage && access.session.status === 'cancelled' && access.session.starts_at > new Date() && whyNoSchedule(access.activity.status) === null,
  };
}

async function manageSession(ctx: ServiceContext, activityId: string, sessionId: string) {
  const { activity } = await loadActivity(ctx, 'activities:manage', activityId);
  const session = await findSessionOf(ctx, activity, sessionId);
  return { activity, session };
}

/** Cancels a scheduled session that has not started, with a reason; its rota stays, marked cancelled. */
export async function cancelSession(ctx: ServiceContext, activityId: string, sessionId: string, reason: string): Promise<void> {
  const { activity, session } = await manageSession(ctx, activityId, sessionId);
  await withTransaction(ctx.db, async (tx) => {
    const cancelled = await tx
      .updateTable('activity_sessions')
      .set({ status: 'cancelled', cancel_reason: reason })
      .where('id', '=', session.id)
      .where('status', '=', 'scheduled')
      .where('starts_at', '>', sql<Date>`now()`)
      .returning('id')
      .executeTakeFirst();
    if (!cancelled) {
      throw new ConflictError('Only a session that is still to come and going ahead can be cancelled');
    }
    await syncActivityListing(tx, activity.id, { userId: actorOf(ctx).userId });
    await recordAudit(tx, ctx.audit, { action: 'activity.session-cancelled', subjectType: 'activity_session', subjectId: session.id, organisationId: activity.organisation_id });
  });
}

/** Puts a cancelled session that is still to come back on (and stops skipping its date). */
export async function reinstateSession(ctx: ServiceContext, activityId: string, sessionId: string): Promise<void> {
  const { activity, session } = await manageSession(ctx, activityId, sessionId);
  const why = whyNoSchedule(activity.status);
  if (why) {
    throw new ConflictError(why);
  }
  await withTransaction(ctx.db, async (tx) => {
    const reinstated = await tx
      .updateTable('activity_sessions')
      .set({ status: 'scheduled', cancel_reason: '' })
      .where('id', '=', session.id)
      .where('status', '=', 'cancelled')
      .where('starts_at', '>', sql<Date>`now()`)
      .returning('id')
      .executeTakeFirst();
    if (!reinstated) {
      throw new ConflictError('Only a cancelled session that is still to come can be put back on');
    }
    if (session.schedule_id) {
      await tx.deleteFrom('activity_schedule_exceptions').where('schedule_id', '=', session.schedule_id).where('on_date', '=', session.local_date).execute();
    }
    await syncActivityListing(tx, activity.id, { userId: actorOf(ctx).userId });
    await recordAudit(tx, ctx.audit, { action: 'activity.session-reinstated', subjectType: 'activity_session', subjectId: session.id, organisationId: activity.organisation_id });
  });
}

/** A coordinator puts a champion in an open place (see claimPlace for what is refused). */
export async function assignPlace(ctx: ServiceContext, activityId: string, sessionId: string, placeId: string, championId: string): Promise<string> {
  const { activity, session } = await manageSession(ctx, activityId, sessionId);
  return withTransaction(ctx.db, async (tx) => {
    const place = await claimPlace(tx, { placeId, championId, organisationId: activity.organisation_id, byUserId: actorOf(ctx).userId, self: false, field: `champion-${placeId}`, sessionId: session.id });
    await recordAudit(tx, ctx.audit, { action: 'activity.rota-assigned', subjectType: 'activity_rota_place', subjectId: place.id, organisationId: activity.organisation_id, details: { sessionId: session.id, championId: place.champion_id } });
    return place.champion_name;
  });
}

/** A coordinator frees a taken place on a session still to come. */
export async function releasePlace(ctx: ServiceContext, activityId: string, sessionId: string, placeId: string): Promise<void> {
  const { activity, session } = await manageSession(ctx, activityId, sessionId);
  if (!rotaCanChange(session, false)) {
    throw new ConflictError('This session is over or cancelled, so its rota cannot change');
  }
  await withTransaction(ctx.db, async (tx) => {
    const place = isUuid(placeId) ? await tx.selectFrom('activity_rota_places').select(['id', 'champion_id']).where('id', '=', placeId).where('session_id', '=', session.id).forUpdate().executeTakeFirst() : undefined;
    if (!place) {
      throw new NotFoundError();
    }
    if (place.champion_id === null) {
      throw new ConflictError('This place is already open');
    }
    await tx.updateTable('activity_rota_places').set({ champion_id: null, assigned_by: null, assigned_at: null }).where('id', '=', place.id).execute();
    await recordAudit(tx, ctx.audit, { action: 'activity.rota-released', subjectType: 'activity_rota_place', subjectId: place.id, organisationId: activity.organisation_id, details: { sessionId: session.id, championId: place.champion_id } });
  });
}
