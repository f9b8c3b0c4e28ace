import { sql } from 'kysely';
import { type Scope, requireInScope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { newId } from '../../../lib/ids.ts';
import type { ActivityRow, ActivityStatus } from '../activities.tables.ts';
import { scopeIds } from '../shared/activity-records.repo.ts';

/** True when the activity has a risk assessment recorded. */
export async function hasRiskAssessment(db: Executor, scope: Scope, activityId: string): Promise<boolean> {
  const assessment = await db
    .selectFrom('activity_risk_assessments')
    .select('id')
    .where('activity_id', '=', activityId)
    .where('organisation_id', 'in', scopeIds(scope))
    .executeTakeFirst();
  return assessment !== undefined;
}

/** True when the activity has a schedule of sessions still running. */
export async function hasActiveSchedule(db: Executor, scope: Scope, activityId: string): Promise<boolean> {
  const schedule = await db
    .selectFrom('activity_schedules')
    .select('id')
    .where('activity_id', '=', activityId)
    .where('active', '=', true)
    .where('organisation_id', 'in', scopeIds(scope))
    .executeTakeFirst();
  return schedule !== undefined;
}

/**
 * Moves an activity to `to` if it is still in the status it was read in: undefined when someone
 * else changed it meanwhile.
 */
export async function moveActivityStatus(
  db: Executor,
  scope: Scope,
  activity: Pick<ActivityRow, 'id' | 'status'>,
  to: ActivityStatus,
): Promise<ActivityRow | undefined> {
  return db
    .updateTable('activities')
    .set({ status: to, status_changed_at: sql<Date>`now()`, updated_at: sql<Date>`now()` })
    .where('id', '=', activity.id)
    .where('status', '=', activity.status)
    .where('organisation_id', 'in', scopeIds(scope))
    .returningAll()
    .executeTakeFirst();
}

/** Adds a line to an activity's status history. */
export async function insertStatusHistory(
  db: Executor,
  scope: Scope,
  line: {
    activityId: string;
    organisationId: string;
    from: ActivityStatus;
    to: ActivityStatus;
    changedBy: string | null;
    note: string;
  },
): Promise<void> {
  requireInScope(scope, line.organisationId);
  await db
    .insertInto('activity_status_history')
    .values({
      id: newId(),
      activity_id: line.activityId,
      organisation_id: line.organisationId,
      from_status: line.from,
      to_status: line.to,
      changed_by: line.changedBy,
      note: line.note,
    })
    .execute();
}

/** Marks the activity's latest risk assessment approved by `userId`, now. */
export async function approveLatestRiskAssessment(
  db: Executor,
  scope: Scope,
  activityId: string,
  userId: string | null,
): Promise<void> {
  const latest = await db
    .selectFrom('activity_risk_assessments')
    .select('id')
    .where('activity_id', '=', activityId)
    .where('organisation_id', 'in', scopeIds(scope))
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (latest) {
    await db
      .updateTable('activity_risk_assessments')
      .set({ approved_by: userId, approved_at: sql<Date>`now()` })
      .where('id', '=', latest.id)
      .execute();
  }
}

/** Cancels the activity's scheduled sessions still to come, with the reason. */
export async function cancelFutureSessions(db: Executor, scope: Scope, activityId: string, reason: string) {
  await db
    .updateTable('activity_sessions')
    .set({ status: 'cancelled', cancel_reason: reason })
    .where('activity_id', '=', activityId)
    .where('status', '=', 'scheduled')
    .where('starts_at', '>', sql<Date>`now()`)
    .where('organisation_id', 'in', scopeIds(scope))
    .execute();
}
