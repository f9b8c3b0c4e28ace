import type { Insertable } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import type {
  LocationRecord,
  OrganizationIdentifierRecord,
  OrganizationRecord,
  PhoneRecord,
  ScheduleRecord,
  ServiceContent,
  ServiceInput,
} from './services.schemas.ts';
import { stableId } from './taxonomies.rules.ts';

// Pure mappings from a service record to the rows that store it, shared by the single upsert
// and the bulk insert so both write exactly the same shape.

type Row<T extends keyof Database> = Insertable<Database[T]>;

/** "10:00", "10:00:00", "10:00Z" or "10:00+01:00" as "10:00:00" (local time); null when unreadable. */
export function normaliseTime(value: string | null | undefined): string | null {
  const match = value
    ? /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/.exec(value.trim())
    : null;
  return match ? `${match[1]}:${match[2]}:${match[3] ?? '00'}` : null;
}

/** "2025-01-31" (or the date part of a date-time) when it is a real date; otherwise null. */
export function normaliseDate(value: string | null | undefined): string | null {
  const match = value ? /^(\d{4})-(\d{2})-(\d{2})(?:$|T)/.exec(value.trim()) : null;
  if (!match) {
    return null;
  }
  const date = new Date(`${match[1]}-${match[2]}-${match[3]}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== `${match[1]}-${match[2]}-${match[3]}`
    ? null
    : `${match[1]}-${match[2]}-${match[3]}`;
}

/** The provider organisation's row. */
export function organizationRow(
  organization: OrganizationRecord,
  ownerId: string,
  parentId: string | null,
): Row<'dir_organizations'> {
  return {
    id: organization.id,
    owner_organisation_id: ownerId,
    name: organization.name,
    description: organization.description,
    email: organization.email,
    website: organization.website,
    logo: organization.logo,
    uri: organization.uri,
    parent_organization_id: parentId,
    charity_number: organization.charityNumber,
    // Omitted identifiers leave the stored ones as they are (writers that never see them, such as activities).
    ...(organization.identifiers
      ? {
          identifiers: JSON.stringify(
            organization.identifiers.map((item) => ({
              id: item.id,
              identifier_scheme: item.scheme,
              identifier_type: item.type,
              identifier: item.identifier,
            })),
          ),
        }
      : {}),
  };
}

/** The identifiers column of dir_organizations as records (anything malformed is skipped). */
export function identifiersFromColumn(value: unknown): OrganizationIdentifierRecord[] {
  if (!Array.isArray(value)) {
    return [];
  }
  return value.flatMap((item: unknown) => {
    const entry = item as Record<string, unknown> | null;
    if (
      !entry ||
      typeof entry.id !== 'string' ||
      typeof entry.identifier_type !== 'string' ||
      typeof entry.identifier !== 'string'
    ) {
      return [];
    }
    return [
      {
        id: entry.id,
        scheme: typeof entry.identifier_scheme === 'string' ? entry.identifier_scheme : null,
        type: entry.identifier_type,
        identifier: entry.identifier,
      },
    ];
  });
}

/** The id of an organisation's own copy of a location record another organisation keeps (stable, so re-imports find it). */
export function locationCopyId(ownerId: string, id: string): string {
  return stableId(`location-copy:${ownerId}:${id}`);
}

/**
 * A location given in a record under an id another organisation already keeps, as the
 * writer's own copy: the same content under ids derived from the owner and the given ids.
 */
export function ownCopyOfLocation(location: LocationRecord, ownerId: string): LocationRecord {
  const copy = (id: string) => locationCopyId(ownerId, id);
  return {
    ...location,
    id: copy(location.id),
    addresses: location.addresses.map((address) => ({ ...address, id: copy(address.id) })),
    accessibility: location.accessibility.map((item) => ({ ...item, id: copy(item.id) })),
    phones: location.phones.map((phone) => ({ ...phone, id: copy(phone.id) })),
  };
}

/** A location and its own parts as rows. */
export function locationRows(location: LocationRecord, ownerId: string) {
  return {
    location: {
      id: location.id,
      owner_organisation_id: ownerId,
      location_type: location.locationType,
      name: location.name,
      description: location.description,
      latitude: location.latitude,
      longitude: location.longitude,
      external_identifier: location.externalIdentifier,
      external_identifier_type: location.externalIdentifierType,
    } satisfies Row<'dir_locations'>,
    addresses: location.addresses.map((address) => addressRow(address, location.id)),
    accessibility: location.accessibility.map(
      (item): Row<'dir_accessibility'> => ({
        id: item.id,
        location_id: location.id,
        description: item.description,
        details: item.details,
        url: item.url,
      }),
    ),
    phones: location.phones.map((phone) => phoneRow(phone, { location_id: location.id })),
  };
}

/** A phone as its row, under the location, service or contact it belongs to. */
function phoneRow(
  phone: PhoneRecord,
  owner: Pick<Row<'dir_phones'>, 'location_id' | 'service_id' | 'contact_id'>,
): Row<'dir_phones'> {
  return {
    id: phone.id,
    ...owner,
    number: phone.number,
    extension: phone.extension,
    type: phone.type,
    description: phone.description,
  };
}

function scheduleRow(schedule: ScheduleRecord, serviceId: string, salId: string | null): Row<'dir_schedules'> {
  return {
    id: schedule.id,
    service_id: serviceId,
    service_at_location_id: salId,
    valid_from: normaliseDate(schedule.validFrom),
    valid_to: normaliseDate(schedule.validTo),
    dtstart: normaliseDate(schedule.dtstart),
    freq: schedule.freq,
    interval: schedule.interval,
    byday: schedule.byday,
    bymonthday: schedule.bymonthday,
    opens_at: normaliseTime(schedule.opensAt),
    closes_at: normaliseTime(schedule.closesAt),
    description: schedule.description,
    schedule_link: schedule.scheduleLink,
    attending_type: schedule.attendingType,
    notes: schedule.notes,
  };
}

/** The service's own row (without search text and timestamps). */
export function serviceRow(input: ServiceInput): Omit<Row<'dir_services'>, 'search_text'> {
  return {
    id: input.id,
    owner_organisation_id: input.ownerOrganisationId,
    organization_id: input.organization?.id ?? input.organizationId,
    name: input.name,
    description: input.description,
    url: input.url,
    email: input.email,
    status: input.status,
    fees: input.fees,
    accreditations: input.accreditations,
    eligibility_description: input.eligibilityDescription,
    minimum_age: input.minimumAge,
    maximum_age: input.maximumAge,
    alert: input.alert,
    assured_date: normaliseDate(input.assuredDate),
    assurer_email: input.assurerEmail,
    ...(input.published === undefined ? {} : { published: input.published }),
    ...(input.sourceActivityId === undefined ? {} : { source_activity_id: input.sourceActivityId }),
    ...(input.verification === undefined
      ? {}
      : {
          last_verified_at: input.verification.lastVerifiedAt,
          last_verified_by: input.verification.lastVerifiedBy,
          verification_method: input.verification.verificationMethod,
          review_due_at: input.verification.reviewDueAt,
          stale: input.verification.stale,
        }),
  };
}

/** Each of a service's items as its row: the item's id, the service's, then the item's own columns. */
function ofService<T extends { id: string }, C>(serviceId: string, items: readonly T[], columns: (item: T) => C) {
  return items.map((item) => ({ id: item.id, service_id: serviceId, ...columns(item) }));
}

/** Every nested row of a service that belongs to the service alone (not locations or provider). */
export function childRows(content: ServiceContent) {
  const serviceId = content.id;
  return {
    serviceAtLocations: ofService(serviceId, content.serviceAtLocations, (sal) => ({
      location_id: sal.location.id,
      description: sal.description,
    })) satisfies Row<'dir_service_at_locations'>[],
    schedules: [
      ...content.schedules.map((schedule) => scheduleRow(schedule, serviceId, null)),
      ...content.serviceAtLocations.flatMap((sal) =>
        sal.schedules.map((schedule) => scheduleRow(schedule, serviceId, sal.id)),
      ),
    ],
    contacts: ofService(serviceId, content.contacts, (contact) => ({
      name: contact.name,
      title: contact.title,
      department: contact.department,
      email: contact.email,
    })) satisfies Row<'dir_contacts'>[],
    phones: [
      ...content.phones.map((phone) => phoneRow(phone, { service_id: serviceId })),
      ...content.contacts.flatMap((contact) =>
        contact.phones.map((phone) => phoneRow(phone, { service_id: serviceId, contact_id: contact.id })),
      ),
    ],
    languages: ofService(serviceId, content.languages, (language) => ({
      name: language.name,
      code: language.code,
      note: language.note,
    })) satisfies Row<'dir_languages'>[],
    costOptions: ofService(serviceId, content.costOptions, (cost) => ({
      valid_from: normaliseDate(cost.validFrom),
      valid_to: normaliseDate(cost.validTo),
      option: cost.option,
      currency: cost.currency,
      amount: cost.amount === null ? null : cost.amount.toFixed(2),
      amount_description: cost.amountDescription,
    })) satisfies Row<'dir_cost_options'>[],
    funding: ofService(serviceId, content.funding, (item) => ({ source: item.source })) satisfies Row<'dir_funding'>[],
    serviceAreas: ofService(serviceId, content.serviceAreas, (area) => ({
      name: area.name,
      description: area.description,
      extent: area.extent,
      extent_type: area.extentType,
      uri: area.uri,
    })) satisfies Row<'dir_service_areas'>[],
    attributes: content.attributes.map(
      (attribute): Row<'dir_attributes'> => ({
        id: attribute.id,
        link_type: 'service',
        link_id: serviceId,
        taxonomy_term_id: attribute.taxonomyTermId,
      }),
    ),
  };
}

/** An address as its row: the same snake_case names the ORUK feed uses. */
export function addressRow(address: LocationRecord['addresses'][number], locationId: string): Row<'dir_addresses'> {
  return {
    id: address.id,
    location_id: locationId,
    attention: address.attention,
    address_1: address.address1,
    address_2: address.address2,
    city: address.city,
    region: address.region,
    state_province: address.stateProvince,
    postal_code: address.postalCode,
    country: address.country,
    address_type: address.addressType,
  };
}
