import { recordAudit } from '../../../platform/audit/audit.ts';
import { rolesIn } from '../../../platform/auth/policy.ts';
import { rolesGrant } from '../../../platform/auth/roles.ts';
import { type ServiceContext, actorOf } from '../../../platform/context.ts';
import { withTransaction } from '../../../platform/db/transaction.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../../lib/errors.ts';
import type { ActivityRow, ActivityStatus } from '../activities.tables.ts';
import { loadActivity } from '../shared/activities-scope.policy.ts';
import { syncActivityListing } from '../whats-on/publishing.service.ts';
import { addDays, formatDay, formatLongDay, londonToday } from '../../../lib/dates.ts';
import { describeSchedule, occurrenceDates, rruleFor } from './recurrence.rules.ts';
import { sessionHasTime } from '../../champions/index.ts';
import { lockActivity } from '../shared/activity-records.repo.ts';
import {
  cancelSession,
  cancelSessionsAfter,
  deleteSession,
  exceptionsOf,
  findSchedule,
  insertSchedule,
  insertScheduleException,
  listSchedules,
  lockSessionOn,
  sessionInUse,
  sessionsBetween,
  updateScheduleEnd,
} from './schedules.repo.ts';
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

/** The activity a schedule is being added to (activities:manage) and its scope, refusing while it cannot have one. */
async function managedForNewSchedule(ctx: ServiceContext, activityId: string) {
  const loaded = await loadActivity(ctx, 'activities:manage', activityId);
  const why = whyNoSchedule(loaded.activity.status);
  if (why) {
    throw new ConflictError(why);
  }
  return loaded;
}

/** The activity a schedule is being added to (activities:manage), refusing while it cannot have one. */
export async function activityForNewSchedule(ctx: ServiceContext, activityId: string): Promise<ActivityRow> {
  return (await managedForNewSchedule(ctx, activityId)).activity;
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
  const { activity, scope } = await managedForNewSchedule(ctx, activityId);
  const userId = actorOf(ctx).userId;
  const rule = { ...form, exceptions: [] };
  return withTransaction(ctx.db, async (tx) => {
    const current = await lockActivity(tx, scope, activity.id);
    const why = whyNoSchedule(current.status);
    if (why) {
      throw new ConflictError(why);
    }
    const schedule = await insertSchedule(tx, scope, {
      activityId: activity.id,
      organisationId: activity.organisation_id,
      frequency: form.frequency,
      rrule: rruleFor(rule),
      startsOn: form.startsOn,
      endsOn: form.endsOn,
      weekday: form.weekday,
      weekOfMonth: form.weekOfMonth,
      startTime: form.startTime,
      endTime: form.endTime,
      venueName: form.venueName || activity.venue_name,
      createdBy: userId,
    });
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
    const added = await insertScheduleException(tx, scope, {
      scheduleId: schedule.id,
      organisationId: activity.organisation_id,
      onDate: form.onDate,
      reason: form.reason,
      createdBy: actorOf(ctx).userId,
    });
    if (!added) {
      throw new ValidationError({ onDate: `${formatLongDay(form.onDate)} is already skipped` });
    }
    const session = await lockSessionOn(tx, scope, schedule.id, form.onDate);
    let outcome: 'none' | 'deleted' | 'cancelled' | 'kept' = 'none';
    if (session && session.status === 'scheduled' && session.recorded_at === null) {
      if ((await sessionInUse(tx, session.id)) || (await sessionHasTime(tx, session.id))) {
        await cancelSession(tx, scope, session.id, form.reason);
        outcome = 'cancelled';
      } else {
        await deleteSession(tx, scope, session.id);
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
  const { activity, scope, schedule } = await scheduleOf(ctx, activityId, scheduleId);
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
    const updated = await updateScheduleEnd(tx, scope, schedule.id, {
      endsOn,
      rrule: rruleFor(ruleOf(ended, [])),
      generatedUntil:
        schedule.generated_until !== null && schedule.generated_until > endsOn ? endsOn : schedule.generated_until,
    });
    const cancelled = await cancelSessionsAfter(
      tx,
      scope,
      schedule.id,
      endsOn,
      `The schedule ended on ${formatDay(endsOn)}`,
    );
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
      details: { endsOn, cancelled },
    });
    return { cancelled };
  });
}
