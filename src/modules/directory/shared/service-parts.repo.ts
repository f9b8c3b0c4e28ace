import type { Selectable } from 'kysely';
import type { Executor } from '../../../platform/db/transaction.ts';
import type { DirLocationsTable } from '../directory.tables.ts';
import { byId, groupBy, inChunks, phoneFrom, scheduleFrom } from './service-parts.rules.ts';
import type { AddressRecord, LocationRecord, ServiceContent } from './services.schemas.ts';

/** The nested parts of a service: everything but its own row and provider. */
export type NestedParts = Pick<
  ServiceContent,
  | 'serviceAtLocations'
  | 'schedules'
  | 'contacts'
  | 'phones'
  | 'languages'
  | 'costOptions'
  | 'funding'
  | 'serviceAreas'
  | 'attributes'
>;

/** Locations by id with their addresses, accessibility and phones. */
export async function loadLocations(
  db: Executor,
  locationIds: readonly string[],
): Promise<Map<string, LocationRecord>> {
  const unique = [...new Set(locationIds)];
  const locations = await inChunks(unique, (chunk) =>
    db.selectFrom('dir_locations').selectAll().where('id', 'in', chunk).execute(),
  );
  const addresses = groupBy(
    await inChunks(unique, (chunk) =>
      db.selectFrom('dir_addresses').selectAll().where('location_id', 'in', chunk).orderBy('id').execute(),
    ),
    (row) => row.location_id,
  );
  const access = groupBy(
    await inChunks(unique, (chunk) =>
      db.selectFrom('dir_accessibility').selectAll().where('location_id', 'in', chunk).orderBy('id').execute(),
    ),
    (row) => row.location_id,
  );
  const phones = groupBy(
    await inChunks(unique, (chunk) =>
      db.selectFrom('dir_phones').selectAll().where('location_id', 'in', chunk).orderBy('id').execute(),
    ),
    (row) => row.location_id,
  );
  const result = new Map<string, LocationRecord>();
  for (const row of locations as Selectable<DirLocationsTable>[]) {
    result.set(row.id, {
      id: row.id,
      locationType: row.location_type as LocationRecord['locationType'],
      name: row.name,
      description: row.description,
      latitude: row.latitude,
      longitude: row.longitude,
      externalIdentifier: row.external_identifier,
      externalIdentifierType: row.external_identifier_type,
      addresses: (addresses.get(row.id) ?? []).map(
        (address): AddressRecord => ({
          id: address.id,
          attention: address.attention,
          address1: address.address_1,
          address2: address.address_2,
          city: address.city,
          region: address.region,
          stateProvince: address.state_province,
          postalCode: address.postal_code,
          country: address.country,
          addressType: address.address_type as AddressRecord['addressType'],
        }),
      ),
      accessibility: (access.get(row.id) ?? []).map((item) => ({
        id: item.id,
        description: item.description,
        details: item.details,
        url: item.url,
      })),
      phones: (phones.get(row.id) ?? []).map(phoneFrom),
    });
  }
  return result;
}

