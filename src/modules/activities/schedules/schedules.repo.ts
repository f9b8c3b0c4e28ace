import { sql } from 'kysely';
import { type Scope, requireInScope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { isUuid, newId } from '../../../lib/ids.ts';
import type { ActivityScheduleRow } from '../activities.tables.ts';
import { scopeIds as organisationsOf } from '../shared/activity-records.repo.ts';

/** An activity's schedules, oldest first. */
export async function listSchedules(db: Executor, scope: Scope, activityId: string): Promise<ActivityScheduleRow[]> {
  return db
    .selectFrom('activity_schedules')
    .selectAll()
    .where('activity_id', '=', activityId)
    .where('organisation_id', 'in', organisationsOf(scope))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** One schedule of an activity, or undefined. */
export async function findSchedule(
  db: Executor,
  scope: Scope,
  activityId: string,
  scheduleId: string,
  options: { lock?: boolean } = {},
): Promise<ActivityScheduleRow | undefined> {
  if (!isUuid(scheduleId)) {
    return undefined;
  }
  const query = db
    .selectFrom('activity_schedules')
    .selectAll()
    .where('id', '=', scheduleId)
    .where('activity_id', '=', activityId)
    .where('organisation_id', 'in', organisationsOf(scope));
  return (options.lock ? query.forUpdate() : query).executeTakeFirst();
}

/** The dates each schedule skips, with reasons, by schedule. */
export async function exceptionsOf(db: Executor, scope: Scope, scheduleIds: readonly string[]) {
  if (scheduleIds.length === 0) {
    return [];
  }
  return db
    .selectFrom('activity_schedule_exceptions')
    .select(['schedule_id', 'on_date', 'reason'])
    .where('schedule_id', 'in', [...scheduleIds])
    .where('organisation_id', 'in', organisationsOf(scope))
    .orderBy('on_date')
    .execute();
}

/** A session's line in a list: when, where, its status and how full its rota is. */
export interface SessionLine {
  id: string;
  schedule_id: string | null;
  local_date: string;
  starts_at: Date;
  ends_at: Date;
  venue_name: string;
  status: 'scheduled' | 'cancelled' | 'delivered';
  cancel_reason: string;
  places: number;
  filled: number;
}

/** An activity's sessions on London dates from `from` to `to`, with rota fill, in time order. */
export async function sessionsBetween(
  db: Executor,
  scope: Scope,
  activityId: string,
  from: string,
  to: string,
): Promise<SessionLine[]> {
  const result = await sql<SessionLine>`
    select s.id, s.schedule_id, s.local_date, s.starts_at, s.ends_at, s.venue_name, s.status, s.cancel_reason,
      count(p.id)::int as places, count(p.champion_id)::int as filled
    from activity_sessions s
    left join activity_rota_places p on p.session_id = s.id
    where s.activity_id = ${activityId} and s.organisation_id = any(${organisationsOf(scope)}::uuid[])
      and s.local_date between ${from}::date and ${to}::date
    group by s.id
    order by s.starts_at, s.id`.execute(db);
  return result.rows;
}

/**
 * True when any place on the session is taken or anything has been recorded for it (champions'
 * hours on it aside: the service asks the champions module about those).
 */
export async function sessionInUse(db: Executor, sessionId: string): Promise<boolean> {
  const session = await db
    .selectFrom('activity_sessions')
    .select(['status', 'recorded_at'])
    .where('id', '=', sessionId)
    .executeTakeFirst();
  if (!session) {
    return false;
  }
  if (session.status === 'delivered' || session.recorded_at !== null) {
    return true;
  }
  const taken = await db
    .selectFrom('activity_rota_places')
    .select('id')
    .where('session_id', '=', sessionId)
    .where('champion_id', 'is not', null)
    .executeTakeFirst();
  return taken !== undefined;
}

/** A new schedule of an activity, as the form and its RFC 5545 rule describe it. */
export interface NewSchedule {
  activityId: string;
  organisationId: string;
  frequency: ActivityScheduleRow['frequency'];
  rrule: string;
  startsOn: string;
  endsOn: string | null;
  weekday: number | null;
  weekOfMonth: number | null;
  startTime: string;
  endTime: string;
  venueName: string;
  createdBy: string;
}

/** Stores a new schedule; returns it. */
export async function insertSchedule(db: Executor, scope: Scope, schedule: NewSchedule): Promise<ActivityScheduleRow> {
  requireInScope(scope, schedule.organisationId);
  return db
    .insertInto('activity_schedules')
    .values({
      id: newId(),
      activity_id: schedule.activityId,
      organisation_id: schedule.organisationId,
      frequency: schedule.frequency,
      rrule: schedule.rrule,
      starts_on: schedule.startsOn,
      ends_on: schedule.endsOn,
      weekday: schedule.weekday,
      week_of_month: schedule.weekOfMonth,
      start_time: schedule.startTime,
      end_time: schedule.endTime,
      venue_name: schedule.venueName,
      created_by: schedule.createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Records a date the schedule skips: false when it was skipped already. */
export async function insertScheduleException(
  db: Executor,
  scope: Scope,
  exception: { scheduleId: string; organisationId: string; onDate: string; reason: string; createdBy: string },
): Promise<boolean> {
  requireInScope(scope, exception.organisationId);
  const added = await db
    .insertInto('activity_schedule_exceptions')
    .values({
      schedule_id: exception.scheduleId,
      organisation_id: exception.organisationId,
      on_date: exception.onDate,
      reason: exception.reason,
      created_by: exception.createdBy,
    })
    .onConflict((conflict) => conflict.columns(['schedule_id', 'on_date']).doNothing())
    .returning('on_date')
    .executeTakeFirst();
  return added !== undefined;
}

/** The schedule's session on a London date, locked for the rest of the transaction. */
export async function lockSessionOn(db: Executor, scope: Scope, scheduleId: string, onDate: string) {
  return db
    .selectFrom('activity_sessions')
    .select(['id', 'status', 'recorded_at'])
    .where('schedule_id', '=', scheduleId)
    .where('local_date', '=', onDate)
    .where('organisation_id', 'in', organisationsOf(scope))
    .forUpdate()
    .executeTakeFirst();
}

/** Cancels one session with the reason. */
export async function cancelSession(db: Executor, scope: Scope, sessionId: string, reason: string): Promise<void> {
  await db
    .updateTable('activity_sessions')
    .set({ status: 'cancelled', cancel_reason: reason })
    .where('id', '=', sessionId)
    .where('organisation_id', 'in', organisationsOf(scope))
    .execute();
}

/** Deletes one session (its open rota places go with it). */
export async function deleteSession(db: Executor, scope: Scope, sessionId: string): Promise<void> {
  await db
    .deleteFrom('activity_sessions')
    .where('id', '=', sessionId)
    .where('organisation_id', 'in', organisationsOf(scope))
    .execute();
}

/** Sets a schedule's end, its rule and how far it counts as generated; returns it. */
export async function updateScheduleEnd(
  db: Executor,
  scope: Scope,
  scheduleId: string,
  end: { endsOn: string; rrule: string; generatedUntil: string | null },
): Promise<ActivityScheduleRow> {
  return db
    .updateTable('activity_schedules')
    .set({ ends_on: end.endsOn, rrule: end.rrule, generated_until: end.generatedUntil })
    .where('id', '=', scheduleId)
    .where('organisation_id', 'in', organisationsOf(scope))
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Cancels the schedule's scheduled sessions after `endsOn` still to come; returns how many. */
export async function cancelSessionsAfter(
  db: Executor,
  scope: Scope,
  scheduleId: string,
  endsOn: string,
  reason: string,
): Promise<number> {
  const cancelled = await db
    .updateTable('activity_sessions')
    .set({ status: 'cancelled', cancel_reason: reason })
    .where('schedule_id', '=', scheduleId)
    .where('status', '=', 'scheduled')
    .where('local_date', '>', endsOn)
    .where('starts_at', '>', sql<Date>`now()`)
    .where('organisation_id', 'in', organisationsOf(scope))
    .returning('id')
    .execute();
  return cancelled.length;
}
