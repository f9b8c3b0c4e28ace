import { recordAudit } from '../../../platform/audit/audit.ts';
import type { ServiceContext } from '../../../platform/context.ts';
import { withTransaction } from '../../../platform/db/transaction.ts';
import { ConflictError, type FieldErrors, ValidationError } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import { loadActivity } from '../shared/activities-scope.policy.ts';
import type { ActivityRow } from '../activities.tables.ts';
import { transitionActivity } from '../lifecycle/lifecycle.rules.ts';
import { type Period, type ReviewFigures, addMonths, londonToday } from './review-figures.rules.ts';
import { reviewFigures } from './review-figures.service.ts';
import { listReviews, reviewDueOn } from './reviews.repo.ts';
import type { ReviewForm } from './reviews.schemas.ts';

/** Whether an activity can be reviewed now: it is running or paused. */
export function reviewable(activity: Pick<ActivityRow, 'status'>): boolean {
  return activity.status === 'active' || activity.status === 'paused';
}

async function organisationOf(ctx: ServiceContext, activity: ActivityRow): Promise<{ id: string; name: string }> {
  return ctx.db
    .selectFrom('organisations')
    .select(['id', 'name'])
    .where('id', '=', activity.organisation_id)
    .executeTakeFirstOrThrow();
}

/** The next review's date and whether it is overdue (or due today). */
export function dueState(
  dueOn: string | null,
  activity: Pick<ActivityRow, 'status'>,
  today = londonToday(),
): { dueOn: string | null; overdue: boolean; dueToday: boolean } {
  if (!dueOn || !reviewable(activity)) {
    return { dueOn: reviewable(activity) ? dueOn : null, overdue: false, dueToday: false };
  }
  return { dueOn, overdue: dueOn < today, dueToday: dueOn === today };
}

/** An activity's past reviews and when the next is due (coordinators and practice managers). */
export async function reviewsOf(ctx: ServiceContext, activityId: string) {
  const { activity, scope } = await loadActivity(ctx, 'activities:manage', activityId);
  const reviews = await listReviews(ctx.db, scope, activity.id);
  const due = dueState(await reviewDueOn(ctx.db, scope, activity.id), activity);
  return { activity, organisation: await organisationOf(ctx, activity), reviews, due, canReview: reviewable(activity) };
}

/** The figures for a new review over a period, with the activity (coordinators and practice managers). */
export async function reviewFormContext(
  ctx: ServiceContext,
  activityId: string,
  period: Period,
): Promise<{
  activity: ActivityRow;
  organisation: { id: string; name: string };
  figures: ReviewFigures;
  defaultNextReview: string;
}> {
  const { activity } = await loadActivity(ctx, 'activities:manage', activityId);
  if (!reviewable(activity)) {
    throw new ConflictError('Only a running or paused activity can be reviewed');
  }
  return {
    activity,
    organisation: await organisationOf(ctx, activity),
    figures: await reviewFigures(ctx.db, activity, period),
    defaultNextReview: addMonths(londonToday(), 3),
  };
}

/** Problems with a review's outcome that only the activity's state reveals (shown on the form). */
export function outcomeProblems(
  activity: Pick<ActivityRow, 'status'>,
  form: Pick<ReviewForm, 'outcome'>,
): FieldErrors | null {
  if (form.outcome === 'pause' && activity.status === 'paused') {
    return { outcome: 'It is paused already: choose continue to keep it paused, or close it' };
  }
  return null;
}

/** The form's problems that depend on the activity (checked before saving, so input is kept). */
/**
 * Records a sustain review with the figures it was decided on. Pausing or closing moves the
 * activity through its lifecycle in the same transaction: closing unpublishes its directory
 * entry and tells referrers whose introductions were waiting. Returns the review's id.
 */
export async function saveReview(ctx: ServiceContext, activityId: string, form: ReviewForm): Promise<string> {
  const { activity } = await loadActivity(ctx, 'activities:manage', activityId);
  const asked = outcomeProblems(activity, form);
  if (asked) {
    throw new ValidationError(asked);
  }
  return withTransaction(ctx.db, async (tx) => {
    const current = await tx
      .selectFrom('activities')
      .selectAll()
      .where('id', '=', activity.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (!reviewable(current)) {
      throw new ConflictError('Only a running or paused activity can be reviewed');
    }
    const problems = outcomeProblems(current, form);
    if (problems) {
      throw new ValidationError(problems);
    }
    const figures = await reviewFigures(tx, current, { from: form.periodStart, to: form.periodEnd });
    const nextReviewOn = form.outcome === 'close' ? null : form.nextReviewOn;
    const id = newId();
    await tx
      .insertInto('activity_reviews')
      .values({
        id,
        activity_id: current.id,
        organisation_id: current.organisation_id,
        period_start: form.periodStart,
        period_end: form.periodEnd,
        figures: JSON.stringify(figures),
        cost_note: form.costNote,
        feedback: form.feedback,
        outcome: form.outcome,
        outcome_note: form.outcomeNote,
        next_review_on: nextReviewOn,
        reviewed_by: ctx.actor?.userId ?? null,
      })
      .execute();
    if (nextReviewOn) {
      await tx.updateTable('activities').set({ review_on: nextReviewOn }).where('id', '=', current.id).execute();
    }
    await recordAudit(tx, ctx.audit, {
      action: 'activity.reviewed',
      subjectType: 'activity',
      subjectId: current.id,
      organisationId: current.organisation_id,
      details: { reviewId: id, outcome: form.outcome },
    });
    if (form.outcome === 'pause' || form.outcome === 'close') {
      await transitionActivity(
        tx,
        ctx,
        current,
        form.outcome === 'pause' ? 'paused' : 'closed',
        `Sustain review: ${form.outcomeNote}`,
      );
    }
    return id;
  });
}
