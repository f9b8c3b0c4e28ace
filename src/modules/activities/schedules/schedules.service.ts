import { sql } from 'kysely';
import { recordAudit } from '../../../platform/audit/audit.ts';
import { rolesIn } from '../../../platform/auth/policy.ts';
import { rolesGrant } from '../../../platform/auth/roles.ts';
import { type ServiceContext, actorOf } from '../../../platform/context.ts';
import { withTransaction } from '../../../platform/db/transaction.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import type { ActivityRow, ActivityStatus } from '../activities.tables.ts';
import { loadActivity } from '../shared/activities-scope.policy.ts';
import { syncActivityListing } from '../whats-on/publishing.service.ts';
import {
  addDays,
  describeSchedule,
  formatDay,
  formatLongDay,
  londonToday,
  occurrenceDates,
  rruleFor,
} from './recurrence.rules.ts';
import { exceptionsOf, findSchedule, listSchedules, sessionInUse, sessionsBetween } from './schedules.repo.ts';
import type { ExceptionForm, ScheduleForm } from './schedules.schemas.ts';
import { generateSessions, HORIZON_DAYS, ruleOf, SCHEDULABLE_STATUSES } from './session-generation.jobs.ts';

const NOT_YET: Partial<Record<ActivityStatus, string>> = {
  idea: 'an idea',
  proposed: 'proposed',
  risk_assessed: 'risk assessed',
};

/** Why sessions cannot be scheduled for an activity now, or null when they can. */
export function whyNoSchedule(status: ActivityStatus): string | null {
  if ((SCHEDULABLE_STATUSES as readonly string[]).includes(status)) {
    return null;
  }
  if (status === 'closed') {
    return 'This activity has closed, so no new sessions can be scheduled.';
  }
  return `Sessions can be scheduled once the activity has been approved. It is ${NOT_YET[status] ?? status} now.`;
}

function canManage(ctx: ServiceContext, activity: ActivityRow): boolean {
  return rolesGrant(rolesIn(actorOf(ctx), activity.organisation_id), 'activities:manage');
}

/** The schedules page: each schedule in plain English with its skipped dates, and the next twelve weeks of sessions. */
export async function schedulesOverview(ctx: ServiceContext, activityId: string) {
  const { activity, scope } = await loadActivity(ctx, 'activities:view', activityId);
  const schedules = await listSchedules(ctx.db, scope, activity.id);
  const exceptions = await exceptionsOf(
    ctx.db,
    scope,
    schedules.map((schedule) => schedule.id),
  );
  const today = londonToday();
  const sessions = await sessionsBetween(ctx.db, scope, activity.id, today, addDays(today, HORIZON_DAYS - 1));
  return {
    activity,
    canManage: canManage(ctx, activity),
    whyNot: whyNoSchedule(activity.status),
    schedules: schedules.map((schedule) => {
      const skipped = exceptions.filter((exception) => exception.schedule_id === schedule.id);
      const ended = schedule.ends_on !== null && schedule.ends_on < today;
      return { ...schedule, description: describeSchedule(ruleOf(schedule, [])), skipped, ended };
    }),
    sessions,
  };
}

/** The activity a schedule is being added to (activities:manage), refusing while it cannot have one. */
export async function activityForNewSchedule(ctx: ServiceContext, activityId: string): Promise<ActivityRow> {
  const { activity } = await loadActivity(ctx, 'activities:manage', activityId);
  const why = whyNoSchedule(activity.status);
  if (why) {
    throw new ConflictError(why);
  }
  return activity;
}

/**
 * Adds a schedule: stores its RFC 5545 rule, generates its sessions for the next twelve weeks
 * (each with open rota places per role), keeps the directory listing in step and audits it.
 */
