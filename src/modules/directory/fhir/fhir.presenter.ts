import { asEmail, asUri } from '../oruk/oruk.presenter.ts';
import type {
  LocationRecord,
  OrganizationRecord,
  PhoneRecord,
  ScheduleRecord,
  ServiceRecord,
} from '../shared/services.schemas.ts';
import { ACTIVITY_TAXONOMY } from '../shared/taxonomies.rules.ts';

// Directory records as FHIR R4 resources following the UK Core profiles: HealthcareService
// (providedBy and type are must-support), Location and Organization. Empty elements are left
// out, as FHIR requires.

/** A FHIR JSON resource or element. */
export type FhirObject = { [key: string]: FhirValue };
/** Any FHIR JSON value. */
export type FhirValue = string | number | boolean | FhirObject | FhirValue[];

/** UK Core profile canonical URLs. */
export const UK_CORE = {
  healthcareService: 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-HealthcareService',
  location: 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-Location',
  organization: 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-Organization',
} as const;

const ODS_ORGANISATION = 'https://fhir.nhs.uk/Id/ods-organization-code';
const CHARITY_NUMBER = 'https://org-id.guide/list/GB-CHC';
const PROVISION = 'http://terminology.hl7.org/CodeSystem/service-provision-conditions';
const FHIR_DAYS: Record<string, string> = {
  MO: 'mon',
  TU: 'tue',
  WE: 'wed',
  TH: 'thu',
  FR: 'fri',
  SA: 'sat',
  SU: 'sun',
};

/** Drops keys that are null, undefined, empty strings or empty arrays. */
export function prune(entries: Record<string, FhirValue | null | undefined>): FhirObject {
  const out: FhirObject = {};
  for (const [key, value] of Object.entries(entries)) {
    if (value !== null && value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0)) {
      out[key] = value;
    }
  }
  return out;
}

function telecom(phones: PhoneRecord[], email: string | null, url: string | null): FhirObject[] {
  return [
    ...phones.map((phone) =>
      prune({
        system: 'phone',
        value: phone.extension ? `${phone.number} ext. ${phone.extension}` : phone.number,
        use: 'work',
      }),
    ),
    ...(asEmail(email) ? [{ system: 'email', value: asEmail(email) as string, use: 'work' }] : []),
    ...(asUri(url) ? [{ system: 'url', value: asUri(url) as string, use: 'work' }] : []),
  ];
}

/** A provider organisation as a UK Core Organization. */
export function presentFhirOrganization(organization: OrganizationRecord): FhirObject {
  return prune({
    resourceType: 'Organization',
    id: organization.id,
    meta: { profile: [UK_CORE.organization] },
    identifier: organization.charityNumber ? [{ system: CHARITY_NUMBER, value: organization.charityNumber }] : null,
    active: true,
    name: organization.name,
    telecom: telecom([], organization.email, organization.website),
    partOf: organization.parentOrganizationId
      ? { reference: `Organization/${organization.parentOrganizationId}` }
      : null,
  });
}

/** A place as a UK Core Location (with its first address and its position). */
export function presentFhirLocation(location: LocationRecord): FhirObject {
  const address = location.addresses.find((item) => item.addressType === 'physical') ?? location.addresses[0];
  return prune({
    resourceType: 'Location',
    id: location.id,
    meta: { profile: [UK_CORE.location] },
    status: 'active',
    name: location.name,
    description: location.description,
    mode: 'instance',
    type:
      location.locationType === 'virtual'
        ? [
            {
              coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: 'VI', display: 'virtual' }],
            },
          ]
        : null,
    telecom: telecom(location.phones, null, null),
    address: address
      ? prune({
          use: 'work',
          type: address.addressType === 'postal' ? 'postal' : 'physical',
          line: [address.address1, address.address2].filter((line): line is string => Boolean(line)),
          city: address.city,
          district: address.region,
          postalCode: address.postalCode,
          country: address.country,
        })
      : null,
    position:
      location.latitude !== null && location.longitude !== null
        ? { latitude: location.latitude, longitude: location.longitude }
        : null,
  });
}

/** Weekly opening times as availableTime; anything else goes into availabilityExceptions. */
function availability(schedules: ScheduleRecord[]): { availableTime: FhirObject[]; exceptions: string[] } {
  const availableTime: FhirObject[] = [];
  const exceptions: string[] = [];
  for (const schedule of schedules) {
    const days = (schedule.byday ?? '').split(',').map((day) => FHIR_DAYS[day.trim().toUpperCase()]);
    const plainWeekly =
      schedule.freq === 'WEEKLY' &&
      (schedule.interval ?? 1) === 1 &&
      days.length > 0 &&
      days.every((day) => day !== undefined);
    if (plainWeekly) {
      availableTime.push(
        prune({
          daysOfWeek: days as string[],
          availableStartTime: schedule.opensAt,
          availableEndTime: schedule.closesAt,
          allDay: schedule.opensAt ? null : true,
        }),
      );
    }
    const note = [plainWeekly ? null : schedule.description, schedule.notes]
      .filter((part): part is string => Boolean(part))
      .join(' ');
    if (note) {
      exceptions.push(note);
    } else if (!plainWeekly && schedule.description === null && schedule.byday) {
      exceptions.push(
        `${schedule.freq === 'MONTHLY' ? 'Monthly' : 'Weekly'} on ${schedule.byday}` +
          `${schedule.opensAt ? ` from ${schedule.opensAt.slice(0, 5)}` : ''}` +
          `${schedule.closesAt ? ` to ${schedule.closesAt.slice(0, 5)}` : ''}`,
      );
    }
  }
  return { availableTime, exceptions };
}

