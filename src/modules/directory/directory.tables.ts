import type { ColumnType, Generated } from 'kysely';

// Row types for migrations/202611231000_create_directory.sql (HSDS names, snake_case).

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json = ColumnType<unknown, string, string>;
type Optional<T> = ColumnType<T | null, T | null | undefined, T | null>;

export interface DirOrganizationsTable {
  id: string;
  owner_organisation_id: string;
  name: string;
  description: Generated<string>;
  email: Optional<string>;
  website: Optional<string>;
  logo: Optional<string>;
  uri: Optional<string>;
  parent_organization_id: Optional<string>;
  charity_number: Optional<string>;
  /** HSDS organization_identifiers: [{id, identifier_scheme, identifier_type, identifier}]. */
  identifiers: ColumnType<unknown, string | undefined, string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DirTaxonomiesTable {
  id: string;
  name: string;
  description: Generated<string>;
  uri: Optional<string>;
  version: Optional<string>;
  review_months: Generated<number>;
  updated_at: Timestamp;
}

export interface DirTaxonomyTermsTable {
  id: string;
  taxonomy_id: Optional<string>;
  parent_id: Optional<string>;
  code: Optional<string>;
  name: string;
  description: Generated<string>;
  term_uri: Optional<string>;
  updated_at: Timestamp;
}

export interface DirServicesTable {
  id: string;
  owner_organisation_id: string;
  organization_id: Optional<string>;
  name: string;
  description: Generated<string>;
  url: Optional<string>;
  email: Optional<string>;
  status: Generated<string>;
  fees: Optional<string>;
  accreditations: Optional<string>;
  eligibility_description: Optional<string>;
  minimum_age: Optional<number>;
  maximum_age: Optional<number>;
  alert: Optional<string>;
  assured_date: Optional<string>;
  assurer_email: Optional<string>;
  last_verified_at: NullableTimestamp;
  last_verified_by: Optional<string>;
  verification_method: Optional<string>;
  review_due_at: NullableTimestamp;
  stale: Generated<boolean>;
  published: Generated<boolean>;
  source_activity_id: Optional<string>;
  search_text: Generated<string>;
  search_vector: ColumnType<string | null, never, never>;
  created_at: Timestamp;
  last_modified: Timestamp;
}

export interface DirLocationsTable {
  id: string;
  owner_organisation_id: string;
  location_type: Generated<string>;
  name: Optional<string>;
  description: Optional<string>;
  latitude: Optional<number>;
  longitude: Optional<number>;
  external_identifier: Optional<string>;
  external_identifier_type: Optional<string>;
  updated_at: Timestamp;
}

export interface DirAddressesTable {
  id: string;
  location_id: string;
  attention: Optional<string>;
  address_1: string;
  address_2: Optional<string>;
  city: string;
  region: Optional<string>;
  state_province: Generated<string>;
  postal_code: string;
  country: Generated<string>;
  address_type: Generated<string>;
}

export interface DirAccessibilityTable {
  id: string;
  location_id: string;
  description: Optional<string>;
  details: Optional<string>;
  url: Optional<string>;
}

export interface DirServiceAtLocationsTable {
  id: string;
  service_id: string;
  location_id: string;
  description: Optional<string>;
}

export interface DirSchedulesTable {
  id: string;
  service_id: Optional<string>;
  service_at_location_id: Optional<string>;
  valid_from: Optional<string>;
  valid_to: Optional<string>;
  dtstart: Optional<string>;
  freq: Optional<string>;
  interval: Optional<number>;
  byday: Optional<string>;
  bymonthday: Optional<string>;
  opens_at: Optional<string>;
  closes_at: Optional<string>;
  description: Optional<string>;
  schedule_link: Optional<string>;
  attending_type: Optional<string>;
  notes: Optional<string>;
}

export interface DirAttributesTable {
  id: string;
  link_type: string;
  link_id: string;
  taxonomy_term_id: string;
}

export interface DirContactsTable {
  id: string;
  service_id: Optional<string>;
  organization_id: Optional<string>;
  name: Optional<string>;
  title: Optional<string>;
  department: Optional<string>;
  email: Optional<string>;
}

export interface DirPhonesTable {
  id: string;
  service_id: Optional<string>;
  contact_id: Optional<string>;
  location_id: Optional<string>;
  number: string;
  extension: Optional<string>;
  type: Optional<string>;
  description: Optional<string>;
}

export interface DirLanguagesTable {
  id: string;
  service_id: Optional<string>;
  phone_id: Optional<string>;
  location_id: Optional<string>;
  name: Optional<string>;
  code: Optional<string>;
  note: Optional<string>;
}

export interface DirCostOptionsTable {
  id: string;
  service_id: string;
  valid_from: Optional<string>;
  valid_to: Optional<string>;
  option: Optional<string>;
  currency: Generated<string>;
  amount: Optional<string>;
  amount_description: Optional<string>;
}

export interface DirFundingTable {
  id: string;
  service_id: Optional<string>;
  organization_id: Optional<string>;
  source: Optional<string>;
}

export interface DirServiceAreasTable {
  id: string;
  service_id: string;
  name: Optional<string>;
  description: Optional<string>;
  extent: Optional<string>;
  extent_type: Optional<string>;
  uri: Optional<string>;
}

export interface DirServiceHistoryTable {
  id: string;
  service_id: string;
  changed_at: Timestamp;
  changed_by: Optional<string>;
  source: string;
  changes: Json;
}

export interface DirChangeProposalsTable {
  id: string;
  service_id: string;
  owner_organisation_id: string;
  proposed_by: Optional<string>;
  proposer_name: Optional<string>;
  proposer_email: Optional<string>;
  changes: Json;
  comment: Optional<string>;
  status: Generated<string>;
  reviewed_by: Optional<string>;
  reviewed_at: NullableTimestamp;
  review_reason: Optional<string>;
  created_at: Timestamp;
}

export interface DirVerificationTasksTable {
  id: string;
  service_id: string;
  owner_organisation_id: string;
  status: Generated<string>;
  claimed_by: Optional<string>;
  claimed_at: NullableTimestamp;
  completed_at: NullableTimestamp;
  method: Optional<string>;
  outcome: Optional<string>;
  created_at: Timestamp;
}

export interface DirProviderLinksTable {
  token_hash: string;
  service_id: string;
  created_by: Optional<string>;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface PostcodeOutcodesTable {
  outcode: string;
  latitude: number;
  longitude: number;
}

export interface PostcodeUnitsTable {
  postcode: string;
  latitude: number;
  longitude: number;
}

/** The directory's tables, merged into the app's Database type. */
export interface DirectoryTables {
  dir_organizations: DirOrganizationsTable;
  dir_taxonomies: DirTaxonomiesTable;
  dir_taxonomy_terms: DirTaxonomyTermsTable;
  dir_services: DirServicesTable;
  dir_locations: DirLocationsTable;
  dir_addresses: DirAddressesTable;
  dir_accessibility: DirAccessibilityTable;
  dir_service_at_locations: DirServiceAtLocationsTable;
  dir_schedules: DirSchedulesTable;
  dir_attributes: DirAttributesTable;
  dir_contacts: DirContactsTable;
  dir_phones: DirPhonesTable;
  dir_languages: DirLanguagesTable;
  dir_cost_options: DirCostOptionsTable;
  dir_funding: DirFundingTable;
  dir_service_areas: DirServiceAreasTable;
  dir_service_history: DirServiceHistoryTable;
  dir_change_proposals: DirChangeProposalsTable;
  dir_verification_tasks: DirVerificationTasksTable;
  dir_provider_links: DirProviderLinksTable;
  postcode_outcodes: PostcodeOutcodesTable;
  postcode_units: PostcodeUnitsTable;
}
