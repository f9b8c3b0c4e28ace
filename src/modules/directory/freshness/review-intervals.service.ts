import { z } from 'zod';
import { recordAudit } from '../../../platform/audit/audit.ts';
import { type ServiceContext, inTransaction } from '../../../platform/context.ts';
import { ForbiddenError, NotFoundError } from '../../../lib/errors.ts';
import { isUuid } from '../../../lib/ids.ts';
import { rescheduleReviews } from './freshness.repo.ts';
import {
  type TaxonomyIntervalRow,
  findTaxonomyIntervalRow,
  listTaxonomyIntervalRows,
  updateReviewMonths,
} from './review-intervals.repo.ts';

// How often entries are checked, per taxonomy. Taxonomies are shared by every organisation,
// so only system administrators set the interval; it is kept across restarts and imports.

/** The shortest and longest review interval a taxonomy may have (the column's check). */
export const REVIEW_MONTHS_RANGE = { min: 1, max: 36 } as const;

/** The review interval form: a whole number of months. */
export const ReviewIntervalForm = z.object({
  reviewMonths: z.preprocess(
    (value) => (typeof value === 'string' && /^\s*\d{1,3}\s*$/.test(value) ? Number(value) : -1),
    z
      .number()
      .int()
      .min(
        REVIEW_MONTHS_RANGE.min,
        `Enter a number of months from ${REVIEW_MONTHS_RANGE.min} to ${REVIEW_MONTHS_RANGE.max}`,
      )
      .max(
        REVIEW_MONTHS_RANGE.max,
        `Enter a number of months from ${REVIEW_MONTHS_RANGE.min} to ${REVIEW_MONTHS_RANGE.max}`,
      ),
  ),
});
/** The review interval form, read. */
export type ReviewIntervalForm = z.infer<typeof ReviewIntervalForm>;

/** A taxonomy with its review interval and how much of the directory it covers. */
export type TaxonomyInterval = TaxonomyIntervalRow;

function requireAdmin(ctx: ServiceContext): void {
  if (!ctx.actor?.isSystemAdmin) {
    throw new ForbiddenError();
  }
}

/** Every taxonomy, by name, with its interval (system administrators). */
export async function listTaxonomyIntervals(ctx: ServiceContext): Promise<TaxonomyInterval[]> {
  requireAdmin(ctx);
  return listTaxonomyIntervalRows(ctx.db);
}

/** One taxonomy, or NotFound (system administrators). */
export async function findTaxonomyInterval(ctx: ServiceContext, taxonomyId: string): Promise<TaxonomyInterval> {
  requireAdmin(ctx);
  const row = isUuid(taxonomyId) ? await findTaxonomyIntervalRow(ctx.db, taxonomyId) : undefined;
  if (!row) {
    throw new NotFoundError();
  }
  return row;
}

/**
 * Sets how many months pass between checks of entries tagged with the taxonomy's terms, and
 * moves those entries' next review date to match, with an audit line.
 */
export async function setReviewInterval(
  ctx: ServiceContext,
  taxonomyId: string,
  form: ReviewIntervalForm,
): Promise<{ rescheduled: number }> {
  const taxonomy = await findTaxonomyInterval(ctx, taxonomyId);
  return inTransaction(ctx, async (tx) => {
    await updateReviewMonths(tx.db, taxonomy.id, form.reviewMonths, tx.clock.now());
    const rescheduled = await rescheduleReviews(tx.db, taxonomy.id);
    await recordAudit(tx.db, tx.audit, {
      action: 'directory.review-interval-set',
      subjectType: 'dir_taxonomy',
      subjectId: taxonomy.id,
      details: { from: taxonomy.reviewMonths, to: form.reviewMonths, rescheduled },
    });
    return { rescheduled };
  });
}