export async function createSchedule(
  ctx: ServiceContext,
  activityId: string,
  form: ScheduleForm,
): Promise<{ scheduleId: string; sessions: number }> {
  const activity = await activityForNewSchedule(ctx, activityId);
  const userId = actorOf(ctx).userId;
  const rule = { ...form, exceptions: [] };
  return withTransaction(ctx.db, async (tx) => {
    const current = await tx
      .selectFrom('activities')
      .select('status')
      .where('id', '=', activity.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const why = whyNoSchedule(current.status);
    if (why) {
      throw new ConflictError(why);
    }
    const schedule = await tx
      .insertInto('activity_schedules')
      .values({
        id: newId(),
        activity_id: activity.id,
        organisation_id: activity.organisation_id,
        frequency: form.frequency,
        rrule: rruleFor(rule),
        starts_on: form.startsOn,
        ends_on: form.endsOn,
        weekday: form.weekday,
        week_of_month: form.weekOfMonth,
        start_time: form.startTime,
        end_time: form.endTime,
        venue_name: form.venueName || activity.venue_name,
        created_by: userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const today = londonToday();
    const made = await generateSessions(tx, schedule, today, addDays(today, HORIZON_DAYS));
    await syncActivityListing(tx, activity.id, { userId });
    await recordAudit(tx, ctx.audit, {
      action: 'activity.schedule-created',
      subjectType: 'activity_schedule',
      subjectId: schedule.id,
      organisationId: activity.organisation_id,
      details: { activityId: activity.id, frequency: form.frequency, sessions: made },
    });
    return { scheduleId: schedule.id, sessions: made };
  });
}

/** One schedule of an activity, described, for the skip-a-date and end pages. */
export async function scheduleOf(ctx: ServiceContext, activityId: string, scheduleId: string) {
  const { activity, scope } = await loadActivity(ctx, 'activities:manage', activityId);
  const schedule = await findSchedule(ctx.db, scope, activity.id, scheduleId);
  if (!schedule) {
    throw new NotFoundError();
  }
  const skipped = await exceptionsOf(ctx.db, scope, [schedule.id]);
  return { activity, scope, schedule, skipped, description: describeSchedule(ruleOf(schedule, [])) };
}

/**
 * Skips a date: no session will be generated on it, and the session already generated there
 * is deleted when nobody holds a place and nothing is recorded, or cancelled with the reason.
 */
export async function addException(
  ctx: ServiceContext,
  activityId: string,
  scheduleId: string,
  form: ExceptionForm,
): Promise<void> {
  const { activity, scope, schedule, description } = await scheduleOf(ctx, activityId, scheduleId);
  if (occurrenceDates(ruleOf(schedule, []), form.onDate, form.onDate).length === 0) {
    throw new ValidationError({
      onDate: `There is no session on ${formatLongDay(form.onDate)}. The schedule is: ${description}`,
    });
  }
  await withTransaction(ctx.db, async (tx) => {
    const added = await tx
      .insertInto('activity_schedule_exceptions')
      .values({
        schedule_id: schedule.id,
        organisation_id: activity.organisation_id,
        on_date: form.onDate,
        reason: form.reason,
        created_by: actorOf(ctx).userId,
      })
      .onConflict((conflict) => conflict.columns(['schedule_id', 'on_date']).doNothing())
      .returning('on_date')
      .executeTakeFirst();
    if (!added) {
      throw new ValidationError({ onDate: `${formatLongDay(form.onDate)} is already skipped` });
    }
    const session = await tx
      .selectFrom('activity_sessions')
      .select(['id', 'status', 'recorded_at'])
      .where('schedule_id', '=', schedule.id)
      .where('local_date', '=', form.onDate)
      .where('organisation_id', 'in', [...scope.organisationIds])
      .forUpdate()
      .executeTakeFirst();
    let outcome: 'none' | 'deleted' | 'cancelled' | 'kept' = 'none';
    if (session && session.status === 'scheduled' && session.recorded_at === null) {
      if (await sessionInUse(tx, session.id)) {
        await tx
          .updateTable('activity_sessions')
          .set({ status: 'cancelled', cancel_reason: form.reason })
          .where('id', '=', session.id)
          .execute();
        outcome = 'cancelled';
      } else {
        await tx.deleteFrom('activity_sessions').where('id', '=', session.id).execute();
        outcome = 'deleted';
      }
    } else if (session) {
      outcome = 'kept';
    }
    await syncActivityListing(tx, activity.id, { userId: actorOf(ctx).userId });
    await recordAudit(tx, ctx.audit, {
      action: 'activity.schedule-date-skipped',
      subjectType: 'activity_schedule',
      subjectId: schedule.id,
      organisationId: activity.organisation_id,
      details: { onDate: form.onDate, session: outcome },
    });
  });
}

/**
 * Ends a schedule on a date: its last session is on or before it, and scheduled sessions after
 * it are cancelled (their rota stays visible, marked cancelled). A later date than before
 * extends the schedule again.
 */
export async function endSchedule(
  ctx: ServiceContext,
  activityId: string,
  scheduleId: string,
  endsOn: string,
): Promise<{ cancelled: number }> {
  const { activity, schedule } = await scheduleOf(ctx, activityId, scheduleId);
  if (schedule.frequency === 'once') {
    throw new ConflictError('A one-off session has no schedule to end. Cancel the session instead.');
  }
  if (endsOn < schedule.starts_on) {
    throw new ValidationError({
      endsOn: `The schedule starts on ${formatDay(schedule.starts_on)}: the last session cannot be before that`,
    });
  }
  const userId = actorOf(ctx).userId;
  return withTransaction(ctx.db, async (tx) => {
    const ended = { ...schedule, ends_on: endsOn };
    const updated = await tx
      .updateTable('activity_schedules')
      .set({
        ends_on: endsOn,
        rrule: rruleFor(ruleOf(ended, [])),
        generated_until:
          schedule.generated_until !== null && schedule.generated_until > endsOn ? endsOn : schedule.generated_until,
      })
      .where('id', '=', schedule.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const cancelled = await tx
      .updateTable('activity_sessions')
      .set({ status: 'cancelled', cancel_reason: `The schedule ended on ${formatDay(endsOn)}` })
      .where('schedule_id', '=', schedule.id)
      .where('status', '=', 'scheduled')
      .where('local_date', '>', endsOn)
      .where('starts_at', '>', sql<Date>`now()`)
      .returning('id')
      .execute();
    const today = londonToday();
    if ((SCHEDULABLE_STATUSES as readonly string[]).includes(activity.status)) {
      await generateSessions(tx, updated, today, addDays(today, HORIZON_DAYS));
    }
    await syncActivityListing(tx, activity.id, { userId });
    await recordAudit(tx, ctx.audit, {
      action: 'activity.schedule-ended',
      subjectType: 'activity_schedule',
      subjectId: schedule.id,
      organisationId: activity.organisation_id,
      details: { endsOn, cancelled: cancelled.length },
    });
    return { cancelled: cancelled.length };
  });
}
