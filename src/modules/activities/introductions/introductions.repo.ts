import { sql } from 'kysely';
import type { Scope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import type { IntroductionStatus, ReferralRoute } from '../activities.tables.ts';
import { scopeIds } from '../shared/activity-records.repo.ts';

/** The ids of an activity's lead champions. */
export async function leadChampionIds(db: Executor, scope: Scope, activityId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('activity_leads')
    .select('champion_id')
    .where('activity_id', '=', activityId)
    .where('organisation_id', 'in', scopeIds(scope))
    .execute();
  return rows.map((row) => row.champion_id);
}

/** Adds an introduction (the first name and contact already sealed). */
export async function insertIntroduction(
  db: Executor,
  scope: Scope,
  row: {
    id: string;
    activityId: string;
    organisationId: string;
    route: ReferralRoute;
    firstNameEnc: string;
    contactEnc: string;
    referredBy: string;
  },
): Promise<void> {
  if (!scope.organisationIds.includes(row.organisationId)) {
    throw new Error('The introduction is outside the scope');
  }
  await db
    .insertInto('activity_introductions')
    .values({
      id: row.id,
      activity_id: row.activityId,
      organisation_id: row.organisationId,
      route: row.route,
      first_name_enc: row.firstNameEnc,
      contact_enc: row.contactEnc,
      referred_by: row.referredBy,
    })
    .execute();
}

/** How many of an activity's introductions are in each state, as rows. */
export async function countIntroductionsByStatus(db: Executor, scope: Scope, activityId: string) {
  return db
    .selectFrom('activity_introductions')
    .select(['status', db.fn.countAll<number>().as('count')])
    .where('activity_id', '=', activityId)
    .where('organisation_id', 'in', scopeIds(scope))
    .groupBy('status')
    .execute();
}

/** An activity's introductions waiting for an answer, oldest first (sealed). */
export async function listPendingIntroductions(db: Executor, scope: Scope, activityId: string) {
  return db
    .selectFrom('activity_introductions')
    .select(['id', 'first_name_enc', 'contact_enc', 'route', 'created_at'])
    .where('activity_id', '=', activityId)
    .where('organisation_id', 'in', scopeIds(scope))
    .where('status', '=', 'pending')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** The introductions one person made to an activity, newest first (sealed). */
export async function listOwnIntroductions(db: Executor, scope: Scope, activityId: string, userId: string) {
  return db
    .selectFrom('activity_introductions')
    .select(['id', 'first_name_enc', 'route', 'status', 'created_at', 'status_changed_at'])
    .where('activity_id', '=', activityId)
    .where('organisation_id', 'in', scopeIds(scope))
    .where('referred_by', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(200)
    .execute();
}

/** One introduction of an activity, with its status. */
export async function findIntroduction(db: Executor, scope: Scope, activityId: string, introductionId: string) {
  return db
    .selectFrom('activity_introductions')
    .select(['id', 'status'])
    .where('id', '=', introductionId)
    .where('activity_id', '=', activityId)
    .where('organisation_id', 'in', scopeIds(scope))
    .executeTakeFirst();
}

/** Sets an introduction's status, now. */
export async function updateIntroductionStatus(
  db: Executor,
  scope: Scope,
  introductionId: string,
  status: IntroductionStatus,
): Promise<void> {
  await db
    .updateTable('activity_introductions')
    .set({ status, status_changed_at: sql<Date>`now()` })
    .where('id', '=', introductionId)
    .where('organisation_id', 'in', scopeIds(scope))
    .execute();
}

/** Marks an activity's pending introductions closed with it; returns each one's referrer. */
export async function closeIntroductionsOf(db: Executor, scope: Scope, activityId: string) {
  return db
    .updateTable('activity_introductions')
    .set({ status: 'activity_closed', status_changed_at: sql<Date>`now()` })
    .where('activity_id', '=', activityId)
    .where('organisation_id', 'in', scopeIds(scope))
    .where('status', '=', 'pending')
    .returning(['id', 'referred_by'])
    .execute();
}

/** The email addresses of the given users who can still sign in, by id. */
export async function activeUserEmails(db: Executor, userIds: readonly string[]) {
  if (userIds.length === 0) {
    return [];
  }
  return db
    .selectFrom('users')
    .select(['id', 'email'])
    .where('id', 'in', [...userIds])
    .where('disabled_at', 'is', null)
    .orderBy('id')
    .execute();
}
