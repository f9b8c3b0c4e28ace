import { type Transaction, sql } from 'kysely';
import type { Scope } from '../../../platform/auth/policy.ts';
import type { Database } from '../../../platform/db/schema.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import type { MappedService } from './oruk-import-map.rules.ts';
import { stableId } from '../shared/taxonomies.rules.ts';

// Taxonomy terms, their taxonomies and the links between terms and between providers that an
// ORUK import keeps. A term's parent or a provider's parent may come later in the feed than the
// record naming it, so links whose target is not known yet wait in PendingLinks and are made
// after each page; what is still unknown when the import ends is reported, never dropped quietly.

/** Parent links waiting for their target: child id → parent id. */
export interface PendingLinks {
  termParents: Map<string, string>;
  organizationParents: Map<string, string>;
}

/** An empty set of waiting links, for one import run. */
export function newPendingLinks(): PendingLinks {
  return { termParents: new Map(), organizationParents: new Map() };
}

type Term = MappedService['terms'][number];

/** The ids among `ids` that exist in a table. */
async function known(
  db: Executor,
  table: 'dir_taxonomies' | 'dir_taxonomy_terms' | 'dir_organizations',
  ids: string[],
): Promise<Set<string>> {
  if (ids.length === 0) {
    return new Set();
  }
  return new Set(
    (
      await db
        .selectFrom(table)
        .select('id')
        .where('id', 'in', [...new Set(ids)])
        .execute()
    ).map((row) => row.id),
  );
}

/**
 * The taxonomy for a term that names one only in words (ORUK `taxonomy`, HSDS `vocabulary`):
 * one this directory has under that name, or a new one whose id comes from the name, so
 * re-runs and other imports find the same taxonomy.
 */
async function taxonomyNamed(tx: Transaction<Database>, name: string): Promise<string> {
  const found = await tx
    .selectFrom('dir_taxonomies')
    .select('id')
    .where(sql<string>`lower(name)`, '=', name.toLowerCase())
    .orderBy('id')
    .executeTakeFirst();
  if (found) {
    return found.id;
  }
  const id = stableId(`oruk-taxonomy:${name.toLowerCase()}`);
  await tx
    .insertInto('dir_taxonomies')
    .values({ id, name })
    .onConflict((conflict) => conflict.column('id').doNothing())
    .execute();
  return id;
}

/** True when `termId` is `parentId` or one of its ancestors (the link would make a loop). */
async function isAncestor(db: Executor, termId: string, parentId: string): Promise<boolean> {
  let current: string | null = parentId;
  for (let depth = 0; current !== null && depth < 100; depth += 1) {
    if (current === termId) {
      return true;
    }
    const at: string = current;
    current =
      (await db.selectFrom('dir_taxonomy_terms').select('parent_id').where('id', '=', at).executeTakeFirst())
        ?.parent_id ?? null;
  }
  return current !== null;
}

/** Gives a term the parent the feed names, unless it already has one or the link would make a loop. */
async function linkTermParent(db: Executor, termId: string, parentId: string): Promise<void> {
  if (await isAncestor(db, termId, parentId)) {
    return;
  }
  await db
    .updateTable('dir_taxonomy_terms')
    .set({ parent_id: parentId, updated_at: sql<Date>`now()` })
    .where('id', '=', termId)
    .where('parent_id', 'is', null)
    .execute();
}

/**
 * Creates the feed's taxonomies and taxonomy terms this directory does not have yet. Existing
 * ones keep what they have; only a missing taxonomy or parent is filled in. A new taxonomy is
 * checked every 3 months (the column's default) until a system administrator sets its review
 * interval; a re-import never changes it. Parents not known yet wait in `pending`.
 */
export async function ensureTerms(
  tx: Transaction<Database>,
  given: MappedService['terms'],
  pending: PendingLinks,
): Promise<void> {
  if (given.length === 0) {
    return;
  }
  const byId = new Map<string, Term>();
  for (const term of given) {
    byId.set(term.id, { ...term });
  }
  const terms = [...byId.values()];
  const named = new Map(
    terms.flatMap((term) => (term.taxonomyId ? [[term.taxonomyId, term.taxonomyName] as const] : [])),
  );
  if (named.size > 0) {
    await tx
      .insertInto('dir_taxonomies')
      .values([...named].map(([id, name]) => ({ id, name: name ?? 'Imported taxonomy' })))
      .onConflict((conflict) => conflict.column('id').doNothing())
      .execute();
  }
  for (const term of terms) {
    if (!term.taxonomyId && term.taxonomyName) {
      term.taxonomyId = await taxonomyNamed(tx, term.taxonomyName);
    }
  }
  const taxonomies = await known(
    tx,
    'dir_taxonomies',
    terms.flatMap((term) => term.taxonomyId ?? []),
  );
  const taxonomyOf = (term: Term) => (term.taxonomyId && taxonomies.has(term.taxonomyId) ? term.taxonomyId : null);
  await tx
    .insertInto('dir_taxonomy_terms')
    .values(
      terms.map((term) => ({
        id: term.id,
        taxonomy_id: taxonomyOf(term),
        parent_id: null,
        code: null,
        name: term.name,
        description: term.description,
        term_uri: term.termUri,
      })),
    )
    .onConflict((conflict) => conflict.column('id').doNothing())
    .execute();
  for (const term of terms) {
    const taxonomyId = taxonomyOf(term);
    if (taxonomyId) {
      await tx
        .updateTable('dir_taxonomy_terms')
        .set({ taxonomy_id: taxonomyId })
        .where('id', '=', term.id)
        .where('taxonomy_id', 'is', null)
        .execute();
    }
  }
  const parents = await known(
    tx,
    'dir_taxonomy_terms',
    terms.flatMap((term) => term.parentId ?? []),
  );
  for (const term of terms) {
    if (term.parentId && parents.has(term.parentId)) {
      await linkTermParent(tx, term.id, term.parentId);
    } else if (term.parentId) {
      pending.termParents.set(term.id, term.parentId);
    }
  }
}

