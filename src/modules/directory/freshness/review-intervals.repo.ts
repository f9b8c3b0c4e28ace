import { sql } from 'kysely';
import type { Executor } from '../../../platform/db/transaction.ts';

/** A taxonomy with its review interval and how much of the directory it covers. */
export interface TaxonomyIntervalRow {
  id: string;
  name: string;
  description: string;
  reviewMonths: number;
  terms: number;
  services: number;
}

function intervalQuery(db: Executor) {
  return db.selectFrom('dir_taxonomies as x').select([
    'x.id',
    'x.name',
    'x.description',
    'x.review_months as reviewMonths',
    sql<number>`(select count(*) from dir_taxonomy_terms t where t.taxonomy_id = x.id)::int`.as('terms'),
    sql<number>`(select count(distinct a.link_id) from dir_attributes a join dir_taxonomy_terms t on t.id = a.taxonomy_term_id
        join dir_services s on s.id = a.link_id where t.taxonomy_id = x.id and a.link_type = 'service' and s.status = 'active')::int`.as(
      'services',
    ),
  ]);
}

/** Every taxonomy, by name, with its interval and counts. */
export async function listTaxonomyIntervalRows(db: Executor): Promise<TaxonomyIntervalRow[]> {
  const rows = await intervalQuery(db).orderBy('x.name').orderBy('x.id').execute();
  return rows.map((row) => ({ ...row, terms: Number(row.terms), services: Number(row.services) }));
}

/** One taxonomy with its interval and counts (the id must be a UUID). */
export async function findTaxonomyIntervalRow(
  db: Executor,
  taxonomyId: string,
): Promise<TaxonomyIntervalRow | undefined> {
  const row = await intervalQuery(db).where('x.id', '=', taxonomyId).executeTakeFirst();
  return row ? { ...row, terms: Number(row.terms), services: Number(row.services) } : undefined;
}

/** Sets a taxonomy's review interval. */
export async function updateReviewMonths(
  db: Executor,
  taxonomyId: string,
  reviewMonths: number,
  at: Date,
): Promise<void> {
  await db
    .updateTable('dir_taxonomies')
    .set({ review_months: reviewMonths, updated_at: at })
    .where('id', '=', taxonomyId)
    .execute();
}
