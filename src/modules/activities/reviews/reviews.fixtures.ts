import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { newId } from '../../../lib/ids.ts';
import type { ActivityStatus } from '../activities.tables.ts';

export { buildSchedule } from '../../../../test/helpers/activity-factories.ts';

/** Makes a champion one of an activity's leads (tests only). */
export async function addLead(db: Kysely<Database>, activityId: string, championId: string): Promise<void> {
  const activity = await db
    .selectFrom('activities')
    .select('organisation_id')
    .where('id', '=', activityId)
    .executeTakeFirstOrThrow();
  await db
    .insertInto('activity_leads')
    .values({ activity_id: activityId, champion_id: championId, organisation_id: activity.organisation_id })
    .execute();
}

/** Records what happened at a session directly: delivered with counts, or cancelled (tests only). */
export async function recordSessionCounts(
  db: Kysely<Database>,
  sessionId: string,
  counts: { headCount: number; newAttendees: number },
): Promise<void> {
  await db
    .updateTable('activity_sessions')
    .set({
      status: 'delivered',
      head_count: counts.headCount,
      new_attendees: counts.newAttendees,
      recorded_at: new Date(),
    })
    .where('id', '=', sessionId)
    .execute();
}

/** Moves an activity to a status as the lifecycle would have, with its history row (tests only). */
export async function setActivityStatus(
  db: Kysely<Database>,
  activityId: string,
  status: ActivityStatus,
  changedAt: Date = new Date(),
): Promise<void> {
  const activity = await db
    .selectFrom('activities')
    .select(['organisation_id', 'status'])
    .where('id', '=', activityId)
    .executeTakeFirstOrThrow();
  await db
    .updateTable('activities')
    .set({ status, status_changed_at: changedAt })
    .where('id', '=', activityId)
    .execute();
  await db
    .insertInto('activity_status_history')
    .values({
      id: newId(),
      activity_id: activityId,
      organisation_id: activity.organisation_id,
      from_status: activity.status,
      to_status: status,
      changed_at: changedAt,
    })
    .execute();
}
