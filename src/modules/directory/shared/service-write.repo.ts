import { type Insertable, sql } from 'kysely';
import type { Scope } from '../../../platform/auth/policy.ts';
import type { Database } from '../../../platform/db/schema.ts';
import { type Executor, withTransaction } from '../../../platform/db/transaction.ts';
import { ConflictError, ForbiddenError, ValidationError } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import { rescheduleReview } from '../freshness/freshness.repo.ts';
import { findService } from './services.repo.ts';
import { canonicalContent, changedFields, searchTextFor } from './service-content.rules.ts';
import { childRows, locationRows, organizationRow, ownCopyOfLocation, serviceRow } from './service-rows.rules.ts';
import type { ServiceContent, ServiceInput } from './services.schemas.ts';

/** Where a change came from, as dir_service_history records it. */
export type ChangeSource = 'staff' | 'proposal' | 'provider' | 'import' | 'verification' | 'activity' | 'system';

/** Who made a change and how. */
export interface ChangeBy {
  source: ChangeSource;
  userId: string | null;
}

/** What an upsert did. */
export type UpsertOutcome = 'created' | 'updated' | 'unchanged';

/** A new, empty service's content with fresh ids, for forms and tests to fill in. */
export function newServiceContent(name: string): ServiceContent {
  return {
    id: newId(),
    organizationId: null,
    organization: null,
    name,
    description: '',
    url: null,
    email: null,
    status: 'active',
    fees: null,
    accreditations: null,
    eligibilityDescription: null,
    minimumAge: null,
    maximumAge: null,
    alert: null,
    assuredDate: null,
    assurerEmail: null,
    serviceAtLocations: [],
    schedules: [],
    contacts: [],
    phones: [],
    languages: [],
    costOptions: [],
    funding: [],
    serviceAreas: [],
    attributes: [],
  };
}

/** Ids among `ids` that exist in a table. */
async function existing(
  db: Executor,
  table: 'dir_organizations' | 'dir_taxonomy_terms',
  ids: string[],
): Promise<Set<string>> {
  if (ids.length === 0) {
    return new Set();
  }
  const rows = await db.selectFrom(table).select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((row) => row.id));
}

/** Owners of the given locations (to leave alone locations another organisation keeps). */
async function locationOwners(db: Executor, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) {
    return new Map();
  }
  const rows = await db
    .selectFrom('dir_locations')
    .select(['id', 'owner_organisation_id'])
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((row) => [row.id, row.owner_organisation_id]));
}

/**
 * Fixes references the database would refuse (a provider's unknown parent becomes none) and
 * keeps other organisations' places out of reach: a location record under an id that an
 * organisation outside the scope keeps becomes the owner's own copy (ownCopyOfLocation), so
 * the service is never linked to, and never writes, someone else's location.
 */
async function resolveReferences(db: Executor, scope: Scope, input: ServiceInput): Promise<ServiceInput> {
  let resolved = input;
  const organization = input.organization;
  if (organization?.parentOrganizationId) {
    const parent = organization.parentOrganizationId;
    const known = parent !== organization.id && (await existing(db, 'dir_organizations', [parent])).has(parent);
    if (!known) {
      resolved = { ...resolved, organization: { ...organization, parentOrganizationId: null } };
    }
  }
  const owners = await locationOwners(
    db,
    input.serviceAtLocations.map((sal) => sal.location.id),
  );
  const foreign = (id: string) => owners.has(id) && !scope.organisationIds.includes(owners.get(id) as string);
  if (input.serviceAtLocations.some((sal) => foreign(sal.location.id))) {
    resolved = {
      ...resolved,
      serviceAtLocations: input.serviceAtLocations.map((sal) =>
        foreign(sal.location.id)
          ? { ...sal, location: ownCopyOfLocation(sal.location, input.ownerOrganisationId) }
          : sal,
      ),
    };
  }
  return resolved;
}

