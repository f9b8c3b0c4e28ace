import type { Scope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import type { ActivityRow, ActivityScheduleRow } from '../activities.tables.ts';
import { scopeIds } from '../shared/activity-records.repo.ts';

/**
 * An activity locked for the rest of the transaction, with no scope: its listing follows a
 * change to it that the caller has already authorised.
 */
export async function lockActivityForListing(db: Executor, activityId: string): Promise<ActivityRow | undefined> {
  return db.selectFrom('activities').selectAll().where('id', '=', activityId).forUpdate().executeTakeFirst();
}

/** An activity's schedules, ended ones included, in order of their start. */
export async function schedulesByStart(db: Executor, scope: Scope, activityId: string): Promise<ActivityScheduleRow[]> {
  return db
    .selectFrom('activity_schedules')
    .selectAll()
    .where('activity_id', '=', activityId)
    .where('organisation_id', 'in', scopeIds(scope))
    .orderBy('starts_on')
    .orderBy('id')
    .execute();
}

/** The dates from `from` on that the schedules skip. */
export async function skippedDatesFrom(db: Executor, scope: Scope, scheduleIds: readonly string[], from: string) {
  if (scheduleIds.length === 0) {
    return [];
  }
  return db
    .selectFrom('activity_schedule_exceptions')
    .select(['schedule_id', 'on_date'])
    .where('schedule_id', 'in', [...scheduleIds])
    .where('on_date', '>=', from)
    .where('organisation_id', 'in', scopeIds(scope))
    .execute();
}

/** Remembers which directory service lists the activity. */
export async function setDirectoryService(
  db: Executor,
  scope: Scope,
  activityId: string,
  serviceId: string,
): Promise<void> {
  await db
    .updateTable('activities')
    .set({ directory_service_id: serviceId })
    .where('id', '=', activityId)
    .where('organisation_id', 'in', scopeIds(scope))
    .execute();
}
