import { recordAudit } from '../../../platform/audit/audit.ts';
import type { ServiceContext } from '../../../platform/context.ts';
import { withTransaction } from '../../../platform/db/transaction.ts';
import { ConflictError, type FieldErrors, ValidationError } from '../../../lib/errors.ts';
import { loadActivity } from '../shared/activities-scope.policy.ts';
import type { ActivityRow } from '../activities.tables.ts';
import { transitionActivity } from '../lifecycle/lifecycle.service.ts';
import { type Period, type ReviewFigures, addMonths, londonToday } from './review-figures.rules.ts';
import { reviewFigures } from './review-figures.service.ts';
import { insertReview, listReviews, reviewDueOn, setNextReview } from './reviews.repo.ts';
import { findOrganisationName, lockActivity } from '../shared/activity-records.repo.ts';
import type { ReviewForm } from './reviews.schemas.ts';

/** Whether an activity can be reviewed now: it is running or paused. */
export function reviewable(activity: Pick<ActivityRow, 'status'>): boolean {
  return activity.status === 'active' || activity.status === 'paused';
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
  const organisation = await findOrganisationName(ctx.db, scope, activity.organisation_id);
  return { activity, organisation, reviews, due, canReview: reviewable(activity) };
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
  const { activity, scope } = await loadActivity(ctx, 'activities:manage', activityId);
  if (!reviewable(activity)) {
    throw new ConflictError('Only a running or paused activity can be reviewed');
  }
  return {
    activity,
    organisation: await findOrganisationName(ctx.db, scope, activity.organisation_id),
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

/**
 * Records a sustain review with the figures it was decided on. Pausing or closing moves the
 * activity through its lifecycle in the same transaction: closing unpublishes its directory
 * entry and tells referrers whose introductions were waiting. Returns the review's id.
 */
export async function saveReview(ctx: ServiceContext, activityId: string, form: ReviewForm): Promise<string> {
  const { activity, scope } = await loadActivity(ctx, 'activities:manage', activityId);
  const asked = outcomeProblems(activity, form);
  if (asked) {
    throw new ValidationError(asked);
  }
  return withTransaction(ctx.db, async (tx) => {
    const current = await lockActivity(tx, scope, activity.id);
    if (!reviewable(current)) {
      throw new ConflictError('Only a running or paused activity can be reviewed');
    }
    const problems = outcomeProblems(current, form);
    if (problems) {
      throw new ValidationError(problems);
    }
    const figures = await reviewFigures(tx, current, { from: form.periodStart, to: form.periodEnd });
    const nextReviewOn = form.outcome === 'close' ? null : form.nextReviewOn;
    const id = await insertReview(tx, scope, current, form, {
      figures,
      nextReviewOn,
      reviewedBy: ctx.actor?.userId ?? null,
    });
    if (nextReviewOn) {
      await setNextReview(tx, scope, current.id, nextReviewOn);
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