/** Notes a provider's parent that is not in this directory yet, to link once it is. */
export async function notePendingOrganizationParent(
  tx: Executor,
  mapped: MappedService,
  pending: PendingLinks,
): Promise<void> {
  const organization = mapped.input.organization;
  const parentId = organization?.parentOrganizationId;
  if (
    organization &&
    parentId &&
    parentId !== organization.id &&
    !(await known(tx, 'dir_organizations', [parentId])).has(parentId)
  ) {
    pending.organizationParents.set(organization.id, parentId);
  }
}

/**
 * Makes the waiting links whose target now exists (after a page: a parent later in the page, or
 * in an earlier one, is there now). Only providers the scope keeps are changed; their services
 * count as modified, so feeds read with modified_after see the new parent.
 */
export async function resolvePendingLinks(db: Executor, scope: Scope, pending: PendingLinks): Promise<void> {
  const termParents = await known(db, 'dir_taxonomy_terms', [...pending.termParents.values()]);
  for (const [termId, parentId] of pending.termParents) {
    if (termParents.has(parentId)) {
      await linkTermParent(db, termId, parentId);
      pending.termParents.delete(termId);
    }
  }
  const organizationParents = await known(db, 'dir_organizations', [...pending.organizationParents.values()]);
  for (const [organizationId, parentId] of pending.organizationParents) {
    if (!organizationParents.has(parentId)) {
      continue;
    }
    const linked = await db
      .updateTable('dir_organizations')
      .set({ parent_organization_id: parentId, updated_at: sql<Date>`now()` })
      .where('id', '=', organizationId)
      .where('parent_organization_id', 'is', null)
      .where('owner_organisation_id', 'in', scope.organisationIds)
      .executeTakeFirst();
    if (Number(linked.numUpdatedRows) > 0) {
      await db
        .updateTable('dir_services')
        .set({ last_modified: sql<Date>`now()` })
        .where('organization_id', '=', organizationId)
        .where('owner_organisation_id', 'in', scope.organisationIds)
        .execute();
    }
    pending.organizationParents.delete(organizationId);
  }
}

/** One warning for each link whose target never came (for records that were imported). */
export async function unresolvedLinkWarnings(db: Executor, pending: PendingLinks): Promise<string[]> {
  const terms = await known(db, 'dir_taxonomy_terms', [...pending.termParents.keys()]);
  const organizations = await known(db, 'dir_organizations', [...pending.organizationParents.keys()]);
  return [
    ...[...pending.termParents]
      .filter(([id]) => terms.has(id))
      .map(
        ([id, parentId]) =>
          `taxonomy term ${id} names parent term ${parentId}, which is neither in this feed nor in this directory, so the term was kept without a parent`,
      ),
    ...[...pending.organizationParents]
      .filter(([id]) => organizations.has(id))
      .map(
        ([id, parentId]) =>
          `organization ${id} names parent organization ${parentId}, which is neither in this feed nor in this directory, so it was kept without a parent`,
      ),
  ];
}

/** Which of the candidate locations the importing organisation (the scope) keeps. */
export async function ownedLocationIds(db: Executor, scope: Scope, candidates: readonly string[]): Promise<string[]> {
  if (candidates.length === 0 || scope.organisationIds.length === 0) {
    return [];
  }
  return (
    await db
      .selectFrom('dir_locations')
      .select('id')
      .where('id', 'in', [...candidates])
      .where('owner_organisation_id', 'in', scope.organisationIds)
      .execute()
  ).map((row) => row.id);
}

/** Which of these taxonomy terms the directory holds. */
export async function knownTermIds(db: Executor, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) {
    return new Set();
  }
  return new Set(
    (
      await db
        .selectFrom('dir_taxonomy_terms')
        .select('id')
        .where('id', 'in', [...ids])
        .execute()
    ).map((row) => row.id),
  );
}

/** Whether the directory holds a provider organisation (an ORUK organization) with this id. */
export async function isKnownOrganization(db: Executor, id: string): Promise<boolean> {
  return (await db.selectFrom('dir_organizations').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}
