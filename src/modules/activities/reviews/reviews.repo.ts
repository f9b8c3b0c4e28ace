import { type RawBuilder, sql } from 'kysely';
import type { Scope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import type { ReviewOutcome } from '../activities.tables.ts';

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
