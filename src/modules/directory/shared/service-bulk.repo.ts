import type { Insertable } from 'kysely';
import type { Scope } from '../../../platform/auth/policy.ts';
import type { Database } from '../../../platform/db/schema.ts';
import { type Executor, withTransaction } from '../../../platform/db/transaction.ts';
import { ConflictError, ForbiddenError } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import { searchTextFor } from './service-content.rules.ts';
import { childRows, locationRows, organizationRow, serviceRow } from './service-rows.rules.ts';
import type { ServiceInput } from './services.schemas.ts';
import type { ChangeBy } from './service-write.repo.ts';

type Table = keyof Database;

/** Inserts rows in chunks that stay well under PostgreSQL's 65,535 parameters per statement. */
async function insertChunked<T extends Table>(tx: Executor, table: T, rows: Insertable<Database[T]>[]): Promise<void> {
  if (rows.length === 0) {
    return;
  }
  const columns = Math.max(1, Object.keys(rows[0] as object).length);
  const size = Math.max(1, Math.floor(30_000 / columns));
  for (let start = 0; start < rows.length; start += size) {
    await tx
      .insertInto(table)
      .values(rows.slice(start, start + size) as never)
      .execute();
  }
}

/**
 * Inserts many new services at once, in one transaction, with a few multi-row statements per
 * table (demo data, benchmarks). Providers and locations shared between the services are
 * written once; ones that already exist are left as they are, and must be kept within the
 * scope (Conflict otherwise). For changing an existing service use upsertService.
 */
export async function insertServicesInBulk(
  db: Executor,
  scope: Scope,
  inputs: readonly ServiceInput[],
  change: ChangeBy,
): Promise<number> {
  for (const input of inputs) {
    if (!scope.organisationIds.includes(input.ownerOrganisationId)) {
      throw new ForbiddenError('You cannot keep directory entries for this organisation');
    }
  }
  return withTransaction(db, async (tx) => {
    const termIds = [
      ...new Set(inputs.flatMap((input) => input.attributes.map((attribute) => attribute.taxonomyTermId))),
    ];
    const terms =
      termIds.length > 0
        ? await tx.selectFrom('dir_taxonomy_terms').select(['id', 'name']).where('id', 'in', termIds).execute()
        : [];
    const termName = new Map(terms.map((term) => [term.id, term.name]));

    const organizations = new Map<string, Insertable<Database['dir_organizations']>>();
    const locations = new Map<string, ReturnType<typeof locationRows>>();
    const services: Insertable<Database['dir_services']>[] = [];
    const children: ReturnType<typeof childRows>[] = [];
    for (const input of inputs) {
      if (input.organization && !organizations.has(input.organization.id)) {
        organizations.set(
          input.organization.id,
          organizationRow(input.organization, input.ownerOrganisationId, input.organization.parentOrganizationId),
        );
      }
      for (const sal of input.serviceAtLocations) {
        if (!locations.has(sal.location.id)) {
          locations.set(sal.location.id, locationRows(sal.location, input.ownerOrganisationId));
        }
      }
      const names = input.attributes.flatMap((attribute) => termName.get(attribute.taxonomyTermId) ?? []);
      services.push({ ...serviceRow(input), search_text: searchTextFor(input, names) });
      children.push(childRows(input));
    }
    const knownOrganizations =
      organizations.size > 0
        ? await tx
            .selectFrom('dir_organizations')
            .select('id')
            .where('id', 'in', [...organizations.keys()])
            .execute()
        : [];
    for (const row of knownOrganizations) {
      organizations.delete(row.id);
    }
    // Parents first, so a provider's parent exists before the provider refers to it.
    const orderedOrganizations = [...organizations.values()].sort(
      (left, right) => Number(Boolean(left.parent_organization_id)) - Number(Boolean(right.parent_organization_id)),
    );
    await insertChunked(tx, 'dir_organizations', orderedOrganizations);
    const knownLocations =
      locations.size > 0
        ? await tx
            .selectFrom('dir_locations')
            .select(['id', 'owner_organisation_id'])
            .where('id', 'in', [...locations.keys()])
            .execute()
        : [];
    for (const row of knownLocations) {
      if (!scope.organisationIds.includes(row.owner_organisation_id)) {
        // As upsertService: another organisation's place is never linked (nor written).
        throw new ConflictError('A location in these records is kept by another organisation');
      }
      locations.delete(row.id);
    }
    const newLocations = [...locations.values()];
    await insertChunked(
      tx,
      'dir_locations',
      newLocations.map((rows) => rows.location),
    );
    await insertChunked(
      tx,
      'dir_addresses',
      newLocations.flatMap((rows) => rows.addresses),
    );
    await insertChunked(
      tx,
      'dir_accessibility',
      newLocations.flatMap((rows) => rows.accessibility),
    );
    await insertChunked(
      tx,
      'dir_phones',
      newLocations.flatMap((rows) => rows.phones),
    );
    await insertChunked(tx, 'dir_services', services);
    await insertChunked(
      tx,
      'dir_service_at_locations',
      children.flatMap((rows) => rows.serviceAtLocations),
    );
    await insertChunked(
      tx,
      'dir_schedules',
      children.flatMap((rows) => rows.schedules),
    );
    await insertChunked(
      tx,
      'dir_contacts',
      children.flatMap((rows) => rows.contacts),
    );
    await insertChunked(
      tx,
      'dir_phones',
      children.flatMap((rows) => rows.phones),
    );
    await insertChunked(
      tx,
      'dir_languages',
      children.flatMap((rows) => rows.languages),
    );
    await insertChunked(
      tx,
      'dir_cost_options',
      children.flatMap((rows) => rows.costOptions),
    );
    await insertChunked(
      tx,
      'dir_funding',
      children.flatMap((rows) => rows.funding),
    );
    await insertChunked(
      tx,
      'dir_service_areas',
      children.flatMap((rows) => rows.serviceAreas),
    );
    await insertChunked(
      tx,
      'dir_attributes',
      children.flatMap((rows) => rows.attributes),
    );
    await insertChunked(
      tx,
      'dir_service_history',
      inputs.map((input) => ({
        id: newId(),
        service_id: input.id,
        changed_by: change.userId,
        source: change.source,
        changes: JSON.stringify({ outcome: 'created', fields: [] }),
      })),
    );
    return inputs.length;
  });
}
