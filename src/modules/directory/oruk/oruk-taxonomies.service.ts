import type { Executor } from '../../../platform/db/transaction.ts';
import { NotFoundError } from '../../../lib/errors.ts';
import type { Lister } from './oruk-feed.service.ts';
import { type OrukObject, presentTaxonomyTerm } from './oruk.presenter.ts';
import {
  type TaxonomyRecord,
  findTaxonomy,
  findTaxonomyTerm,
  listTaxonomies,
  listTaxonomyTerms,
  termsOfTaxonomy,
} from './oruk-taxonomies.repo.ts';

// What the ORUK taxonomy endpoints answer (GET /taxonomies, /taxonomy_terms and their {id}s).

function presentTaxonomy(taxonomy: TaxonomyRecord): OrukObject {
  const out: OrukObject = { id: taxonomy.id, name: taxonomy.name, description: taxonomy.description };
  if (taxonomy.uri) {
    out.uri = taxonomy.uri;
  }
  if (taxonomy.version) {
    out.version = taxonomy.version;
  }
  return out;
}

/** GET /taxonomies. */
export function taxonomiesLister(db: Executor, search: string | undefined): Lister {
  return async (page) => {
    const result = await listTaxonomies(db, search || undefined, page);
    return { total: result.total, items: result.items.map(presentTaxonomy) };
  };
}

/** GET /taxonomies/{id}: the taxonomy with its terms. */
export async function taxonomyById(db: Executor, id: string): Promise<OrukObject> {
  const taxonomy = await findTaxonomy(db, id);
  if (!taxonomy) {
    throw new NotFoundError('No taxonomy has this id');
  }
  return {
    ...presentTaxonomy(taxonomy),
    taxonomy_terms: (await termsOfTaxonomy(db, taxonomy.id)).map(presentTaxonomyTerm),
  };
}

/** GET /taxonomy_terms. */
export function taxonomyTermsLister(
  db: Executor,
  query: { search?: string; taxonomy_id?: string; parent_id?: string; top_only?: boolean },
): Lister {
  return async (page) => {
    const result = await listTaxonomyTerms(
      db,
      {
        search: query.search || undefined,
        taxonomyId: query.taxonomy_id,
        parentId: query.parent_id,
        topOnly: query.top_only,
      },
      page,
    );
    return { total: result.total, items: result.items.map(presentTaxonomyTerm) };
  };
}

/** GET /taxonomy_terms/{id}. */
export async function taxonomyTermById(db: Executor, id: string): Promise<OrukObject> {
  const term = await findTaxonomyTerm(db, id);
  if (!term) {
    throw new NotFoundError('No taxonomy term has this id');
  }
  return presentTaxonomyTerm(term);
}
