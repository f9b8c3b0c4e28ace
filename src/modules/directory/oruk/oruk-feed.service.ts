import type { Executor } from '../../../platform/db/transaction.ts';
import { NotFoundError, ValidationError } from '../../../lib/errors.ts';
import {
  type OrukObject,
  type OrukValue,
  compact,
  presentLocation,
  presentMinimal,
  presentOrganization,
  presentPage,
  presentService,
  presentServiceAtLocation,
  presentServiceSummary,
} from './oruk.presenter.ts';
import {
  type PageRequest,
  type ServiceAtLocationHit,
  findPublicOrganization,
  findPublicServiceAtLocation,
  listPublicOrganizations,
  listServiceAtLocations,
} from './oruk.repo.ts';
import {
  DEFAULT_PER_PAGE,
  MAX_MINIMAL_PER_PAGE,
  MAX_PER_PAGE,
  type ServiceAtLocationListQuery,
  type ServiceListQuery,
} from './oruk.schemas.ts';
import { locatePostcode } from '../postcodes/postcodes.service.ts';
import { loadLocations } from '../shared/service-parts.repo.ts';
import {
  PUBLIC,
  type PageOf,
  type ServiceFilter,
  findService,
  findServices,
  listServices,
} from '../shared/services.repo.ts';

// What each ORUK endpoint answers, as plain functions of the database and the parsed query:
// the routes in oruk.api.ts only unpack the request and send the result.

/** A page of an ORUK list, or every item of it for ndjson. */
export type Lister = (page: PageRequest) => Promise<PageOf<OrukValue>>;

/** The page a query asks for, with per_page capped. */
export function pageRequest(query: { page: number; per_page?: number }, max = MAX_PER_PAGE): PageRequest {
  return { number: query.page, size: Math.min(query.per_page ?? DEFAULT_PER_PAGE, max) };
}

/** Runs a lister for one page and wraps it in ORUK's page fields. */
export async function onePage(lister: Lister, page: PageRequest): Promise<OrukObject> {
  const result = await lister(page);
  return presentPage(result.items, result.total, page.number, page.size);
}

/** Every item a lister has, page by page (for ndjson, which has no pagination). */
export async function* everyItem(lister: Lister, size = MAX_PER_PAGE): AsyncGenerator<OrukValue> {
  for (let number = 1; ; number += 1) {
    const result = await lister({ number, size });
    yield* result.items;
    if (result.items.length < size || number * size >= result.total) {
      return;
    }
  }
}

function serviceFilter(
  query: Pick<ServiceListQuery, 'search' | 'taxonomy_term_id' | 'taxonomy_id' | 'organization_id' | 'modified_after'>,
): ServiceFilter {
  return {
    search: query.search || undefined,
    taxonomyTermId: query.taxonomy_term_id,
    taxonomyId: query.taxonomy_id,
    organizationId: query.organization_id,
    modifiedAfter: query.modified_after,
  };
}

/** GET /services: one-to-one fields and provider; `full` nests everything; `minimal` is id and date. */
export function servicesLister(db: Executor, query: ServiceListQuery): Lister {
  const filter = serviceFilter(query);
  return async (page) => {
    const result = await listServices(db, PUBLIC, filter, page);
    if (query.minimal) {
      return { total: result.total, items: result.items.map(presentMinimal) };
    }
    if (query.full) {
      const records = await findServices(
        db,
        PUBLIC,
        result.items.map((item) => item.id),
      );
      return { total: result.total, items: records.map(presentService) };
    }
    return { total: result.total, items: result.items.map(presentServiceSummary) };
  };
}

/** The page size for GET /services (?minimal=true may ask for everything at once). */
export function servicesPage(query: ServiceListQuery): PageRequest {
  return query.minimal
    ? { number: query.page, size: Math.min(query.per_page ?? MAX_MINIMAL_PER_PAGE, MAX_MINIMAL_PER_PAGE) }
    : pageRequest(query);
}

/** GET /services/{id}: the fully nested public service. */
export async function serviceById(db: Executor, id: string): Promise<OrukObject> {
  const service = await findService(db, PUBLIC, id);
  if (!service) {
    throw new NotFoundError('No published service has this id');
  }
  return presentService(service);
}