async function writeOrganization(tx: Executor, scope: Scope, input: ServiceInput): Promise<void> {
  const organization = input.organization;
  if (!organization) {
    if (
      input.organizationId &&
      !(await existing(tx, 'dir_organizations', [input.organizationId])).has(input.organizationId)
    ) {
      throw new ValidationError({ organizationId: 'No provider organisation has this id' });
    }
    return;
  }
  const owner = await tx
    .selectFrom('dir_organizations')
    .select('owner_organisation_id')
    .where('id', '=', organization.id)
    .executeTakeFirst();
  const row = organizationRow(organization, input.ownerOrganisationId, organization.parentOrganizationId);
  if (!owner) {
    await tx.insertInto('dir_organizations').values(row).execute();
  } else if (scope.organisationIds.includes(owner.owner_organisation_id)) {
    // A provider shared by several services keeps its original owner.
    const { id: _id, owner_organisation_id: _owner, ...changes } = row;
    await tx
      .updateTable('dir_organizations')
      .set({ ...changes, updated_at: sql<Date>`now()` })
      .where('id', '=', organization.id)
      .execute();
  }
}

async function writeLocations(tx: Executor, scope: Scope, input: ServiceInput): Promise<void> {
  const locations = input.serviceAtLocations.map((sal) => sal.location);
  const owners = await locationOwners(
    tx,
    locations.map((location) => location.id),
  );
  for (const location of locations) {
    const owner = owners.get(location.id);
    if (owner !== undefined && !scope.organisationIds.includes(owner)) {
      // resolveReferences gives the owner its own copy first; never link or write someone else's place.
      throw new ConflictError('A location in this record is kept by another organisation');
    }
    const rows = locationRows(location, owner ?? input.ownerOrganisationId);
    if (owner === undefined) {
      await tx.insertInto('dir_locations').values(rows.location).execute();
    } else {
      const { id: _id, owner_organisation_id: _owner, ...changes } = rows.location;
      await tx
        .updateTable('dir_locations')
        .set({ ...changes, updated_at: sql<Date>`now()` })
        .where('id', '=', location.id)
        .execute();
      await tx.deleteFrom('dir_addresses').where('location_id', '=', location.id).execute();
      await tx.deleteFrom('dir_accessibility').where('location_id', '=', location.id).execute();
      await tx.deleteFrom('dir_phones').where('location_id', '=', location.id).execute();
    }
    await insertAll(tx, 'dir_addresses', rows.addresses);
    await insertAll(tx, 'dir_accessibility', rows.accessibility);
    await insertAll(tx, 'dir_phones', rows.phones);
    owners.set(location.id, owner ?? input.ownerOrganisationId);
  }
}

type ChildTable =
  | 'dir_addresses'
  | 'dir_accessibility'
  | 'dir_phones'
  | 'dir_service_at_locations'
  | 'dir_schedules'
  | 'dir_contacts'
  | 'dir_languages'
  | 'dir_cost_options'
  | 'dir_funding'
  | 'dir_service_areas'
  | 'dir_attributes';

/** Inserts rows into a child table (nothing when there are none). */
export async function insertAll<T extends ChildTable>(
  tx: Executor,
  table: T,
  rows: Insertable<Database[T]>[],
): Promise<void> {
  if (rows.length > 0) {
    await tx
      .insertInto(table)
      .values(rows as never)
      .execute();
  }
}

async function deleteChildren(tx: Executor, serviceId: string): Promise<void> {
  await tx.deleteFrom('dir_schedules').where('service_id', '=', serviceId).execute();
  await tx.deleteFrom('dir_service_at_locations').where('service_id', '=', serviceId).execute();
  await tx.deleteFrom('dir_phones').where('service_id', '=', serviceId).execute();
  await tx.deleteFrom('dir_contacts').where('service_id', '=', serviceId).execute();
  await tx.deleteFrom('dir_languages').where('service_id', '=', serviceId).execute();
  await tx.deleteFrom('dir_cost_options').where('service_id', '=', serviceId).execute();
  await tx.deleteFrom('dir_funding').where('service_id', '=', serviceId).execute();
  await tx.deleteFrom('dir_service_areas').where('service_id', '=', serviceId).execute();
  await tx.deleteFrom('dir_attributes').where('link_type', '=', 'service').where('link_id', '=', serviceId).execute();
}

