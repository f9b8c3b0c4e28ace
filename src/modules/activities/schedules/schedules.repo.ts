import { sql } from 'kysely';
import type { Scope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { isUuid } from '../../../lib/ids.ts';
import { sessionHasTime } from '../../champions/index.ts';
import type { ActivityScheduleRow } from '../activities.tables.ts';

const NO_ORGANISATION = '00000000-0000-0000-0000-000000000000';
const organisationsOf = (scope: Scope) =>
  scope.organisationIds.length > 0 ? [...scope.organisationIds] : [NO_ORGANISATION];

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

/** True when any place on the session is taken or anything has been recorded for it. */
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
  return taken !== undefined || (await sessionHasTime(db, sessionId));
}
