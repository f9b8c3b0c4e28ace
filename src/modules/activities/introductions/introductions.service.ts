import { sql } from 'kysely';
import { recordAudit } from '../../../platform/audit/audit.ts';
import { type Actor, rolesIn } from '../../../platform/auth/policy.ts';
import { rolesGrant } from '../../../platform/auth/roles.ts';
import type { ServiceContext } from '../../../platform/context.ts';
import { decryptSecret, encryptSecret } from '../../../platform/crypto.ts';
import { type Executor, withTransaction } from '../../../platform/db/transaction.ts';
import { AppError, ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../lib/errors.ts';
import { isUuid, newId } from '../../../lib/ids.ts';
import { actorOf, loadActivity } from '../shared/activities-scope.policy.ts';
import type { ActivityRow, IntroductionStatus, ReferralRoute } from '../activities.tables.ts';
import { type IntroductionForm, ROUTE_LABELS, routeForRoles } from './introductions.schemas.ts';

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

/** An introduction as the activity's coordinators and leads see it: first name and contact only. */
export interface PendingIntroduction {
  id: string;
  firstName: string;
  contact: string;
  route: ReferralRoute;
  createdAt: Date;
}

/** An introduction as the person who made it sees it. */
export interface OwnIntroduction {
  id: string;
  firstName: string;
  route: ReferralRoute;
  status: IntroductionStatus;
  createdAt: Date;
  statusChangedAt: Date;
}

/** How many introductions an activity has in each state (no names). */
export type IntroductionCounts = Record<IntroductionStatus, number>;

/** True when the person is one of the activity's lead champions (and still a champion there). */
async function leadsActivity(db: Executor, actor: Actor, activityId: string): Promise<boolean> {
  const championOrganisations = actor.memberships.filter((membership) => membership.roles.includes('champion')).map((membership) => membership.organisationId);
  if (championOrganisations.length === 0) {
    return false;
  }
  const lead = await db
    .selectFrom('activity_leads')
    .innerJoin('champions', 'champions.id', 'activity_leads.champion_id')
    .select('champions.id')
    .where('activity_leads.activity_id', '=', activityId)
    .where('champions.user_id', '=', actor.userId)
    .where('champions.stage', '!=', 'left')
    .where('champions.organisation_id', 'in', championOrganisations)
    .executeTakeFirst();
  return lead !== undefined;
}

/**
 * What the person may do with an activity's introductions. An unknown activity, or one where
 * they have no standing, is 404; a member who may neither introduce, manage nor lead is 403.
 */
export async function introductionAccess(ctx: ServiceContext, activityId: string): Promise<IntroductionAccess> {
  const actor = actorOf(ctx);
  const activity = isUuid(activityId) ? await ctx.db.selectFrom('activities').selectAll().where('id', '=', activityId).executeTakeFirst() : undefined;
  if (!activity) {
    throw new NotFoundError();
  }
  const canManage = rolesGrant(rolesIn(actor, activity.organisation_id), 'activities:manage');
  const isLead = await leadsActivity(ctx.db, actor, activity.id);
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

/** The routes the activity accepts (every route when it lists none). */
export function acceptedRoutes(activity: ActivityRow): ReferralRoute[] {
  const all = Object.keys(ROUTE_LABELS) as ReferralRoute[];
  return activity.referral_routes.length === 0 ? all : all.filter((route) => activity.referral_routes.includes(route));
}

/**
 * The activity for the introduction form, for someone who may introduce: it must be active.
 * Also the route to tick first, from the person's own role.
 */
export async function introductionFormContext(ctx: ServiceContext, activityId: string): Promise<{ activity: ActivityRow; routes: ReferralRoute[]; defaultRoute: ReferralRoute | null }> {
  const access = await introductionAccess(ctx, activityId);
  if (!access.canIntroduce) {
    throw new ForbiddenError();
  }
  if (access.activity.status !== 'active') {
    throw new ConflictError('People can be introduced only to an activity that is running');
  }
  const routes = acceptedRoutes(access.activity);
  const own = routeForRoles(actorOf(ctx).memberships.flatMap((membership) => membership.roles));
  return { activity: access.activity, routes, defaultRoute: own && routes.includes(own) ? own : null };
}

/** Records a warm introduction, the name and contact encrypted at rest. Returns its id. */
export async function createIntroduction(ctx: ServiceContext, activityId: string, form: IntroductionForm): Promise<string> {
  const { activity, routes } = await introductionFormContext(ctx, activityId);
  if (!routes.includes(form.route)) {
    throw new ValidationError({ route: 'This activity does not take introductions by this route' });
  }
  const key = ctx.config.security.encryptionKey;
  const id = newId();
  await withTransaction(ctx.db, async (tx) => {
    await tx
      .insertInto('activity_introductions')
      .values({ id, activity_id: activity.id, organisation_id: activity.organisation_id, route: form.route, first_name_enc: encryptSecret(key, form.firstName), contact_enc: encryptSecret(key, form.contact), referred_by: actorOf(ctx).userId })
      .execute();
    await recordAudit(tx, ctx.audit, { action: 'activity.introduction-created', subjectType: 'activity_introduction', subjectId: id, organisationId: activity.organisation_id, details: { activityId: activity.id, route: form.route } });
  });
  return id;
}

/** How many of an activity's introductions are in each state. */
export async function introductionCounts(db: Executor, activityId: string): Promise<IntroductionCounts> {
  const rows = await db.selectFrom('activity_introductions').select(['status', db.fn.countAll<number>().as('count')]).where('activity_id', '=', activityId).groupBy('status').execute();
  const counts: IntroductionCounts = { pending: 0, joined: 0, declined: 0, activity_closed: 0 };
  for (const row of rows) {
    counts[row.status] = Number(row.count);
  }
  return counts;
}

/**
 * An activity's introductions for the person asking. Coordinators, practice managers and the
 * activity's leads see who is waiting (first name and contact only); anyone who introduced
 * people sees their own. Reading names is audited.
 */
export async function listIntroductions(ctx: ServiceContext, activityId: string) {
  const access = await introductionAccess(ctx, activityId);
  const { activity } = access;
  const key = ctx.config.security.encryptionKey;
  const seesPending = access.canManage || access.isLead;
  const pendingRows = seesPending
    ? await ctx.db.selectFrom('activity_introductions').select(['id', 'first_name_enc', 'contact_enc', 'route', 'created_at']).where('activity_id', '=', activity.id).where('status', '=', 'pending').orderBy('created_at').orderBy('id').execute()
    : [];
  const pending: PendingIntroduction[] = pendingRows.map((row) => ({ id: row.id, firstName: decryptSecret(key, row.first_name_enc), contact: decryptSecret(key, row.contact_enc), route: row.route, createdAt: row.created_at }));
  const ownRows = await ctx.db
    .selectFrom('activity_introductions')
    .select(['id', 'first_name_enc', 'route', 'status', 'created_at', 'status_changed_at'])
    .where('activity_id', '=', activity.id)
    .where('referred_by', '=', actorOf(ctx).userId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(200)
    .execute();
  const own: OwnIntroduction[] = ownRows.map((row) => ({ id: row.id, firstName: decryptSecret(key, row.first_name_enc), route: row.route, status: row.status, createdAt: row.created_at, statusChangedAt: row.status_changed_at }));
  if (pending.length + own.length > 0) {
    await recordAudit(ctx.db, ctx.audit, { action: 'activity.introductions-viewed', subjectType: 'activity', subjectId: activity.id, organisationId: activity.organisation_id, details: { pending: pending.length, own: own.length } });
  }
  const organisation = await ctx.db.selectFrom('organisations').select(['id', 'name']).where('id', '=', activity.organisation_id).executeTakeFirstOrThrow();
  return { ...access, organisation, seesPending, pending, own, counts: await introductionCounts(ctx.db, activity.id) };
}

/** Marks a pending (or already answered) introduction as joined or declined: coordinators and leads only. */
export async function setIntroductionStatus(ctx: ServiceContext, activityId: string, introductionId: string, status: 'joined' | 'declined'): Promise<void> {
  const access = await introductionAccess(ctx, activityId);
  if (!access.canManage && !access.isLead) {
    throw new ForbiddenError();
  }
  const introduction = isUuid(introductionId)
    ? await ctx.db.selectFrom('activity_introductions').select(['id', 'status']).where('id', '=', introductionId).where('activity_id', '=', access.activity.id).executeTakeFirst()
    : undefined;
  if (!introduction) {
    throw new NotFoundError();
  }
  if (introduction.status === 'activity_closed') {
    throw new ConflictError('The activity closed before this introduction was answered');
  }
  await withTransaction(ctx.db, async (tx) => {
    await tx.updateTable('activity_introductions').set({ status, status_changed_at: sql<Date>`now()` }).where('id', '=', introduction.id).execute();
    await recordAudit(tx, ctx.audit, { action: 'activity.introduction-status', subjectType: 'activity_introduction', subjectId: introduction.id, organisationId: access.activity.organisation_id, details: { from: introduction.status, to: status } });
  });
}

/**
 * When an activity closes: marks its pending introductions closed and emails each referrer
 * how many of theirs were waiting (no names in the email), so they can offer something else.
 * Returns how many introductions were closed.
 */
export async function closePendingIntroductions(tx: Executor, ctx: ServiceContext, activity: ActivityRow): Promise<number> {
  const closed = await tx
    .updateTable('activity_introductions')
    .set({ status: 'activity_closed', status_changed_at: sql<Date>`now()` })
    .where('activity_id', '=', activity.id)
    .where('status', '=', 'pending')
    .returning(['id', 'referred_by'])
    .execute();
  if (closed.length === 0) {
    return 0;
  }
  const waiting = new Map<string, number>();
  for (const row of closed) {
    if (row.referred_by) {
      waiting.set(row.referred_by, (waiting.get(row.referred_by) ?? 0) + 1);
    }
  }
  const referrers = waiting.size === 0 ? [] : await tx.selectFrom('users').select(['id', 'email']).where('id', 'in', [...waiting.keys()]).where('disabled_at', 'is', null).orderBy('id').execute();
  const organisation = await tx.selectFrom('organisations').select('name').where('id', '=', activity.organisation_id).executeTakeFirstOrThrow();
  for (const referrer of referrers) {
    const count = waiting.get(referrer.id) ?? 0;
    // Counts only: the people's names and contact details never leave the platform by email.
    await ctx.notifier.sendEmail(tx, {
      to: referrer.email,
      organisationId: activity.organisation_id,
      subject: `An activity you introduced people to has closed: ${activity.name}`,
      body: [
        `${activity.name} at ${organisation.name} has closed.`,
        '',
        count === 1 ? '1 person you introduced was still waiting to join.' : `${count} people you introduced were still waiting to join.`,
        'Please get in touch with them and, if they would like, help them find something else.',
        '',
        `Local activities and services: ${ctx.config.baseUrl}/directory`,
      ].join('\n'),
    });
  }
  await recordAudit(tx, ctx.audit, { action: 'activity.introductions-closed', subjectType: 'activity', subjectId: activity.id, organisationId: activity.organisation_id, details: { closed: closed.length, referrersTold: referrers.length } });
  return closed.length;
}
