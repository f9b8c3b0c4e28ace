import { recordAudit } from '../../../platform/audit/audit.ts';
import type { Scope } from '../../../platform/auth/policy.ts';
import { type ServiceContext, actorOf, inTransaction } from '../../../platform/context.ts';
import { decryptSecret, encryptSecret } from '../../../platform/crypto.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../lib/errors.ts';
import { isUuid, newId } from '../../../lib/ids.ts';
import type { ActivityRow, IntroductionStatus, ReferralRoute } from '../activities.tables.ts';
import { type IntroductionForm, ROUTE_LABELS, routeForRoles } from './introductions.schemas.ts';
import { activityScope, introductionAccess } from './introductions.policy.ts';
import {
  activeUserEmails,
  closeIntroductionsOf,
  countIntroductionsByStatus,
  findIntroduction,
  insertIntroduction,
  listOwnIntroductions,
  listPendingIntroductions,
  updateIntroductionStatus,
} from './introductions.repo.ts';
import { findOrganisationName } from '../shared/activity-records.repo.ts';

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

/** The routes the activity accepts (every route when it lists none). */
export function acceptedRoutes(activity: ActivityRow): ReferralRoute[] {
  const all = Object.keys(ROUTE_LABELS) as ReferralRoute[];
  return activity.referral_routes.length === 0 ? all : all.filter((route) => activity.referral_routes.includes(route));
}

/**
 * The activity for the introduction form, for someone who may introduce: it must be active.
 * Also the route to tick first, from the person's own role.
 */
export async function introductionFormContext(
  ctx: ServiceContext,
  activityId: string,
): Promise<{ activity: ActivityRow; routes: ReferralRoute[]; defaultRoute: ReferralRoute | null }> {
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
export async function createIntroduction(
  ctx: ServiceContext,
  activityId: string,
  form: IntroductionForm,
): Promise<string> {
  const { activity, routes } = await introductionFormContext(ctx, activityId);
  if (!routes.includes(form.route)) {
    throw new ValidationError({ route: 'This activity does not take introductions by this route' });
  }
  const key = ctx.config.security.encryptionKey;
  const id = newId();
  await inTransaction(ctx, async (tx) => {
    const row = {
      id,
      activityId: activity.id,
      organisationId: activity.organisation_id,
      route: form.route,
      firstNameEnc: encryptSecret(key, form.firstName),
      contactEnc: encryptSecret(key, form.contact),
      referredBy: actorOf(ctx).userId,
    };
    await insertIntroduction(tx.db, activityScope(activity), row);
    await recordAudit(tx.db, tx.audit, {
      action: 'activity.introduction-created',
      subjectType: 'activity_introduction',
      subjectId: id,
      organisationId: activity.organisation_id,
      details: { activityId: activity.id, route: form.route },
    });
  });
  return id;
}

/** How many of an activity's introductions are in each state. */
export async function introductionCounts(db: Executor, scope: Scope, activityId: string): Promise<IntroductionCounts> {
  const rows = await countIntroductionsByStatus(db, scope, activityId);
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
  const scope = activityScope(activity);
  const seesPending = access.canManage || access.isLead;
  const pendingRows = seesPending ? await listPendingIntroductions(ctx.db, scope, activity.id) : [];
  const pending: PendingIntroduction[] = pendingRows.map((row) => ({
    id: row.id,
    firstName: decryptSecret(key, row.first_name_enc),
    contact: decryptSecret(key, row.contact_enc),
    route: row.route,
    createdAt: row.created_at,
  }));
  const ownRows = await listOwnIntroductions(ctx.db, scope, activity.id, actorOf(ctx).userId);
  const own: OwnIntroduction[] = ownRows.map((row) => ({
    id: row.id,
    firstName: decryptSecret(key, row.first_name_enc),
    route: row.route,
    status: row.status,
    createdAt: row.created_at,
    statusChangedAt: row.status_changed_at,
  }));
  if (pending.length + own.length > 0) {
    await recordAudit(ctx.db, ctx.audit, {
      action: 'activity.introductions-viewed',
      subjectType: 'activity',
      subjectId: activity.id,
      organisationId: activity.organisation_id,
      details: { pending: pending.length, own: own.length },
    });
  }
  const organisation = await findOrganisationName(ctx.db, scope, activity.organisation_id);
  return {
    ...access,
    organisation,
    seesPending,
    pending,
    own,
    counts: await introductionCounts(ctx.db, scope, activity.id),
  };
}

/** Marks a pending (or already answered) introduction as joined or declined: coordinators and leads only. */
export async function setIntroductionStatus(
  ctx: ServiceContext,
  activityId: string,
  introductionId: string,
  status: 'joined' | 'declined',
): Promise<void> {
  const access = await introductionAccess(ctx, activityId);
  if (!access.canManage && !access.isLead) {
    throw new ForbiddenError();
  }
  const scope = activityScope(access.activity);
  const introduction = isUuid(introductionId)
    ? await findIntroduction(ctx.db, scope, access.activity.id, introductionId)
    : undefined;
  if (!introduction) {
    throw new NotFoundError();
  }
  if (introduction.status === 'activity_closed') {
    throw new ConflictError('The activity closed before this introduction was answered');
  }
  await inTransaction(ctx, async (tx) => {
    await updateIntroductionStatus(tx.db, scope, introduction.id, status);
    await recordAudit(tx.db, tx.audit, {
      action: 'activity.introduction-status',
      subjectType: 'activity_introduction',
      subjectId: introduction.id,
      organisationId: access.activity.organisation_id,
      details: { from: introduction.status, to: status },
    });
  });
}

/**
 * When an activity closes: marks its pending introductions closed and emails each referrer
 * how many of theirs were waiting (no names in the email), so they can offer something else.
 * Returns how many introductions were closed.
 */
export async function closePendingIntroductions(
  tx: Executor,
  ctx: ServiceContext,
  activity: ActivityRow,
): Promise<number> {
  const scope = activityScope(activity);
  const closed = await closeIntroductionsOf(tx, scope, activity.id);
  if (closed.length === 0) {
    return 0;
  }
  const waiting = new Map<string, number>();
  for (const row of closed) {
    if (row.referred_by) {
      waiting.set(row.referred_by, (waiting.get(row.referred_by) ?? 0) + 1);
    }
  }
  const referrers = await activeUserEmails(tx, [...waiting.keys()]);
  const organisation = await findOrganisationName(tx, scope, activity.organisation_id);
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
        count === 1
          ? '1 person you introduced was still waiting to join.'
          : `${count} people you introduced were still waiting to join.`,
        'Please get in touch with them and, if they would like, help them find something else.',
        '',
        `Local activities and services: ${ctx.config.baseUrl}/directory`,
      ].join('\n'),
    });
  }
  await recordAudit(tx, ctx.audit, {
    action: 'activity.introductions-closed',
    subjectType: 'activity',
    subjectId: activity.id,
    organisationId: activity.organisation_id,
    details: { closed: closed.length, referrersTold: referrers.length },
  });
  return closed.length;
}
