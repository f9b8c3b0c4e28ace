import { type Kysely, sql } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { withTransaction } from '../../../platform/db/transaction.ts';
import { newId } from '../../../lib/ids.ts';
import type { ActivityScheduleRow } from '../activities.tables.ts';
import { addDays, londonToday, occurrencesBetween, type ScheduleRule } from './recurrence.rules.ts';

/** The daily job that keeps sessions generated ahead. */
export const GENERATE_SESSIONS_JOB = 'activities.generate-sessions';

/** How far ahead sessions exist: twelve weeks. */
export const HORIZON_DAYS = 84;

/** Activities whose schedules produce sessions. */
export const SCHEDULABLE_STATUSES = ['approved', 'active', 'paused'] as const;

/** A schedule row (and its skipped dates) as a recurrence rule. */
export function ruleOf(schedule: ActivityScheduleRow, exceptions: readonly string[]): ScheduleRule {
  return {
    frequency: schedule.frequency,
    startsOn: schedule.starts_on,
    endsOn: schedule.ends_on,
    weekday: schedule.weekday,
    weekOfMonth: schedule.week_of_month,
    startTime: schedule.start_time.slice(0, 5),
    endTime: schedule.end_time.slice(0, 5),
    exceptions,
  };
}

/** Adds the open places an activity's roles call for to a new session. */
export async function addRotaPlaces(
  db: Executor,
  session: { id: string; organisation_id: string },
  roles: readonly { role_template_id: string; places: number }[],
): Promise<void> {
  const places = roles.flatMap((role) =>
    Array.from({ length: role.places }, (_unused, index) => ({
      id: newId(),
      session_id: session.id,
      organisation_id: session.organisation_id,
      role_template_id: role.role_template_id,
      position: index + 1,
    })),
  );
  if (places.length > 0) {
    await db.insertInto('activity_rota_places').values(places).execute();
  }
}

/**
 * Creates the schedule's sessions from `from` (or its start, or the day after it was last
 * generated to, whichever is latest) up to `through`, each with open rota places for the
 * activity's roles, and records how far it has been generated. Safe to repeat: a session
 * that already exists (one per schedule and start time) is left alone, and skipped dates
 * are never generated. Returns how many sessions were made.
 */
export async function generateSessions(
  db: Executor,
  schedule: ActivityScheduleRow,
  from: string,
  through: string,
): Promise<number> {
  const exceptions = await db
    .selectFrom('activity_schedule_exceptions')
    .select('on_date')
    .where('schedule_id', '=', schedule.id)
    .execute();
  const generatedFrom = schedule.generated_until ? addDays(schedule.generated_until, 1) : from;
  const start = [from, generatedFrom, schedule.starts_on].sort().at(-1) ?? from;
  const roles = await db
    .selectFrom('activity_roles')
    .select(['role_template_id', 'places'])
    .where('activity_id', '=', schedule.activity_id)
    .orderBy('role_template_id')
    .execute();
  let made = 0;
  for (const occurrence of occurrencesBetween(
    ruleOf(
      schedule,
      exceptions.map((row) => row.on_date),
    ),
    start,
    through,
  )) {
    const inserted = await db
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
    if (inserted) {
      await addRotaPlaces(db, inserted, roles);
      made += 1;
    }
  }
  const until = schedule.ends_on !== null && schedule.ends_on < through ? schedule.ends_on : through;
  if (schedule.generated_until === null || schedule.generated_until < until) {
    await db.updateTable('activity_schedules').set({ generated_until: until }).where('id', '=', schedule.id).execute();
  }
  return made;
}

/**
 * The daily job: extends every active schedule of approved, active or paused activities to
 * twelve weeks ahead. Each schedule is its own transaction; running it twice makes nothing new.
 * Returns how many sessions were made.
 */
export async function extendSchedules(db: Kysely<Database>, now: Date = new Date()): Promise<number> {
  const today = londonToday(now);
  const through = addDays(today, HORIZON_DAYS);
  const schedules = await db
    .selectFrom('activity_schedules')
    .innerJoin('activities', 'activities.id', 'activity_schedules.activity_id')
    .selectAll('activity_schedules')
    .where('activity_schedules.active', '=', true)
    .where('activities.status', 'in', [...SCHEDULABLE_STATUSES])
    // Not yet generated as far as it should be: twelve weeks ahead, or its end date if sooner.
    .where(
      sql<boolean>`coalesce(activity_schedules.generated_until, '0001-01-01'::date) < least(${through}::date, coalesce(activity_schedules.ends_on, ${through}::date))`,
    )
    .where((eb) => eb.or([eb('activity_schedules.ends_on', 'is', null), eb('activity_schedules.ends_on', '>=', today)]))
    .orderBy('activity_schedules.id')
    .execute();
  let made = 0;
  for (const schedule of schedules) {
    made += await withTransaction(db, async (tx) => {
      // Lock the schedule so two job workers cannot interleave on it.
      const current = await tx
        .selectFrom('activity_schedules')
        .selectAll()
        .where('id', '=', schedule.id)
        .forUpdate()
        .executeTakeFirst();
      return current ? generateSessions(tx, current, today, through) : 0;
    });
  }
  return made;
}