function coding(system: string, code: string, display: string): FhirObject {
  return { coding: [{ system, code, display }], text: display };
}

/**
 * A service as a UK Core HealthcareService. Locations and the provider are referenced
 * (Location/{id}, Organization/{id}); a service without a provider names the practice or
 * network that keeps it, by ODS code.
 */
export function presentHealthcareService(service: ServiceRecord, baseUrl: string): FhirObject {
  const termSystem = (taxonomyId: string | null) =>
    taxonomyId ? `${baseUrl}/oruk/taxonomies/${taxonomyId}` : `${baseUrl}/oruk/taxonomy_terms`;
  const terms = service.attributes.flatMap((attribute) => (attribute.term ? [attribute.term] : []));
  const categories = terms.filter((term) => term.taxonomyId === ACTIVITY_TAXONOMY.id);
  const types = terms.filter((term) => term.taxonomyId !== ACTIVITY_TAXONOMY.id);
  const schedules = [...service.schedules, ...service.serviceAtLocations.flatMap((sal) => sal.schedules)];
  const { availableTime, exceptions } = availability(schedules);
  const free = service.costOptions.length === 0 || service.costOptions.every((cost) => !cost.amount);
  const providedBy = service.organization
    ? { reference: `Organization/${service.organization.id}`, display: service.organization.name }
    : prune({
        display: service.ownerOrganisationName,
        identifier: service.ownerOdsCode ? { system: ODS_ORGANISATION, value: service.ownerOdsCode } : null,
      });
  return prune({
    resourceType: 'HealthcareService',
    id: service.id,
    meta: { profile: [UK_CORE.healthcareService], lastUpdated: service.lastModified.toISOString() },
    active: service.status === 'active',
    providedBy,
    category: categories.map((term) => coding(termSystem(term.taxonomyId), term.code ?? term.id, term.name)),
    type:
      types.length > 0
        ? types.map((term) => coding(termSystem(term.taxonomyId), term.code ?? term.id, term.name))
        : [{ text: categories[0]?.name ?? 'Community service' }],
    location: service.serviceAtLocations.map((sal) =>
      prune({ reference: `Location/${sal.location.id}`, display: sal.location.name }),
    ),
    name: service.name,
    comment: service.description.length > 0 ? service.description.split(/(?<=[.!?])\s/)[0] : null,
    extraDetails: service.description,
    telecom: telecom(
      [...service.phones, ...service.contacts.flatMap((contact) => contact.phones)],
      service.email,
      service.url,
    ),
    serviceProvisionCode: [free ? coding(PROVISION, 'free', 'Free') : coding(PROVISION, 'cost', 'Fees apply')],
    eligibility: service.eligibilityDescription ? [{ comment: service.eligibilityDescription }] : null,
    communication: service.languages
      .filter((language) => language.code)
      .map((language) =>
        coding('urn:ietf:bcp:47', language.code as string, language.name ?? (language.code as string)),
      ),
    characteristic: service.serviceAtLocations.flatMap((sal) =>
      sal.location.accessibility.flatMap((item) => (item.description ? [{ text: item.description }] : [])),
    ),
    availableTime,
    availabilityExceptions: exceptions.length > 0 ? exceptions.join(' ') : null,
  });
}

/** A searchset Bundle of matches and included resources. */
export function presentBundle(
  matches: FhirObject[],
  included: FhirObject[],
  total: number,
  selfUrl: string,
  baseUrl: string,
): FhirObject {
  const entry = (resource: FhirObject, mode: 'match' | 'include') => ({
    fullUrl: `${baseUrl}/fhir/${String(resource.resourceType)}/${String(resource.id)}`,
    resource,
    search: { mode },
  });
  return prune({
    resourceType: 'Bundle',
    type: 'searchset',
    total,
    link: [{ relation: 'self', url: selfUrl }],
    entry: [
      ...matches.map((resource) => entry(resource, 'match')),
      ...included.map((resource) => entry(resource, 'include')),
    ],
  });
}

/** An OperationOutcome for an error response. */
export function operationOutcome(
  code: 'not-found' | 'invalid' | 'exception' | 'not-supported',
  message: string,
): FhirObject {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics: message }] };
}
