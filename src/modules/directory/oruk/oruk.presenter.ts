import type {
  AttributeRecord,
  ContactRecord,
  LocationRecord,
  OrganizationRecord,
  PhoneRecord,
  ScheduleRecord,
  ServiceAtLocationRecord,
  ServiceRecord,
  ServiceSummary,
} from '../shared/services.schemas.ts';
import { stableId } from '../shared/taxonomies.rules.ts';
import { addressRow } from '../shared/service-rows.rules.ts';
import { type OrukObject, type OrukValue, asEmail, asUri, compact, hhmm } from './oruk-values.presenter.ts';

// Maps directory records to Open Referral UK 3.0 JSON. Optional fields without a value are
// left out rather than sent as null (ORUK compliance guidance), and free-text links and emails
// that would not pass the schema's uri and email formats are left out too.

export { type OrukObject, type OrukValue, asEmail, asUri, compact } from './oruk-values.presenter.ts';

/** The ORUK profile this feed declares in GET /. */
export const ORUK_PROFILE = 'https://openreferraluk.org/specifications/3.0/';
/** The version string the ORUK validator recognises. */
export const ORUK_VERSION = 'HSDS-UK-3.0';

/** The provider's identifiers as ORUK organization_identifiers, with its charity number when no identifier holds it. */
function presentIdentifiers(organization: OrganizationRecord): OrukObject[] | null {
  const given = (organization.identifiers ?? []).map((item) =>
    compact({
      id: item.id,
      organization_id: organization.id,
      identifier_scheme: item.scheme,
      identifier_type: item.type,
      identifier: item.identifier,
    }),
  );
  const charity = organization.charityNumber;
  if (charity && !(organization.identifiers ?? []).some((item) => item.identifier === charity)) {
    given.push({
      id: stableId(`charity:${organization.id}`),
      organization_id: organization.id,
      identifier_scheme: 'GB-CHC',
      identifier_type: 'Charity number',
      identifier: charity,
    });
  }
  return given.length > 0 ? given : null;
}

/** The provider organisation. */
export function presentOrganization(organization: OrganizationRecord): OrukObject {
  return compact({
    id: organization.id,
    name: organization.name,
    description: organization.description,
    email: asEmail(organization.email),
    website: asUri(organization.website),
    logo: organization.logo,
    uri: asUri(organization.uri),
    parent_organization_id: organization.parentOrganizationId,
    organization_identifiers: presentIdentifiers(organization),
  });
}

/** A service's one-to-one fields and its provider: what list pages show. */
export function presentServiceSummary(service: ServiceSummary): OrukObject {
  return compact({
    id: service.id,
    organization_id: service.organizationId,
    name: service.name,
    description: service.description,
    url: asUri(service.url),
    email: asEmail(service.email),
    status: service.status,
    fees: service.fees,
    accreditations: service.accreditations,
    eligibility_description: service.eligibilityDescription,
    minimum_age: service.minimumAge,
    maximum_age: service.maximumAge,
    assured_date: service.assuredDate,
    assurer_email: asEmail(service.assurerEmail),
    alert: service.alert,
    last_modified: service.lastModified.toISOString(),
    organization: service.organization ? presentOrganization(service.organization) : null,
  });
}

/** An opening-times entry. */
export function presentSchedule(
  schedule: ScheduleRecord,
  serviceId: string,
  serviceAtLocationId: string | null,
): OrukObject {
  return compact({
    id: schedule.id,
    service_id: serviceAtLocationId ? null : serviceId,
    service_at_location_id: serviceAtLocationId,
    valid_from: schedule.validFrom,
    valid_to: schedule.validTo,
    dtstart: schedule.dtstart,
    freq: schedule.freq,
    interval: schedule.interval,
    byday: schedule.byday,
    bymonthday: schedule.bymonthday,
    description: schedule.description,
    opens_at: hhmm(schedule.opensAt),
    closes_at: hhmm(schedule.closesAt),
    schedule_link: asUri(schedule.scheduleLink),
    attending_type: schedule.attendingType,
    notes: schedule.notes,
  });
}

function presentPhone(phone: PhoneRecord, owner: Record<string, string>): OrukObject {
  return compact({
    id: phone.id,
    ...owner,
    number: phone.number,
    extension: phone.extension,
    type: phone.type,
    description: phone.description,
  });
}

