import { type RawBuilder, sql } from 'kysely';
import { type Scope, requireInScope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { newId } from '../../../lib/ids.ts';
import type { ReviewOutcome } from '../activities.tables.ts';
import { scopeIds } from '../shared/activity-records.repo.ts';
import type { ReviewFigures } from './review-figures.rules.ts';
import type { ReviewForm } from './reviews.schemas.ts';

/**
 * When an activity's next sustain review is due, as SQL over `activities a`: the date the last
 * review set (or three months after it), otherwise three months after the activity first went
 * active. Null for an activity that has never been active. One definition for the page and the
 * daily reminder job.
 */
export const REVIEW_DUE_ON: RawBuilder<string | null> = sql<string | null>`coalesce(
  (select coalesce(r.next_review_on, ((r.reviewed_at at time zone 'Europe/London')::date + interval '3 months')::date)
     from activity_reviews r where r.activity_id = a.id order by r.reviewed_at desc, r.id desc limit 1),
  ((coalesce(
      (select min(h.changed_at) from activity_status_history h where h.activity_id = a.id and h.to_status = 'active'),
      case when a.status in ('active', 'paused') then a.status_changed_at end
    ) at time zone 'Europe/London')::date + interval '3 months')::date
)`;

/** When one activity's next review is due (YYYY-MM-DD), or null. */
export async function reviewDueOn(db: Executor, scope: Scope, activityId: string): Promise<string | null> {
  const result = await sql<{ due_on: string | null }>`
    select to_char(${REVIEW_DUE_ON}, 'YYYY-MM-DD') as due_on from activities a
    where a.id = ${activityId} and a.organisation_id = any(${[...scope.organisationIds]}::uuid[])`.execute(db);
  return result.rows[0]?.due_on ?? null;
}

/** A past review as the reviews page lists it. */
export interface ReviewRow {
  id: string;
  periodStart: string;
  periodEnd: string;
  figures: unknown;
  costNote: string;
  feedback: string;
  outcome: ReviewOutcome;
  outcomeNote: string;
  nextReviewOn: string | null;
  reviewedAt: Date;
  reviewerName: string | null;
}

/** An activity's reviews, newest first. */
export async function listReviews(db: Executor, scope: Scope, activityId: string): Promise<ReviewRow[]> {
  return db
    .selectFrom('activity_reviews as r')
    .leftJoin('users as u', 'u.id', 'r.reviewed_by')
    .select([
      'r.id',
      'r.period_start as periodStart',
      'r.period_end as periodEnd',
      'r.figures',
      'r.cost_note as costNote',
      'r.feedback',
      'r.outcome',
      'r.outcome_note as outcomeNote',
      'r.next_review_on as nextReviewOn',
      'r.reviewed_at as reviewedAt',
      'u.display_name as reviewerName',
    ])
    .where('r.activity_id', '=', activityId)
    .where('r.organisation_id', 'in', scope.organisationIds)
    .orderBy('r.reviewed_at', 'desc')
    .orderBy('r.id', 'desc')
    .execute();
}

/** An active activity whose review is due and whose coordinators have not been told yet. */
export interface DueReview {
  id: string;
  organisationId: string;
  name: string;
  dueOn: string;
}

/** How many due reviews one query returns. */
export const DUE_BATCH = 500;

/** Active activities whose review falls due on or before `today` with no reminder sent for that date. */
export async function dueWithoutReminder(db: Executor, today: string): Promise<DueReview[]> {
  const result = await sql<DueReview>`
    select id, organisation_id as "organisationId", name, to_char(due_on, 'YYYY-MM-DD') as "dueOn" from (
      select a.id, a.organisation_id, a.name, ${REVIEW_DUE_ON} as due_on from activities a where a.status = 'active'
    ) due
    where due_on is not null and due_on <= ${today}::date
      and not exists (select 1 from activity_review_reminders sent where sent.activity_id = due.id and sent.due_on = due.due_on)
    order by due_on, id
    limit ${DUE_BATCH}`.execute(db);
  return result.rows;
}

/** Stores a sustain review of an activity with the figures it was decided on. Returns its id. */
export async function insertReview(
  db: Executor,
  scope: Scope,
  activity: { id: string; organisation_id: string },
  form: ReviewForm,
  decided: { figures: ReviewFigures; nextReviewOn: string | null; reviewedBy: string | null },
): Promise<string> {
  requireInScope(scope, activity.organisation_id);
  const id = newId();
  await db
    .insertInto('activity_reviews')
    .values({
      id,
      activity_id: activity.id,
      organisation_id: activity.organisation_id,
      period_start: form.periodStart,
      period_end: form.periodEnd,
      figures: JSON.stringify(decided.figures),
      cost_note: form.costNote,
      feedback: form.feedback,
      outcome: form.outcome,
      outcome_note: form.outcomeNote,
      next_review_on: decided.nextReviewOn,
      reviewed_by: decided.reviewedBy,
    })
    .execute();
  return id;
}

/** Sets when an activity's next sustain review is due. */
export async function setNextReview(db: Executor, scope: Scope, activityId: string, reviewOn: string): Promise<void> {
  await db
    .updateTable('activities')
    .set({ review_on: reviewOn })
    .where('id', '=', activityId)
    .where('organisation_id', 'in', scopeIds(scope))
    .execute();
}

/**
 * Claims the reminder for one due review, once per activity and due date: false when it was
 * claimed already (by an earlier run or another process).
 */
export async function claimReviewReminder(db: Executor, scope: Scope, due: DueReview): Promise<boolean> {
  requireInScope(scope, due.organisationId);
  const claimed = await db
    .insertInto('activity_review_reminders')
    .values({ activity_id: due.id, organisation_id: due.organisationId, due_on: due.dueOn })
    .onConflict((conflict) => conflict.doNothing())
    .returning('activity_id')
    .executeTakeFirst();
  return claimed !== undefined;
}
