import type {
  OrganizationIdentifierRecord,
  OrganizationRecord,
  ScheduleRecord,
  ServiceContent,
} from './services.schemas.ts';
import { normaliseDate, normaliseTime } from './service-rows.rules.ts';
import { stableId } from './taxonomies.rules.ts';

// Pure rules over a service's content as a whole: the words search finds it by, and a stable
// form for telling whether a write changes anything (and which fields).

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
