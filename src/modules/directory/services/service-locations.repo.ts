import { sql } from 'kysely';
import type { Executor } from '../../../platform/db/transaction.ts';
import { newId } from '../../../lib/ids.ts';

/** The service's first place: its link, the location, who keeps it, and its address and accessibility rows. */
export interface LocationRef {
  salId: string;
  locationId: string;
  locationOwnerId: string;
  addressId: string | null;
  accessibilityId: string | null;
}

/** The service's first location, if it has one. */
export async function firstLocation(db: Executor, serviceId: string): Promise<LocationRef | null> {
  const row = await sql<LocationRef>`
    select sl.id as "salId", sl.location_id as "locationId", l.owner_organisation_id as "locationOwnerId",
      (select a.id from dir_addresses a where a.location_id = sl.location_id order by (a.address_type = 'physical') desc, a.id limit 1) as "addressId",
      (select ac.id from dir_accessibility ac where ac.location_id = sl.location_id order by ac.id limit 1) as "accessibilityId"
    from dir_service_at_locations sl join dir_locations l on l.id = sl.location_id
    where sl.service_id = ${serviceId} order by sl.id limit 1`.execute(db);
  return row.rows[0] ?? null;
}

/**
 * Gives the service its own copy of a location another organisation keeps (a shared venue, or
 * one linked before imports checked owners), with the same name, point, addresses,
 * accessibility notes and phones, and moves this service alone onto it. The other
 * organisation's location is never written: an edit is one organisation's word about its
 * own entry, not about someone else's place.
 */
async function copyLocationFor(
  db: Executor,
  serviceId: string,
  location: LocationRef,
  ownerOrganisationId: string,
): Promise<LocationRef> {
  const copyId = newId();
  await sql`
    insert into dir_locations (id, owner_organisation_id, location_type, name, description, latitude, longitude, external_identifier, external_identifier_type)
    select ${copyId}, ${ownerOrganisationId}, location_type, name, description, latitude, longitude, external_identifier, external_identifier_type
    from dir_locations where id = ${location.locationId}`.execute(db);
  await sql`
    insert into dir_addresses (id, location_id, attention, address_1, address_2, city, region, state_province, postal_code, country, address_type)
    select gen_random_uuid(), ${copyId}, attention, address_1, address_2, city, region, state_province, postal_code, country, address_type
    from dir_addresses where location_id = ${location.locationId}`.execute(db);
  await sql`
    insert into dir_accessibility (id, location_id, description, details, url)
    select gen_random_uuid(), ${copyId}, description, details, url from dir_accessibility where location_id = ${location.locationId}`.execute(
    db,
  );
  await sql`
    insert into dir_phones (id, location_id, number, extension, type, description)
    select gen_random_uuid(), ${copyId}, number, extension, type, description from dir_phones where location_id = ${location.locationId}`.execute(
    db,
  );
  await db
    .updateTable('dir_service_at_locations')
    .set({ location_id: copyId })
    .where('id', '=', location.salId)
    .execute();
  return (await firstLocation(db, serviceId)) as LocationRef;
}

/** The service's first location, kept by the service's own organisation (made or copied if need be). */
export async function ensureOwnLocation(
  db: Executor,
  serviceId: string,
  ownerOrganisationId: string,
): Promise<LocationRef> {
  const existing = await firstLocation(db, serviceId);
  if (existing) {
    return existing.locationOwnerId === ownerOrganisationId
      ? existing
      : copyLocationFor(db, serviceId, existing, ownerOrganisationId);
  }
  const locationId = newId();
  const salId = newId();
  await db
    .insertInto('dir_locations')
    .values({ id: locationId, owner_organisation_id: ownerOrganisationId, location_type: 'physical' })
    .execute();
  await db
    .insertInto('dir_service_at_locations')
    .values({ id: salId, service_id: serviceId, location_id: locationId })
    .execute();
  return { salId, locationId, locationOwnerId: ownerOrganisationId, addressId: null, accessibilityId: null };
}
