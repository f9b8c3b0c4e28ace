import { type SqlBool, sql } from 'kysely';
import type { Executor } from '../../../platform/db/transaction.ts';
import { isUuid } from '../../../lib/ids.ts';
import type { PageOf } from '../shared/services.repo.ts';
import type { AttributeRecord } from '../shared/services.schemas.ts';
import { type PageRequest, likePattern, offset } from './oruk-paging.rules.ts';

// The taxonomies and terms behind the ORUK API: data every organisation shares.

/** A taxonomy as stored. */
export interface TaxonomyRecord {
  id: string;
  name: string;
  description: string;
  uri: string | null;
  version: string | null;
}

/** A taxonomy term with its taxonomy's name. */
export type TaxonomyTermRecord = NonNullable<AttributeRecord['term']>;

/** Taxonomies in name order. */
export async function listTaxonomies(
  db: Executor,
  search: string | undefined,
  page: PageRequest,
): Promise<PageOf<TaxonomyRecord>> {
  const base = db
    .selectFrom('dir_taxonomies')
    .where((eb) => (search ? eb('name', 'ilike', likePattern(search)) : sql<SqlBool>`true`));
  const counted = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirst();
  const rows = await base
    .select(['id', 'name', 'description', 'uri', 'version'])
    .orderBy('name')
    .orderBy('id')
    .limit(page.size)
    .offset(offset(page))
    .execute();
  return { total: Number(counted?.total ?? 0), items: rows };
}

/** One taxonomy, or undefined. */
export async function findTaxonomy(db: Executor, id: string): Promise<TaxonomyRecord | undefined> {
  if (!isUuid(id)) {
    return undefined;
  }
  return db
    .selectFrom('dir_taxonomies')
    .select(['id', 'name', 'description', 'uri', 'version'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Filters for taxonomy terms. */
export interface TermFilter {
  search?: string;
  taxonomyId?: string;
  parentId?: string;
  topOnly?: boolean;
}

function termQuery(db: Executor) {
  return db
    .selectFrom('dir_taxonomy_terms as t')
    .leftJoin('dir_taxonomies as x', 'x.id', 't.taxonomy_id')
    .select([
      't.id',
      't.name',
      't.description',
      't.code',
      't.taxonomy_id as taxonomyId',
      'x.name as taxonomyName',
      't.parent_id as parentId',
      't.term_uri as termUri',
    ]);
}

/** Taxonomy terms in taxonomy then name order. */
export async function listTaxonomyTerms(
  db: Executor,
  filter: TermFilter,
  page: PageRequest,
): Promise<PageOf<TaxonomyTermRecord>> {
  const base = termQuery(db).where((eb) =>
    eb.and([
      ...(filter.search ? [eb('t.name', 'ilike', likePattern(filter.search))] : []),
      ...(filter.taxonomyId ? [eb('t.taxonomy_id', '=', filter.taxonomyId)] : []),
      ...(filter.parentId ? [eb('t.parent_id', '=', filter.parentId)] : []),
      ...(filter.topOnly ? [eb('t.parent_id', 'is', null)] : []),
    ]),
  );
  const counted = await base
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirst();
  const rows = await base
    .orderBy('x.name')
    .orderBy('t.name')
    .orderBy('t.id')
    .limit(page.size)
    .offset(offset(page))
    .execute();
  return { total: Number(counted?.total ?? 0), items: rows };
}

/** One taxonomy term, or undefined. */
export async function findTaxonomyTerm(db: Executor, id: string): Promise<TaxonomyTermRecord | undefined> {
  return isUuid(id) ? termQuery(db).where('t.id', '=', id).executeTakeFirst() : undefined;
}

/** The terms of one taxonomy, in name order. */
export async function termsOfTaxonomy(db: Executor, taxonomyId: string): Promise<TaxonomyTermRecord[]> {
  return termQuery(db).where('t.taxonomy_id', '=', taxonomyId).orderBy('t.name').execute();
}
