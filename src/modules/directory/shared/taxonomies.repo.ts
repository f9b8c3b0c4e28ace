import { sql } from 'kysely';
import type { Executor } from '../../../platform/db/transaction.ts';
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
    .values(SEED_TAXONOMIES.map((entry) => ({ id: entry.id, name: entry.name, description: entry.description, review_months: entry.reviewMonths })))
    .onConflict((conflict) =>
      conflict
        .column('id')
        .doUpdateSet((eb) => ({ name: eb.ref('excluded.name'), description: eb.ref('excluded.description'), updated_at: sql<Date>`now()` }))
        .where((eb) => eb.or([eb('dir_taxonomies.name', 'is distinct from', eb.ref('excluded.name')), eb('dir_taxonomies.description', 'is distinct from', eb.ref('excluded.description'))])),
    )
    .execute();
  const terms = SEED_TAXONOMIES.flatMap((entry) => entry.terms.map((term) => ({ id: term.id, taxonomy_id: entry.id, code: term.code, name: term.name, description: term.description })));
  await db
    .insertInto('dir_taxonomy_terms')
    .values(terms)
    .onConflict((conflict) =>
      conflict
        .column('id')
        .doUpdateSet((eb) => ({ name: eb.ref('excluded.name'), description: eb.ref('excluded.description'), updated_at: sql<Date>`now()` }))
        .where((eb) => eb.or([eb('dir_taxonomy_terms.name', 'is distinct from', eb.ref('excluded.name')), eb('dir_taxonomy_terms.description', 'is distinct from', eb.ref('excluded.description'))])),
    )
    .execute();
}