/** A location; `full` adds its addresses, accessibility and phones. */
export function presentLocation(location: LocationRecord, full = true): OrukObject {
  const base = compact({
    id: location.id,
    location_type: location.locationType,
    name: location.name,
    description: location.description,
    latitude: location.latitude,
    longitude: location.longitude,
    external_identifier: location.externalIdentifier,
    external_identifier_type: location.externalIdentifierType,
  });
  if (!full) {
    return base;
  }
  return {
    ...base,
    addresses: location.addresses.map((address) => compact(addressRow(address, location.id))),
    accessibility: location.accessibility.map((item) =>
      compact({
        id: item.id,
        location_id: location.id,
        description: item.description,
        details: item.details,
        url: asUri(item.url),
      }),
    ),
    phones: location.phones.map((phone) => presentPhone(phone, { location_id: location.id })),
  };
}

/** A service at one location, with the location fully nested. */
export function presentServiceAtLocation(
  sal: ServiceAtLocationRecord,
  serviceId: string,
  fullLocation = true,
): OrukObject {
  return compact({
    id: sal.id,
    service_id: serviceId,
    location_id: sal.location.id,
    description: sal.description,
    location: presentLocation(sal.location, fullLocation),
    schedules:
      sal.schedules.length > 0 ? sal.schedules.map((schedule) => presentSchedule(schedule, serviceId, sal.id)) : null,
  });
}

function presentContact(contact: ContactRecord, serviceId: string): OrukObject {
  return compact({
    id: contact.id,
    service_id: serviceId,
    name: contact.name,
    title: contact.title,
    department: contact.department,
    email: asEmail(contact.email),
    phones: contact.phones.map((phone) => presentPhone(phone, { contact_id: contact.id })),
  });
}

/** A taxonomy term as ORUK shows it (the taxonomy's name in `taxonomy`). */
export function presentTaxonomyTerm(term: NonNullable<AttributeRecord['term']>): OrukObject {
  return compact({
    id: term.id,
    name: term.name,
    description: term.description,
    code: term.code,
    parent_id: term.parentId,
    taxonomy: term.taxonomyName,
    taxonomy_id: term.taxonomyId,
    term_uri: asUri(term.termUri),
  });
}

function presentAttribute(attribute: AttributeRecord, serviceId: string): OrukObject {
  return compact({
    id: attribute.id,
    link_id: serviceId,
    link_type: 'service',
    link_entity: 'service',
    taxonomy_term_id: attribute.taxonomyTermId,
    taxonomy_term: attribute.term ? presentTaxonomyTerm(attribute.term) : null,
  });
}

/** A fully nested service: GET /services/{id}, full lists, exports. */
export function presentService(service: ServiceRecord): OrukObject {
  const id = service.id;
  return {
    ...presentServiceSummary(service),
    schedules: service.schedules.map((schedule) => presentSchedule(schedule, id, null)),
    service_areas: service.serviceAreas.map((area) =>
      compact({
        id: area.id,
        service_id: id,
        name: area.name,
        description: area.description,
        extent: area.extent,
        extent_type: area.extentType,
        uri: area.uri,
      }),
    ),
    service_at_locations: service.serviceAtLocations.map((sal) => presentServiceAtLocation(sal, id)),
    languages: service.languages.map((language) =>
      compact({ id: language.id, service_id: id, name: language.name, code: language.code, note: language.note }),
    ),
    funding: service.funding.map((item) => compact({ id: item.id, service_id: id, source: item.source })),
    cost_options: service.costOptions.map((cost) =>
      compact({
        id: cost.id,
        service_id: id,
        valid_from: cost.validFrom,
        valid_to: cost.validTo,
        option: cost.option,
        currency: cost.currency,
        amount: cost.amount,
        amount_description: cost.amountDescription,
      }),
    ),
    contacts: service.contacts.map((contact) => presentContact(contact, id)),
    phones: service.phones.map((phone) => presentPhone(phone, { service_id: id })),
    attributes: service.attributes.map((attribute) => presentAttribute(attribute, id)),
  };
}

/** ORUK's minimal form of a service: its id and when it last changed. */
export function presentMinimal(service: Pick<ServiceSummary, 'id' | 'lastModified'>): OrukObject {
  return {
    id: service.id,
    modified_date: service.lastModified.toISOString(),
    last_modified: service.lastModified.toISOString(),
  };
}

/**
 * A page of results with all seven ORUK page fields; page numbers start at 1. `empty` says
 * whether this page is empty (ORUK: "Is this page empty"), so a page past the end is empty
 * even when the list is not.
 */
export function presentPage(contents: OrukValue[], total: number, pageNumber: number, perPage: number): OrukObject {
  const totalPages = Math.max(1, Math.ceil(total / perPage));
  return {
    total_items: total,
    total_pages: totalPages,
    page_number: pageNumber,
    size: contents.length,
    first_page: pageNumber === 1,
    last_page: pageNumber >= totalPages,
    empty: contents.length === 0,
    contents,
  };
}
