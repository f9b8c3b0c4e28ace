import type { Insertable } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import type {
  LocationRecord,
  OrganizationIdentifierRecord,
  OrganizationRecord,
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

/** The words, beyond name and description, that full-text search should find a service by. */
export function searchTextFor(content: ServiceContent, termNames: readonly string[]): string {
  const words = [
    content.organization?.name,
    ...termNames,
    ...content.serviceAtLocations.flatMap((sal) => [
      sal.location.name,
      ...sal.location.addresses.map((address) => address.city),
    ]),
    ...content.languages.map((language) => language.name),
  ];
  return [
    ...new Set(
      words.filter((word): word is string => typeof word === 'string' && word.trim() !== '').map((word) => word.trim()),
    ),
  ].join(' ');
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
    phones: location.phones.map(
      (phone): Row<'dir_phones'> => ({
        id: phone.id,
        location_id: location.id,
        number: phone.number,
        extension: phone.extension,
        type: phone.type,
        description: phone.description,
      }),
    ),
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

/** Every nested row of a service that belongs to the service alone (not locations or provider). */
export function childRows(content: ServiceContent) {
  const serviceId = content.id;
  return {
    serviceAtLocations: content.serviceAtLocations.map(
      (sal): Row<'dir_service_at_locations'> => ({
        id: sal.id,
        service_id: serviceId,
        location_id: sal.location.id,
        description: sal.description,
      }),
    ),
    schedules: [
      ...content.schedules.map((schedule) => scheduleRow(schedule, serviceId, null)),
      ...content.serviceAtLocations.flatMap((sal) =>
        sal.schedules.map((schedule) => scheduleRow(schedule, serviceId, sal.id)),
      ),
    ],
    contacts: content.contacts.map(
      (contact): Row<'dir_contacts'> => ({
        id: contact.id,
        service_id: serviceId,
        name: contact.name,
        title: contact.title,
        department: contact.department,
        email: contact.email,
      }),
    ),
    phones: [
      ...content.phones.map(
        (phone): Row<'dir_phones'> => ({
          id: phone.id,
          service_id: serviceId,
          number: phone.number,
          extension: phone.extension,
          type: phone.type,
          description: phone.description,
        }),
      ),
      ...content.contacts.flatMap((contact) =>
        contact.phones.map(
          (phone): Row<'dir_phones'> => ({
            id: phone.id,
            service_id: serviceId,
            contact_id: contact.id,
            number: phone.number,
            extension: phone.extension,
            type: phone.type,
            description: phone.description,
          }),
        ),
      ),
    ],
    languages: content.languages.map(
      (language): Row<'dir_languages'> => ({
        id: language.id,
        service_id: serviceId,
        name: language.name,
        code: language.code,
        note: language.note,
      }),
    ),
    costOptions: content.costOptions.map(
      (cost): Row<'dir_cost_options'> => ({
        id: cost.id,
        service_id: serviceId,
        valid_from: normaliseDate(cost.validFrom),
        valid_to: normaliseDate(cost.validTo),
        option: cost.option,
        currency: cost.currency,
        amount: cost.amount === null ? null : cost.amount.toFixed(2),
        amount_description: cost.amountDescription,
      }),
    ),
    funding: content.funding.map(
      (item): Row<'dir_funding'> => ({ id: item.id, service_id: serviceId, source: item.source }),
    ),
    serviceAreas: content.serviceAreas.map(
      (area): Row<'dir_service_areas'> => ({
        id: area.id,
        service_id: serviceId,
        name: area.name,
        description: area.description,
        extent: area.extent,
        extent_type: area.extentType,
        uri: area.uri,
      }),
    ),
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

/** JSON with object keys sorted and undefined read as null, so equal content gives equal text. */
function stableStringify(value: unknown): string {
  if (value === undefined || value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return `[${value.map(stableStringify).join(',')}]`;
  }
  if (value instanceof Date) {
    return JSON.stringify(value.toISOString());
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([left], [right]) =>
      left < right ? -1 : left > right ? 1 : 0,
    );
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableStringify(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * A provider's identifiers for comparing versions: none given counts as none, and the charity
 * number identifier the ORUK presenter makes from charity_number (so an exported feed imports
 * back unchanged) counts as the charity number it came from.
 */
function ownIdentifiers(organization: OrganizationRecord): OrganizationIdentifierRecord[] {
  const made = stableId(`charity:${organization.id}`);
  return (organization.identifiers ?? [])
    .filter((item) => !(item.id === made && item.identifier === organization.charityNumber))
    .sort((left, right) => (left.id < right.id ? -1 : left.id > right.id ? 1 : 0));
}

/** The content of a service in a stable form, for telling whether a write changes anything. */
export function canonicalContent(content: ServiceContent, published: boolean | undefined): string {
  return stableStringify(canonicalObject(content, published));
}

/** The top-level fields whose content differs (each nested part counts as one field). */
export function changedFields(before: ServiceContent, after: ServiceContent): string[] {
  const left = canonicalObject(before, undefined);
  const right = canonicalObject(after, undefined);
  return Object.keys(right).filter(
    (key) => key !== 'published' && stableStringify(left[key]) !== stableStringify(right[key]),
  );
}

function canonicalObject(content: ServiceContent, published: boolean | undefined): Record<string, unknown> {
  const sorted = <T extends { id: string }>(items: T[]): T[] =>
    [...items].sort((left, right) => (left.id < right.id ? -1 : left.id > right.id ? 1 : 0));
  const schedules = (items: ScheduleRecord[]) =>
    sorted(items).map((item) => ({
      ...item,
      validFrom: normaliseDate(item.validFrom),
      validTo: normaliseDate(item.validTo),
      dtstart: normaliseDate(item.dtstart),
      opensAt: normaliseTime(item.opensAt),
      closesAt: normaliseTime(item.closesAt),
    }));
  return {
    id: content.id,
    name: content.name,
    description: content.description,
    url: content.url,
    email: content.email,
    status: content.status,
    fees: content.fees,
    accreditations: content.accreditations,
    eligibilityDescription: content.eligibilityDescription,
    minimumAge: content.minimumAge,
    maximumAge: content.maximumAge,
    alert: content.alert,
    assuredDate: normaliseDate(content.assuredDate),
    assurerEmail: content.assurerEmail,
    organizationId: content.organization?.id ?? content.organizationId,
    organization: content.organization
      ? { ...content.organization, identifiers: ownIdentifiers(content.organization) }
      : null,
    published: published ?? null,
    serviceAtLocations: sorted(content.serviceAtLocations).map((sal) => ({
      ...sal,
      schedules: schedules(sal.schedules),
      location: {
        ...sal.location,
        addresses: sorted(sal.location.addresses),
        accessibility: sorted(sal.location.accessibility),
        phones: sorted(sal.location.phones),
      },
    })),
    schedules: schedules(content.schedules),
    contacts: sorted(content.contacts).map((contact) => ({ ...contact, phones: sorted(contact.phones) })),
    phones: sorted(content.phones),
    languages: sorted(content.languages),
    costOptions: sorted(content.costOptions).map((cost) => ({
      ...cost,
      validFrom: normaliseDate(cost.validFrom),
      validTo: normaliseDate(cost.validTo),
    })),
    funding: sorted(content.funding),
    serviceAreas: sorted(content.serviceAreas),
    attributes: sorted(content.attributes).map((attribute) => ({
      id: attribute.id,
      taxonomyTermId: attribute.taxonomyTermId,
    })),
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
