// The directory's service record as the app works with it: one service with every nested part,
// camelCase, shaped by Open Referral UK 3.0 (HSDS 3.0). Read by services.repo.ts, written by
// services.write.ts, mapped to ORUK JSON by oruk.presenter.ts and to FHIR by fhir.presenter.ts.

/** Values of `status` (ORUK's enumeration). */
export const SERVICE_STATUSES = ['active', 'inactive', 'defunct', 'temporarily closed'] as const;
/** A service's ORUK status. */
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];

/** An identifier of a provider in a register (HSDS organization_identifier: a company or charity number). */
export interface OrganizationIdentifierRecord {
  id: string;
  /** The register's code, such as GB-COH or GB-CHC (org-id.guide), when given. */
  scheme: string | null;
  type: string;
  identifier: string;
}

/** The provider organisation (HSDS organization), not a Thirdspace organisation. */
export interface OrganizationRecord {
  id: string;
  name: string;
  description: string;
  email: string | null;
  website: string | null;
  logo: string | null;
  uri: string | null;
  parentOrganizationId: string | null;
  charityNumber: string | null;
  /** Every identifier the provider has; reads always fill it, and a write without it leaves the stored ones alone. */
  identifiers?: OrganizationIdentifierRecord[];
}

/** A postal or physical address of a location. */
export interface AddressRecord {
  id: string;
  attention: string | null;
  address1: string;
  address2: string | null;
  city: string;
  region: string | null;
  stateProvince: string;
  postalCode: string;
  country: string;
  addressType: 'physical' | 'postal' | 'virtual';
}

/** Accessibility of a location (free text). */
export interface AccessibilityRecord {
  id: string;
  description: string | null;
  details: string | null;
  url: string | null;
}

/** A telephone number of a service, contact or location. */
export interface PhoneRecord {
  id: string;
  number: string;
  extension: string | null;
  type: string | null;
  description: string | null;
}

/** A language a service is offered in (name and, where known, a BCP 47 code). */
export interface LanguageRecord {
  id: string;
  name: string | null;
  code: string | null;
  note: string | null;
}

/** A place where services are offered. */
export interface LocationRecord {
  id: string;
  locationType: 'physical' | 'postal' | 'virtual';
  name: string | null;
  description: string | null;
  latitude: number | null;
  longitude: number | null;
  externalIdentifier: string | null;
  externalIdentifierType: string | null;
  addresses: AddressRecord[];
  accessibility: AccessibilityRecord[];
  phones: PhoneRecord[];
}

/** Opening times in iCalendar RRULE style; times are local (Europe/London) "HH:MM:SS". */
export interface ScheduleRecord {
  id: string;
  validFrom: string | null;
  validTo: string | null;
  dtstart: string | null;
  freq: 'WEEKLY' | 'MONTHLY' | null;
  interval: number | null;
  byday: string | null;
  bymonthday: string | null;
  opensAt: string | null;
  closesAt: string | null;
  description: string | null;
  scheduleLink: string | null;
  attendingType: string | null;
  notes: string | null;
}

/** The service offered at one location, with times particular to that place. */
export interface ServiceAtLocationRecord {
  id: string;
  description: string | null;
  location: LocationRecord;
  schedules: ScheduleRecord[];
}

/** A named contact for the service. */
export interface ContactRecord {
  id: string;
  name: string | null;
  title: string | null;
  department: string | null;
  email: string | null;
  phones: PhoneRecord[];
}

/** What it costs (amount null with a description for "free" or "donations welcome"). */
export interface CostOptionRecord {
  id: string;
  validFrom: string | null;
  validTo: string | null;
  option: string | null;
  currency: string;
  amount: number | null;
  amountDescription: string | null;
}

/** Where the money comes from. */
export interface FundingRecord {
  id: string;
  source: string | null;
}

/** The area a service covers. */
export interface ServiceAreaRecord {
  id: string;
  name: string | null;
  description: string | null;
  extent: string | null;
  extentType: string | null;
  uri: string | null;
}

/** A taxonomy term attached to the service, with the term's details for presenting. */
export interface AttributeRecord {
  id: string;
  taxonomyTermId: string;
  term: {
    id: string;
    name: string;
    description: string;
    code: string | null;
    taxonomyId: string | null;
    taxonomyName: string | null;
    parentId: string | null;
    termUri: string | null;
  } | null;
}

/** The row-level fields every view of a service shares. */
export interface ServiceFields {
  id: string;
  organizationId: string | null;
  /** The provider; written with the service when given (upserted by id). */
  organization: OrganizationRecord | null;
  name: string;
  description: string;
  url: string | null;
  email: string | null;
  status: ServiceStatus;
  fees: string | null;
  accreditations: string | null;
  eligibilityDescription: string | null;
  minimumAge: number | null;
  maximumAge: number | null;
  alert: string | null;
  assuredDate: string | null;
  assurerEmail: string | null;
}

/** The ORUK-shaped content of a service: what a write supplies and a read returns. */
export interface ServiceContent extends ServiceFields {
  serviceAtLocations: ServiceAtLocationRecord[];
  schedules: ScheduleRecord[];
  contacts: ContactRecord[];
  phones: PhoneRecord[];
  languages: LanguageRecord[];
  costOptions: CostOptionRecord[];
  funding: FundingRecord[];
  serviceAreas: ServiceAreaRecord[];
  /** Only taxonomyTermId is needed to write; reads fill in the term. */
  attributes: AttributeRecord[];
}

/** Thirdspace's own bookkeeping for a service, beside the ORUK content. */
export interface ServiceKeeping {
  ownerOrganisationId: string;
  ownerOrganisationName: string;
  ownerOdsCode: string | null;
  published: boolean;
  stale: boolean;
  lastVerifiedAt: Date | null;
  lastVerifiedBy: string | null;
  verificationMethod: string | null;
  reviewDueAt: Date | null;
  sourceActivityId: string | null;
  createdAt: Date;
  lastModified: Date;
}

/** A fully nested service as read from the database. */
export type ServiceRecord = ServiceContent & ServiceKeeping;

/** What a write takes: the ORUK content plus the owner and, optionally, the publication flag. */
export type ServiceInput = ServiceContent & {
  ownerOrganisationId: string;
  /** Left as it is when omitted (new services are published). */
  published?: boolean;
  sourceActivityId?: string | null;
  /** Left as it is when omitted (freshness is normally kept by verification). */
  verification?: {
    lastVerifiedAt: Date | null;
    lastVerifiedBy: string | null;
    verificationMethod: string | null;
    reviewDueAt: Date | null;
    stale: boolean;
  };
};

/** A service's row-level fields only, for list pages (no nested parts but the provider). */
export interface ServiceSummary extends ServiceFields {
  ownerOrganisationId: string;
  published: boolean;
  stale: boolean;
  reviewDueAt: Date | null;
  lastModified: Date;
}