/** The names of the given taxonomy terms; throws when one does not exist. */
async function termNames(tx: Executor, termIds: string[]): Promise<string[]> {
  if (termIds.length === 0) {
    return [];
  }
  const rows = await tx.selectFrom('dir_taxonomy_terms').select(['id', 'name']).where('id', 'in', termIds).execute();
  if (rows.length !== new Set(termIds).size) {
    throw new ValidationError({ attributes: 'A taxonomy term this service is tagged with does not exist' });
  }
  return rows.map((row) => row.name);
}

/** True when two versions of a service are tagged with different taxonomy terms. */
function termsDiffer(before: ServiceContent, after: ServiceContent): boolean {
  const terms = (content: ServiceContent) =>
    [...new Set(content.attributes.map((attribute) => attribute.taxonomyTermId))].sort().join();
  return terms(before) !== terms(after);
}

/**
 * Creates or replaces a whole service (every nested part) by id, in one transaction, and keeps
 * its search text and history. The owner must be in the caller's scope; a service owned by an
 * organisation outside the scope is refused. Nothing is written when the content is unchanged.
 */
export async function upsertService(
  db: Executor,
  scope: Scope,
  given: ServiceInput,
  change: ChangeBy,
): Promise<UpsertOutcome> {
  if (!scope.organisationIds.includes(given.ownerOrganisationId)) {
    throw new ForbiddenError('You cannot keep directory entries for this organisation');
  }
  return withTransaction(db, async (tx) => {
    const current = await tx
      .selectFrom('dir_services')
      .select('owner_organisation_id')
      .where('id', '=', given.id)
      .forUpdate()
      .executeTakeFirst();
    if (current && !scope.organisationIds.includes(current.owner_organisation_id)) {
      throw new ConflictError('A service with this id is kept by another organisation');
    }
    let input = await resolveReferences(tx, scope, given);
    const before = current ? await findService(tx, { kind: 'scope', scope }, input.id) : undefined;
    if (
      input.organization &&
      input.organization.identifiers === undefined &&
      before?.organization?.id === input.organization.id
    ) {
      // A write that does not know the provider's identifiers keeps them (and so is unchanged when nothing else is).
      input = { ...input, organization: { ...input.organization, identifiers: before.organization.identifiers } };
    }
    if (
      before &&
      before.ownerOrganisationId === input.ownerOrganisationId &&
      canonicalContent(before, input.published ?? before.published) ===
        canonicalContent(input, input.published ?? before.published)
    ) {
      return 'unchanged';
    }
    const names = await termNames(
      tx,
      input.attributes.map((attribute) => attribute.taxonomyTermId),
    );
    await writeOrganization(tx, scope, input);
    await writeLocations(tx, scope, input);
    const row = { ...serviceRow(input), search_text: searchTextFor(input, names) };
    if (current) {
      const { id: _id, ...changes } = row;
      await tx
        .updateTable('dir_services')
        .set({ ...changes, last_modified: sql<Date>`now()` })
        .where('id', '=', input.id)
        .execute();
      await deleteChildren(tx, input.id);
    } else {
      await tx.insertInto('dir_services').values(row).execute();
    }
    const children = childRows(input);
    await insertAll(tx, 'dir_service_at_locations', children.serviceAtLocations);
    await insertAll(tx, 'dir_schedules', children.schedules);
    await insertAll(tx, 'dir_contacts', children.contacts);
    await insertAll(tx, 'dir_phones', children.phones);
    await insertAll(tx, 'dir_languages', children.languages);
    await insertAll(tx, 'dir_cost_options', children.costOptions);
    await insertAll(tx, 'dir_funding', children.funding);
    await insertAll(tx, 'dir_service_areas', children.serviceAreas);
    await insertAll(tx, 'dir_attributes', children.attributes);
    if (before && input.verification === undefined && termsDiffer(before, input)) {
      // Other terms can mean another review interval (the shortest of their taxonomies).
      await rescheduleReview(tx, input.id);
    }
    const outcome: UpsertOutcome = current ? 'updated' : 'created';
    await tx
      .insertInto('dir_service_history')
      .values({
        id: newId(),
        service_id: input.id,
        changed_by: change.userId,
        source: change.source,
        changes: JSON.stringify({ outcome, fields: before ? changedFields(before, input) : [] }),
      })
      .execute();
    return outcome;
  });
}
