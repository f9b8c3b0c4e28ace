import { type SqlBool, sql } from 'kysely';
import type { Executor } from '../../../platform/db/transaction.ts';
import { isUuid } from '../../../lib/ids.ts';
import {
  type PageOf,
  PUBLIC,
  type ServiceFilter,
  audienceCondition,
  filterConditions,
} from '../shared/services.repo.ts';
import type { OrganizationRecord } from '../shared/services.schemas.ts';
import { identifiersFromColumn } from '../shared/service-rows.rules.ts';
import { type PageRequest, likePattern, offset } from './oruk-paging.rules.ts';

// Public reads behind the ORUK API other than services themselves: providers, taxonomies,
// terms, services at locations and postcode centres. Everything here is public data.

export type { PageRequest } from './oruk-paging.rules.ts';

/** Providers of at least one public service, in name order. */
export async function listPublicOrganizations(
  db: Executor,
  search: string | undefined,
  page: PageRequest,
): Promise<PageOf<OrganizationRecord>> {
  const base = db.selectFrom('dir_organizations as o').where((eb) =>
    eb.and([
      eb.exists(
        eb
          .selectFrom('dir_services as s')
          .select('s.id')
          .whereRef('s.organization_id', '=', 'o.id')
          .where((inner) => audienceCondition(inner, PUBLIC)),
      ),
      ...(search
        ? [eb.or([eb('o.name', 'ilike', likePattern(search)), eb('o.description', 'ilike', likePattern(search))])]
        : []),
    ]),
  );
  const counted = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirst();
  const rows = await base
    .selectAll('o')
    .orderBy('o.name')
    .orderBy('o.id')
    .limit(page.size)
    .offset(offset(page))
    .execute();
  return { total: Number(counted?.total ?? 0), items: rows.map(organizationFromRow) };
}

function organizationFromRow(row: {
  id: string;
  name: string;
  description: string;
  email: string | null;
  website: string | null;
  logo: string | null;
  uri: string | null;
  parent_organization_id: string | null;
  charity_number: string | null;
  identifiers: unknown;
}): OrganizationRecord {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    email: row.email,
    website: row.website,
    logo: row.logo,
    uri: row.uri,
    parentOrganizationId: row.parent_organization_id,
    charityNumber: row.charity_number,
    identifiers: identifiersFromColumn(row.identifiers),
  };
}

/** A provider of at least one public service, with the ids of its public services; or undefined. */
export async function findPublicOrganization(
  db: Executor,
  id: string,
): Promise<{ organization: OrganizationRecord; serviceIds: string[] } | undefined> {
  if (!isUuid(id)) {
    return undefined;
  }
  const row = await db.selectFrom('dir_organizations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) {
    return undefined;
  }
  const services = await db
    .selectFrom('dir_services as s')
    .select('s.id')
    .where((eb) => eb.and([audienceCondition(eb, PUBLIC), eb('s.organization_id', '=', id)]))
    .orderBy('s.name')
    .execute();
  if (services.length === 0) {
    return undefined;
  }
  return { organization: organizationFromRow(row), serviceIds: services.map((service) => service.id) };
}

/** A point on the map. */
export interface Point {
  latitude: number;
  longitude: number;
}

/** One service at a location, found by the list query. */
export interface ServiceAtLocationHit {
  id: string;
  serviceId: string;
  locationId: string;
  description: string | null;
  distanceMetres: number | null;
}

/**
 * Public services at their locations: nearest first from `near` (only those within
 * `near.proximity` metres when given), otherwise by service name.
 */
export async function listServiceAtLocations(
  db: Executor,
  filter: ServiceFilter,
  near: (Point & { proximity?: number }) | undefined,
  page: PageRequest,
): Promise<PageOf<ServiceAtLocationHit>> {
  const origin = near ? sql`ll_to_earth(${near.latitude}::float8, ${near.longitude}::float8)` : null;
  const distance = origin ? sql<number | null>`earth_distance(${origin}, l.earth)` : sql<number | null>`null::float8`;
  const base = db
    .selectFrom('dir_service_at_locations as sal')
    .innerJoin('dir_services as s', 's.id', 'sal.service_id')
    .innerJoin('dir_locations as l', 'l.id', 'sal.location_id')
    .where((eb) => {
      const conditions = [audienceCondition(eb, PUBLIC), ...filterConditions(eb, filter)];
      if (origin) {
        conditions.push(eb.and([eb('l.latitude', 'is not', null), eb('l.longitude', 'is not', null)]));
        if (near?.proximity !== undefined) {
          conditions.push(sql<SqlBool>`earth_box(${origin}, ${near.proximity}::float8) @> l.earth`);
          conditions.push(sql<SqlBool>`${distance} <= ${near.proximity}::float8`);
        }
      }
      return eb.and(conditions);
    });
  const counted = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirst();
  let query = base.select([
    'sal.id',
    'sal.service_id as serviceId',
    'sal.location_id as locationId',
    'sal.description',
    distance.as('distanceMetres'),
  ]);
  query = origin ? query.orderBy(distance).orderBy('sal.id') : query.orderBy('s.name').orderBy('sal.id');
  const rows = await query.limit(page.size).offset(offset(page)).execute();
  return {
    total: Number(counted?.total ?? 0),
    items: rows.map((row) => ({
      ...row,
      distanceMetres: row.distanceMetres === null ? null : Number(row.distanceMetres),
    })),
  };
}

/** One public service at a location, or undefined. */
export async function findPublicServiceAtLocation(
  db: Executor,
  id: string,
): Promise<{ id: string; serviceId: string } | undefined> {
  if (!isUuid(id)) {
    return undefined;
  }
  return db
    .selectFrom('dir_service_at_locations as sal')
    .innerJoin('dir_services as s', 's.id', 'sal.service_id')
    .select(['sal.id', 'sal.service_id as serviceId'])
    .where((eb) => eb.and([audienceCondition(eb, PUBLIC), eb('sal.id', '=', id)]))
    .executeTakeFirst();
}

/** True when the location is where at least one public service is offered. */
export async function isPublicLocation(db: Executor, locationId: string): Promise<boolean> {
  if (!isUuid(locationId)) {
    return false;
  }
  const row = await db
    .selectFrom('dir_service_at_locations as sal')
    .innerJoin('dir_services as s', 's.id', 'sal.service_id')
    .select('sal.id')
    .where((eb) => eb.and([audienceCondition(eb, PUBLIC), eb('sal.location_id', '=', locationId)]))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
