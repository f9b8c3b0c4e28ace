import type { OrukServiceImport, OrukTaxonomyTerm } from './oruk-import.schemas.ts';
import { blank, date, location, phone, schedule, within } from './oruk-import-parts.rules.ts';
import type {
  AttributeRecord,
  OrganizationRecord,
  ScheduleRecord,
  ServiceAtLocationRecord,
  ServiceInput,
} from '../shared/services.schemas.ts';

// Maps a parsed ORUK 3.0 service to a ServiceInput. Values the database would refuse but the
// ORUK schema allows (a latitude of 100, "10am" as an opening time, an age of 200) are dropped
// with a warning rather than failing the whole record (see oruk-import-parts.rules.ts).

type Parsed = OrukServiceImport;

/** A referenced location not given in full (only its id), to be linked if it already exists. */
export interface LocationReference {
  salId: string;
  locationId: string;
  description: string | null;
  schedules: ScheduleRecord[];
}

/** What mapping produced: the input, links to resolve, and warnings for the report. */
export interface MappedService {
  input: ServiceInput;
  locationReferences: LocationReference[];
  /** Terms given in full by the feed, to create when this directory does not have them. */
  terms: NonNullable<AttributeRecord['term']>[];
}

/** Maps an ORUK organisation (nested in a service or fetched on its own) to the provider record. */
export function mapOrukOrganization(item: NonNullable<Parsed['organization']>): OrganizationRecord {
  const given = item.organization_identifiers;
  const charity = (given ?? []).find(
    (identifier) => identifier.identifier_scheme === 'GB-CHC' || /charity/i.test(identifier.identifier_type),
  );
  return {
    id: item.id,
    name: item.name,
    description: item.description,
    email: blank(item.email),
    website: blank(item.website),
    logo: blank(item.logo),
    uri: blank(item.uri),
    parentOrganizationId: item.parent_organization_id ?? null,
    charityNumber: charity?.identifier ?? null,
    // A list item often leaves identifiers out: then the ones already kept stay as they are.
    identifiers: given
      ? given.flatMap((identifier) =>
          blank(identifier.identifier) && blank(identifier.identifier_type)
            ? [
                {
                  id: identifier.id,
                  scheme: blank(identifier.identifier_scheme),
                  type: identifier.identifier_type.trim(),
                  identifier: identifier.identifier.trim(),
                },
              ]
            : [],
        )
      : undefined,
  };
}

/** A string, or the `name` (and `id`) of an object: how feeds give a term's taxonomy outside ORUK's fields. */
function named(value: unknown): { name: string | null; id: string | null } {
  if (typeof value === 'string') {
    return { name: blank(value), id: null };
  }
  if (value && typeof value === 'object') {
    const item = value as Record<string, unknown>;
    const id =
      typeof item.id === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(item.id)
        ? item.id.toLowerCase()
        : null;
    return { name: typeof item.name === 'string' ? blank(item.name) : null, id };
  }
  return { name: null, id: null };
}

/** A term given in full, as ensureTerms takes it: its taxonomy from taxonomy_id, taxonomy, vocabulary or taxonomy_detail. */
export function mapOrukTerm(term: OrukTaxonomyTerm): MappedService['terms'][number] {
  const detail = named(term.taxonomy_detail);
  const vocabulary = named(term.vocabulary);
  return {
    id: term.id,
    name: term.name,
    description: term.description,
    code: blank(term.code),
    taxonomyId: term.taxonomy_id ?? detail.id,
    taxonomyName: blank(term.taxonomy) ?? vocabulary.name ?? detail.name,
    parentId: term.parent_id && term.parent_id !== term.id ? term.parent_id : null,
    termUri: blank(term.term_uri),
  };
}

/** True when a feed's list item already carries the nested parts (no need to fetch /services/{id}). */
export function isFullRecord(item: Record<string, unknown>): boolean {
  return [
    'service_at_locations',
    'schedules',
    'contacts',
    'languages',
    'cost_options',
    'funding',
    'service_areas',
    'attributes',
    'phones',
  ].some((key) => Array.isArray(item[key]));
}

