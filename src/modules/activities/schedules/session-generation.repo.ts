import { sql } from 'kysely';
import { type Scope, requireInScope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { newId } from '../../../lib/ids.ts';
import type { ActivityScheduleRow } from '../activities.tables.ts';
import { scopeIds } from '../shared/activity-records.repo.ts';

/** The dates a schedule skips. */
export async function skippedDates(db: Executor, scope: Scope, scheduleId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('activity_schedule_exceptions')
    .select('on_date')
    .where('schedule_id', '=', scheduleId)
    .where('organisation_id', 'in', scopeIds(scope))
    .execute();
  return rows.map((row) => row.on_date);
}

/** The roles an activity needs on each session and how many places of each. */
export async function rolePlacesOf(db: Executor, scope: Scope, activityId: string) {
  return db
    .selectFrom('activity_roles')
    .select(['role_template_id', 'places'])
    .where('activity_id', '=', activityId)
    .where('organisation_id', 'in', scopeIds(scope))
    .orderBy('role_template_id')
    .execute();
}

/**
 * Adds one generated session of a schedule, unless the schedule already has one at that start
 * time: undefined then.
 */
export async function insertGeneratedSession(
  db: Executor,
  scope: Scope,
  schedule: ActivityScheduleRow,
  occurrence: { startsAt: Date; endsAt: Date; localDate: string },
): Promise<{ id: string; organisation_id: string } | undefined> {
  requireInScope(scope, schedule.organisation_id);
  return db
    .insertInto('activity_sessions')
    .values({
      id: newId(),
      activity_id: schedule.activity_id,
      organisation_id: schedule.organisation_id,
      schedule_id: schedule.id,
      starts_at: occurrence.startsAt,
      ends_at: occurrence.endsAt,
      local_date: occurrence.localDate,
      venue_name: schedule.venue_name,
    })
    .onConflict((conflict) =>
      conflict.columns(['schedule_id', 'starts_at']).where('schedule_id', 'is not', null).doNothing(),
    )
    .returning(['id', 'organisation_id'])
    .executeTakeFirst();
}

/** Records how far a schedule's sessions have been generated. */
export async function setGeneratedUntil(db: Executor, scope: Scope, scheduleId: string, until: string): Promise<void> {
  await db
    .updateTable('activity_schedules')
    .set({ generated_until: until })
    .where('id', '=', scheduleId)
    .where('organisation_id', 'in', scopeIds(scope))
    .execute();
}

/**
 * Every organisation's active schedules of activities in `statuses` not yet generated as far as
 * they should be (to `through`, or their end date if sooner): for the daily job.
 */
export async function schedulesBehind(
  db: Executor,
  statuses: readonly ('approved' | 'active' | 'paused')[],
  today: string,
  through: string,
): Promise<ActivityScheduleRow[]> {
  return db
    .selectFrom('activity_schedules')
    .innerJoin('activities', 'activities.id', 'activity_schedules.activity_id')
    .selectAll('activity_schedules')
    .where('activity_schedules.active', '=', true)
    .where('activities.status', 'in', [...statuses])
    .where(
      sql<boolean>`coalesce(activity_schedules.generated_until, '0001-01-01'::date) < least(${through}::date, coalesce(activity_schedules.ends_on, ${through}::date))`,
    )
    .where((eb) => eb.or([eb('activity_schedules.ends_on', 'is', null), eb('activity_schedules.ends_on', '>=', today)]))
    .orderBy('activity_schedules.id')
    .execute();
}

/** A schedule, locked for the rest of the transaction; undefined when it has gone. */
export async function lockSchedule(
  db: Executor,
  scope: Scope,
  scheduleId: string,
): Promise<ActivityScheduleRow | undefined> {
  return db
    .selectFrom('activity_schedules')
    .selectAll()
    .where('id', '=', scheduleId)
    .where('organisation_id', 'in', scopeIds(scope))
    .forUpdate()
    .executeTakeFirst();
}
