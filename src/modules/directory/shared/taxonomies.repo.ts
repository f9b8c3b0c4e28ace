import { sql } from 'kysely';
import type { Executor } from '../../../platform/db/transaction.ts';
import { isUuid } from '../../../lib/ids.ts';
import { SEED_TAXONOMIES } from './taxonomies.rules.ts';

/**
 * Writes the shipped taxonomies and terms, keeping their fixed ids. Safe to run at every start
 * and from several processes at once: rows are upserted, and only changed rows are touched.
 * A taxonomy's review interval is seeded only when it is first inserted: after that it is the
 * system administrators' to set (/directory/taxonomies), and a restart or import keeps it.
 */
export async function seedTaxonomies(db: Executor): Promise<void> {
  await db
    .insertInto('dir_taxonomies')
    .values(
      SEED_TAXONOMIES.map((entry) => ({
        id: entry.id,
        name: entry.name,
        description: entry.description,
        review_months: entry.reviewMonths,
      })),
    )
    .onConflict((conflict) =>
      conflict
        .column('id')
        .doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          description: eb.ref('excluded.description'),
          updated_at: sql<Date>`now()`,
        }))
        .where((eb) =>
          eb.or([
            eb('dir_taxonomies.name', 'is distinct from', eb.ref('excluded.name')),
            eb('dir_taxonomies.description', 'is distinct from', eb.ref('excluded.description')),
          ]),
        ),
    )
    .execute();
  const terms = SEED_TAXONOMIES.flatMap((entry) =>
    entry.terms.map((term) => ({
      id: term.id,
      taxonomy_id: entry.id,
      code: term.code,
      name: term.name,
      description: term.description,
    })),
  );
  await db
    .insertInto('dir_taxonomy_terms')
    .values(terms)
    .onConflict((conflict) =>
      conflict
        .column('id')
        .doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          description: eb.ref('excluded.description'),
          updated_at: sql<Date>`now()`,
        }))
        .where((eb) =>
          eb.or([
            eb('dir_taxonomy_terms.name', 'is distinct from', eb.ref('excluded.name')),
            eb('dir_taxonomy_terms.description', 'is distinct from', eb.ref('excluded.description')),
          ]),
        ),
    )
    .execute();
}

/** Names of taxonomy terms by id (for showing needs in diffs and history). */
export async function termNames(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter(isUuid))];
  if (wanted.length === 0) {
    return new Map();
  }
  const rows = await db.selectFrom('dir_taxonomy_terms').select(['id', 'name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** How many of `ids` are terms of the given taxonomy (to check submitted needs). */
export async function countTermsIn(db: Executor, ids: readonly string[], taxonomyId: string): Promise<number> {
  if (ids.length === 0) {
    return 0;
  }
  const row = await db
    .selectFrom('dir_taxonomy_terms')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('id', 'in', [...ids])
    .where('taxonomy_id', '=', taxonomyId)
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

/** The chosen term and every term beneath it (a need such as "Physical activity" and its children). */
export async function termAndDescendants(db: Executor, termId: string): Promise<string[]> {
  const result = await sql<{ id: string }>`
    with recursive t(id) as (
      select id from dir_taxonomy_terms where id = ${termId}::uuid
      union
      select c.id from dir_taxonomy_terms c join t on c.parent_id = t.id
    )
    select id from t`.execute(db);
  return result.rows.map((row) => row.id);
}

/** Terms of one taxonomy, for the need filter and the edit form, top level first then by name. */
export async function listTerms(
  db: Executor,
  taxonomyId: string,
): Promise<{ id: string; name: string; parentId: string | null }[]> {
  return db
    .selectFrom('dir_taxonomy_terms')
    .select(['id', 'name', 'parent_id as parentId'])
    .where('taxonomy_id', '=', taxonomyId)
    .orderBy('name')
    .limit(300)
    .execute();
}
