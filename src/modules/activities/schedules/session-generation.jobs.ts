import type { Kysely } from 'kysely';
import { type Scope, trustedScope } from '../../../platform/auth/policy.ts';
import type { Database } from '../../../platform/db/schema.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { withTransaction } from '../../../platform/db/transaction.ts';
import { newId } from '../../../lib/ids.ts';
import type { ActivityScheduleRow } from '../activities.tables.ts';
import { insertPlaces } from '../rota/rota.repo.ts';
import { addDays, londonToday } from '../../../lib/dates.ts';
import { occurrencesBetween, type ScheduleRule } from './recurrence.rules.ts';
import {
  insertGeneratedSession,
  lockSchedule,
  rolePlacesOf,
  schedulesBehind,
  setGeneratedUntil,
  skippedDates,
} from './session-generation.repo.ts';

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

/** The scope of a schedule its caller has already reached (a service that authorised, or the daily job). */
function scheduleScope(organisationId: string): Scope {
  return trustedScope([organisationId], 'linked');
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
  await insertPlaces(db, scheduleScope(session.organisation_id), places);
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
  const scope = scheduleScope(schedule.organisation_id);
  const exceptions = await skippedDates(db, scope, schedule.id);
  const generatedFrom = schedule.generated_until ? addDays(schedule.generated_until, 1) : from;
  const start = [from, generatedFrom, schedule.starts_on].sort().at(-1) ?? from;
  const roles = await rolePlacesOf(db, scope, schedule.activity_id);
  let made = 0;
  for (const occurrence of occurrencesBetween(ruleOf(schedule, exceptions), start, through)) {
    const inserted = await insertGeneratedSession(db, scope, schedule, occurrence);
    if (inserted) {
      await addRotaPlaces(db, inserted, roles);
      made += 1;
    }
  }
  const until = schedule.ends_on !== null && schedule.ends_on < through ? schedule.ends_on : through;
  if (schedule.generated_until === null || schedule.generated_until < until) {
    await setGeneratedUntil(db, scope, schedule.id, until);
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
  const schedules = await schedulesBehind(db, SCHEDULABLE_STATUSES, today, through);
  let made = 0;
  for (const schedule of schedules) {
    made += await withTransaction(db, async (tx) => {
      // Lock the schedule so two job workers cannot interleave on it.
      const current = await lockSchedule(tx, trustedScope([schedule.organisation_id], 'job'), schedule.id);
      return current ? generateSessions(tx, current, today, through) : 0;
    });
  }
  return made;
}