/** GET /service_at_locations: nearest first from a postcode when one is given. */
export async function serviceAtLocationsLister(db: Executor, query: ServiceAtLocationListQuery): Promise<Lister> {
  if (query.proximity !== undefined && !query.postcode) {
    throw new ValidationError(
      { proximity: 'Give a postcode to measure the distance from' },
      'proximity needs a postcode',
    );
  }
  let near: { latitude: number; longitude: number; proximity?: number } | undefined;
  if (query.postcode) {
    const centre = await locatePostcode(db, query.postcode);
    if (!centre) {
      throw new ValidationError(
        { postcode: `We do not know where the postcode ${query.postcode.toUpperCase()} is` },
        `Unknown postcode: ${query.postcode.toUpperCase()}`,
      );
    }
    near = { latitude: centre.latitude, longitude: centre.longitude, proximity: query.proximity };
  }
  const filter = serviceFilter(query);
  return async (page) => {
    const hits = await listServiceAtLocations(db, filter, near, page);
    return { total: hits.total, items: await presentHits(db, hits.items, query.full ?? false) };
  };
}

async function presentHits(db: Executor, hits: ServiceAtLocationHit[], full: boolean): Promise<OrukValue[]> {
  const serviceIds = [...new Set(hits.map((hit) => hit.serviceId))];
  const locations = await loadLocations(
    db,
    hits.map((hit) => hit.locationId),
  );
  const services = new Map<string, OrukObject>();
  if (full) {
    for (const record of await findServices(db, PUBLIC, serviceIds)) {
      services.set(record.id, presentService(record));
    }
  } else {
    const summaries = await listServices(
      db,
      PUBLIC,
      { ids: serviceIds },
      { number: 1, size: Math.max(1, serviceIds.length) },
    );
    for (const summary of summaries.items) {
      services.set(summary.id, presentServiceSummary(summary));
    }
  }
  return hits.flatMap((hit) => {
    const location = locations.get(hit.locationId);
    const service = services.get(hit.serviceId);
    if (!location || !service) {
      return [];
    }
    const item = compact({
      id: hit.id,
      service_id: hit.serviceId,
      location_id: hit.locationId,
      description: hit.description,
      distance: hit.distanceMetres === null ? null : Math.round(hit.distanceMetres),
    });
    return [{ ...item, location: presentLocation(location, full), service }];
  });
}

/** GET /service_at_locations/{id}: the location fully nested, with its service. */
export async function serviceAtLocationById(db: Executor, id: string): Promise<OrukObject> {
  const found = await findPublicServiceAtLocation(db, id);
  const service = found ? await findService(db, PUBLIC, found.serviceId) : undefined;
  const sal = service?.serviceAtLocations.find((item) => item.id === id);
  if (!service || !sal) {
    throw new NotFoundError('No published service at a location has this id');
  }
  return { ...presentServiceAtLocation(sal, service.id), service: presentServiceSummary(service) };
}

async function servicesOf(db: Executor, serviceIds: string[], full: boolean): Promise<OrukValue[]> {
  if (full) {
    return (await findServices(db, PUBLIC, serviceIds)).map(presentService);
  }
  const summaries = await listServices(
    db,
    PUBLIC,
    { ids: serviceIds },
    { number: 1, size: Math.max(1, serviceIds.length) },
  );
  return summaries.items.map(presentServiceSummary);
}

/** GET /organizations: providers of public services; `full` or `full_service` add their services. */
export function organizationsLister(
  db: Executor,
  query: { search?: string; full?: boolean; full_service?: boolean },
): Lister {
  return async (page) => {
    const result = await listPublicOrganizations(db, query.search || undefined, page);
    const items: OrukValue[] = [];
    for (const organization of result.items) {
      const presented = presentOrganization(organization);
      if (query.full || query.full_service) {
        const found = await findPublicOrganization(db, organization.id);
        presented.services = await servicesOf(db, found?.serviceIds ?? [], query.full_service ?? false);
      }
      items.push(presented);
    }
    return { total: result.total, items };
  };
}

/** GET /organizations/{id}: the provider with its public services. */
export async function organizationById(db: Executor, id: string, fullService: boolean): Promise<OrukObject> {
  const found = await findPublicOrganization(db, id);
  if (!found) {
    throw new NotFoundError('No provider of a published service has this id');
  }
  return { ...presentOrganization(found.organization), services: await servicesOf(db, found.serviceIds, fullService) };
}