/** Loads every nested part of the given services in a fixed number of queries per 500 services. */
export async function loadNestedParts(db: Executor, serviceIds: readonly string[]): Promise<Map<string, NestedParts>> {
  const ids = [...new Set(serviceIds)];
  const sals = await inChunks(ids, (chunk) =>
    db.selectFrom('dir_service_at_locations').selectAll().where('service_id', 'in', chunk).orderBy('id').execute(),
  );
  const locations = await loadLocations(
    db,
    sals.map((row) => row.location_id),
  );
  const schedules = await inChunks(ids, (chunk) =>
    db.selectFrom('dir_schedules').selectAll().where('service_id', 'in', chunk).orderBy('id').execute(),
  );
  const schedulesBySal = groupBy(schedules, (row) => row.service_at_location_id);
  const serviceSchedules = groupBy(
    schedules.filter((row) => row.service_at_location_id === null),
    (row) => row.service_id,
  );
  const contacts = await inChunks(ids, (chunk) =>
    db.selectFrom('dir_contacts').selectAll().where('service_id', 'in', chunk).orderBy('id').execute(),
  );
  const contactPhones = groupBy(
    await inChunks(
      contacts.map((row) => row.id),
      (chunk) => db.selectFrom('dir_phones').selectAll().where('contact_id', 'in', chunk).orderBy('id').execute(),
    ),
    (row) => row.contact_id,
  );
  const servicePhones = groupBy(
    await inChunks(ids, (chunk) =>
      db
        .selectFrom('dir_phones')
        .selectAll()
        .where('service_id', 'in', chunk)
        .where('contact_id', 'is', null)
        .orderBy('id')
        .execute(),
    ),
    (row) => row.service_id,
  );
  const languages = groupBy(
    await inChunks(ids, (chunk) =>
      db.selectFrom('dir_languages').selectAll().where('service_id', 'in', chunk).orderBy('id').execute(),
    ),
    (row) => row.service_id,
  );
  const costs = groupBy(
    await inChunks(ids, (chunk) =>
      db.selectFrom('dir_cost_options').selectAll().where('service_id', 'in', chunk).orderBy('id').execute(),
    ),
    (row) => row.service_id,
  );
  const funding = groupBy(
    await inChunks(ids, (chunk) =>
      db.selectFrom('dir_funding').selectAll().where('service_id', 'in', chunk).orderBy('id').execute(),
    ),
    (row) => row.service_id,
  );
  const areas = groupBy(
    await inChunks(ids, (chunk) =>
      db.selectFrom('dir_service_areas').selectAll().where('service_id', 'in', chunk).orderBy('id').execute(),
    ),
    (row) => row.service_id,
  );
  const attributes = groupBy(
    await inChunks(ids, (chunk) =>
      db
        .selectFrom('dir_attributes as a')
        .innerJoin('dir_taxonomy_terms as t', 't.id', 'a.taxonomy_term_id')
        .leftJoin('dir_taxonomies as x', 'x.id', 't.taxonomy_id')
        .select([
          'a.id',
          'a.link_id',
          'a.taxonomy_term_id',
          't.name',
          't.description',
          't.code',
          't.taxonomy_id',
          't.parent_id',
          't.term_uri',
          'x.name as taxonomy_name',
        ])
        .where('a.link_type', '=', 'service')
        .where('a.link_id', 'in', chunk)
        .orderBy('t.name')
        .orderBy('a.id')
        .execute(),
    ),
    (row) => row.link_id,
  );

  const salsByService = groupBy(sals, (row) => row.service_id);
  const contactsByService = groupBy(contacts, (row) => row.service_id);
  const result = new Map<string, NestedParts>();
  for (const id of ids) {
    result.set(id, {
      serviceAtLocations: (salsByService.get(id) ?? []).flatMap((sal) => {
        const location = locations.get(sal.location_id);
        return location
          ? [
              {
                id: sal.id,
                description: sal.description,
                location,
                schedules: (schedulesBySal.get(sal.id) ?? []).map(scheduleFrom),
              },
            ]
          : [];
      }),
      schedules: (serviceSchedules.get(id) ?? []).map(scheduleFrom),
      contacts: (contactsByService.get(id) ?? []).map((row) => ({
        id: row.id,
        name: row.name,
        title: row.title,
        department: row.department,
        email: row.email,
        phones: (contactPhones.get(row.id) ?? []).map(phoneFrom),
      })),
      phones: (servicePhones.get(id) ?? []).map(phoneFrom),
      languages: (languages.get(id) ?? []).map((row) => ({
        id: row.id,
        name: row.name,
        code: row.code,
        note: row.note,
      })),
      costOptions: (costs.get(id) ?? []).map((row) => ({
        id: row.id,
        validFrom: row.valid_from,
        validTo: row.valid_to,
        option: row.option,
        currency: row.currency,
        amount: row.amount === null ? null : Number(row.amount),
        amountDescription: row.amount_description,
      })),
      funding: (funding.get(id) ?? []).map((row) => ({ id: row.id, source: row.source })),
      serviceAreas: (areas.get(id) ?? []).map((row) => ({
        id: row.id,
        name: row.name,
        description: row.description,
        extent: row.extent,
        extentType: row.extent_type,
        uri: row.uri,
      })),
      attributes: (attributes.get(id) ?? []).map((row) => ({
        id: row.id,
        taxonomyTermId: row.taxonomy_term_id,
        term: {
          id: row.taxonomy_term_id,
          name: row.name,
          description: row.description,
          code: row.code,
          taxonomyId: row.taxonomy_id,
          taxonomyName: row.taxonomy_name,
          parentId: row.parent_id,
          termUri: row.term_uri,
        },
      })),
    });
  }
  for (const parts of result.values()) {
    parts.serviceAtLocations.sort(byId);
  }
  return result;
}
