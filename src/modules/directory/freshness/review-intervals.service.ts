import { sql } from 'kysely';
import { z } from 'zod';
import { recordAudit } from '../../../platform/audit/audit.ts';
import type { ServiceContext } from '../../../platform/context.ts';
import { withTransaction } from '../../../platform/db/transaction.ts';
import { ForbiddenError, NotFoundError } from '../../../lib/errors.ts';
import { isUuid } from '../../../lib/ids.ts';
import { rescheduleReviews } from './freshness.repo.ts';

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
      .min(REVIEW_MONTHS_RANGE.min, `Enter a number of months from ${REVIEW_MONTHS_RANGE.min} to ${REVIEW_MONTHS_RANGE.max}`)
      .max(REVIEW_MONTHS_RANGE.max, `Enter a number of months from ${REVIEW_MONTHS_RANGE.min} to ${REVIEW_MONTHS_RANGE.max}`),
  ),
});
/** The review interval form, read. */
export type ReviewIntervalForm = z.infer<typeof ReviewIntervalForm>;

/** A taxonomy with its review interval and how much of the directory it covers. */
export interface TaxonomyInterval {
  id: string;
  name: string;
  description: string;
  reviewMonths: number;
  terms: number;
  services: number;
}

function requireAdmin(ctx: ServiceContext): void {
  if (!ctx.actor?.isSystemAdmin) {
    throw new ForbiddenError();
  }
}

function intervalQuery(ctx: ServiceContext) {
  return ctx.db
    .selectFrom('dir_taxonomies as x')
    .select([
      'x.id',
      'x.name',
      'x.description',
      'x.review_months as reviewMonths',
      sql<number>`(select count(*) from dir_taxonomy_terms t where t.taxonomy_id = x.id)::int`.as('terms'),
      sql<number>`(select count(distinct a.link_id) from dir_attributes a join dir_taxonomy_terms t on t.id = a.taxonomy_term_id
        join dir_services s on s.id = a.link_id where t.taxonomy_id = x.id and a.link_type = 'service' and s.status = 'active')::int`.as('services'),
    ]);
}

/** Every taxonomy, by name, with its interval (system administrators). */
export async function listTaxonomyIntervals(ctx: ServiceContext): Promise<TaxonomyInterval[]> {
  requireAdmin(ctx);
  const rows = await intervalQuery(ctx).orderBy('x.name').orderBy('x.id').execute();
  return rows.map((row) => ({ ...row, terms: Number(row.terms), services: Number(row.services) }));
}

/** One taxonomy, or NotFound (system administrators). */
export async function findTaxonomyInterval(ctx: ServiceContext, taxonomyId: string): Promise<TaxonomyInterval> {
  requireAdmin(ctx);
  const row = isUuid(taxonomyId) ? await intervalQuery(ctx).where('x.id', '=', taxonomyId).executeTakeFirst() : undefined;
  if (!row) {
    throw new NotFoundError();
  }
  return { ...row, terms: Number(row.terms), services: Number(row.services) };
}

/**
 * Sets how many months pass between checks of entries tagged with the taxonomy's terms, and
 * moves those entries' next review date to match, with an audit line.
 */
export async function setReviewInterval(ctx: ServiceContext, taxonomyId: string, form: ReviewIntervalForm): Promise<{ rescheduled: number }> {
  const taxonomy = await findTaxonomyInterval(ctx, taxonomyId);
  return withTransaction(ctx.db, async (tx) => {
    await tx.updateTable('dir_taxonomies').set({ review_months: form.reviewMonths, updated_at: new Date() }).where('id', '=', taxonomy.id).execute();
    const rescheduled = await rescheduleReviews(tx, taxonomy.id);
    await recordAudit(tx, ctx.audit, {
      action: 'directory.review-interval-set',
      subjectType: 'dir_taxonomy',
      subjectId: taxonomy.id,
      details: { from: taxonomy.reviewMonths, to: form.reviewMonths, rescheduled },
    });
    return { rescheduled };
  });
}