/** Maps a parsed ORUK service to what upsertService takes, collecting warnings. */
export function mapOrukService(parsed: Parsed, ownerOrganisationId: string, warnings: string[]): MappedService {
  const serviceAtLocations: ServiceAtLocationRecord[] = [];
  const locationReferences: LocationReference[] = [];
  for (const sal of parsed.service_at_locations ?? []) {
    const schedules = (sal.schedules ?? []).map((item) => schedule(item, warnings));
    if (sal.location) {
      serviceAtLocations.push({
        id: sal.id,
        description: blank(sal.description),
        location: location(sal.location, warnings),
        schedules,
      });
    } else if (sal.location_id) {
      locationReferences.push({
        salId: sal.id,
        locationId: sal.location_id,
        description: blank(sal.description),
        schedules,
      });
    } else {
      warnings.push(`service_at_location ${sal.id} names no location, so it was left out`);
    }
  }
  const terms: MappedService['terms'] = [];
  const attributes: AttributeRecord[] = [];
  for (const attribute of parsed.attributes ?? []) {
    const term = attribute.taxonomy_term;
    const termId = term?.id ?? attribute.taxonomy_term_id;
    if (!termId) {
      warnings.push(`attribute ${attribute.id} names no taxonomy term, so it was left out`);
      continue;
    }
    if (term) {
      terms.push(mapOrukTerm(term));
    }
    if (!attributes.some((existing) => existing.taxonomyTermId === termId)) {
      attributes.push({ id: attribute.id, taxonomyTermId: termId, term: null });
    }
  }
  const round = (value: number | null | undefined) =>
    value === null || value === undefined ? null : Math.round(value);
  const input: ServiceInput = {
    id: parsed.id,
    ownerOrganisationId,
    organizationId: parsed.organization?.id ?? parsed.organization_id ?? null,
    organization: parsed.organization ? mapOrukOrganization(parsed.organization) : null,
    name: parsed.name.trim(),
    description: parsed.description?.trim() ?? '',
    url: blank(parsed.url),
    email: blank(parsed.email),
    status: parsed.status,
    fees: blank(parsed.fees),
    accreditations: blank(parsed.accreditations),
    eligibilityDescription: blank(parsed.eligibility_description),
    minimumAge: within(round(parsed.minimum_age), 0, 130, 'minimum_age', warnings),
    maximumAge: within(round(parsed.maximum_age), 0, 130, 'maximum_age', warnings),
    alert: blank(parsed.alert),
    assuredDate: date(parsed.assured_date, 'assured_date', warnings),
    assurerEmail: blank(parsed.assurer_email),
    serviceAtLocations,
    schedules: (parsed.schedules ?? []).map((item) => schedule(item, warnings)),
    contacts: (parsed.contacts ?? []).map((contact) => ({
      id: contact.id,
      name: blank(contact.name),
      title: blank(contact.title),
      department: blank(contact.department),
      email: blank(contact.email),
      phones: (contact.phones ?? []).map(phone),
    })),
    phones: (parsed.phones ?? []).map(phone),
    languages: (parsed.languages ?? []).map((language) => ({
      id: language.id,
      name: blank(language.name),
      code: blank(language.code),
      note: blank(language.note),
    })),
    costOptions: (parsed.cost_options ?? []).map((cost) => ({
      id: cost.id,
      validFrom: date(cost.valid_from, 'cost_option valid_from', warnings),
      validTo: date(cost.valid_to, 'cost_option valid_to', warnings),
      option: blank(cost.option),
      currency: blank(cost.currency)?.toUpperCase() ?? 'GBP',
      amount: within(cost.amount, 0, 99_999_999, 'cost amount', warnings),
      amountDescription: blank(cost.amount_description),
    })),
    funding: (parsed.funding ?? []).map((item) => ({ id: item.id, source: blank(item.source) })),
    serviceAreas: (parsed.service_areas ?? []).map((area) => ({
      id: area.id,
      name: blank(area.name) ?? blank(area.service_area),
      description: blank(area.description),
      extent: blank(area.extent),
      extentType: blank(area.extent_type),
      uri: blank(area.uri),
    })),
    attributes,
  };
  return { input, locationReferences, terms };
}
