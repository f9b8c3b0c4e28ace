import type { DB } from '../../platform/db/database.types.ts';

// Row types and column unions for the directory (HSDS) tables, derived from the generated
// database types (npm run db:types), so they follow the migrations.

/** The `dir_organizations` table. */
export type DirOrganizationsTable = DB['dir_organizations'];

/** The `dir_taxonomies` table. */
export type DirTaxonomiesTable = DB['dir_taxonomies'];

/** The `dir_taxonomy_terms` table. */
export type DirTaxonomyTermsTable = DB['dir_taxonomy_terms'];

/** The `dir_services` table. */
export type DirServicesTable = DB['dir_services'];

/** The `dir_locations` table. */
export type DirLocationsTable = DB['dir_locations'];

/** The `dir_addresses` table. */
export type DirAddressesTable = DB['dir_addresses'];

/** The `dir_accessibility` table. */
export type DirAccessibilityTable = DB['dir_accessibility'];

/** The `dir_service_at_locations` table. */
export type DirServiceAtLocationsTable = DB['dir_service_at_locations'];

/** The `dir_schedules` table. */
export type DirSchedulesTable = DB['dir_schedules'];

/** The `dir_attributes` table. */
export type DirAttributesTable = DB['dir_attributes'];

/** The `dir_contacts` table. */
export type DirContactsTable = DB['dir_contacts'];

/** The `dir_phones` table. */
export type DirPhonesTable = DB['dir_phones'];

/** The `dir_languages` table. */
export type DirLanguagesTable = DB['dir_languages'];

/** The `dir_cost_options` table. */
export type DirCostOptionsTable = DB['dir_cost_options'];

/** The `dir_funding` table. */
export type DirFundingTable = DB['dir_funding'];

/** The `dir_service_areas` table. */
export type DirServiceAreasTable = DB['dir_service_areas'];

/** The `dir_service_history` table. */
export type DirServiceHistoryTable = DB['dir_service_history'];

/** The `dir_change_proposals` table. */
export type DirChangeProposalsTable = DB['dir_change_proposals'];

/** The `dir_verification_tasks` table. */
export type DirVerificationTasksTable = DB['dir_verification_tasks'];

/** The `dir_provider_links` table. */
export type DirProviderLinksTable = DB['dir_provider_links'];

/** The `postcode_outcodes` table. */
export type PostcodeOutcodesTable = DB['postcode_outcodes'];

/** The `postcode_units` table. */
export type PostcodeUnitsTable = DB['postcode_units'];

/** The directory's tables, merged into the app's Database type. */
export type DirectoryTables = Pick<
  DB,
  | 'dir_organizations'
  | 'dir_taxonomies'
  | 'dir_taxonomy_terms'
  | 'dir_services'
  | 'dir_locations'
  | 'dir_addresses'
  | 'dir_accessibility'
  | 'dir_service_at_locations'
  | 'dir_schedules'
  | 'dir_attributes'
  | 'dir_contacts'
  | 'dir_phones'
  | 'dir_languages'
  | 'dir_cost_options'
  | 'dir_funding'
  | 'dir_service_areas'
  | 'dir_service_history'
  | 'dir_change_proposals'
  | 'dir_verification_tasks'
  | 'dir_provider_links'
  | 'postcode_outcodes'
  | 'postcode_units'
>;
