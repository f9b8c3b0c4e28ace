-- The dynamic directory, shaped by Open Referral UK 3.0 (HSDS 3.0 profile). Table and column
-- names follow HSDS so the ORUK API is a plain mapping. Every record belongs to the practice
-- or network that keeps it (owner_organisation_id); the ORUK feed and public pages show
-- every active, published service.

CREATE TABLE dir_organizations (
  id uuid PRIMARY KEY,
  owner_organisation_id uuid NOT NULL REFERENCES organisations (id),
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  email text,
  website text,
  logo text,
  uri text,
  parent_organization_id uuid REFERENCES dir_organizations (id),
  charity_number text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dir_organizations_owner_idx ON dir_organizations (owner_organisation_id);

CREATE TABLE dir_taxonomies (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  uri text,
  version text,
  -- How often services tagged with this taxonomy's terms must be re-verified (ORUK advises 3 months).
  review_months integer NOT NULL DEFAULT 3 CHECK (review_months BETWEEN 1 AND 36),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE dir_taxonomy_terms (
  id uuid PRIMARY KEY,
  taxonomy_id uuid REFERENCES dir_taxonomies (id),
  parent_id uuid REFERENCES dir_taxonomy_terms (id),
  code text,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  term_uri text,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dir_taxonomy_terms_taxonomy_idx ON dir_taxonomy_terms (taxonomy_id);
CREATE UNIQUE INDEX dir_taxonomy_terms_code_idx ON dir_taxonomy_terms (taxonomy_id, code) WHERE code IS NOT NULL;

CREATE TABLE dir_services (
  id uuid PRIMARY KEY,
  owner_organisation_id uuid NOT NULL REFERENCES organisations (id),
  organization_id uuid REFERENCES dir_organizations (id),
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  url text,
  email text,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'defunct', 'temporarily closed')),
  fees text,
  accreditations text,
  eligibility_description text,
  minimum_age integer CHECK (minimum_age BETWEEN 0 AND 130),
  maximum_age integer CHECK (maximum_age BETWEEN 0 AND 130),
  alert text,
  -- ORUK assured_date/assurer_email: the last verification.
  assured_date date,
  assurer_email text,
  last_verified_at timestamptz,
  last_verified_by uuid REFERENCES users (id),
  verification_method text CHECK (verification_method IN ('phone', 'email', 'visit', 'provider', 'import')),
  review_due_at timestamptz,
  stale boolean NOT NULL DEFAULT false,
  published boolean NOT NULL DEFAULT true,
  -- Set when the service is a champion activity published by the activities module.
  source_activity_id uuid,
  search_text text NOT NULL DEFAULT '',
  search_vector tsvector,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_modified timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dir_services_owner_idx ON dir_services (owner_organisation_id);
CREATE INDEX dir_services_organization_idx ON dir_services (organization_id);
CREATE INDEX dir_services_modified_idx ON dir_services (last_modified);
CREATE INDEX dir_services_review_idx ON dir_services (review_due_at) WHERE status = 'active';
CREATE INDEX dir_services_search_idx ON dir_services USING gin (search_vector);
CREATE INDEX dir_services_name_trgm_idx ON dir_services USING gin (name gin_trgm_ops);
CREATE INDEX dir_services_search_text_trgm_idx ON dir_services USING gin (search_text gin_trgm_ops);

CREATE TABLE dir_locations (
  id uuid PRIMARY KEY,
  owner_organisation_id uuid NOT NULL REFERENCES organisations (id),
  location_type text NOT NULL DEFAULT 'physical' CHECK (location_type IN ('physical', 'postal', 'virtual')),
  name text,
  description text,
  latitude double precision CHECK (latitude BETWEEN -90 AND 90),
  longitude double precision CHECK (longitude BETWEEN -180 AND 180),
  external_identifier text,
  external_identifier_type text,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dir_locations_earth_idx ON dir_locations USING gist (ll_to_earth(latitude, longitude)) WHERE latitude IS NOT NULL AND longitude IS NOT NULL;

CREATE TABLE dir_addresses (
  id uuid PRIMARY KEY,
  location_id uuid NOT NULL REFERENCES dir_locations (id) ON DELETE CASCADE,
  attention text,
  address_1 text NOT NULL,
  address_2 text,
  city text NOT NULL,
  region text,
  state_province text NOT NULL DEFAULT '',
  postal_code text NOT NULL,
  country text NOT NULL DEFAULT 'GB',
  address_type text NOT NULL DEFAULT 'physical' CHECK (address_type IN ('physical', 'postal', 'virtual'))
);
CREATE INDEX dir_addresses_location_idx ON dir_addresses (location_id);

CREATE TABLE dir_accessibility (
  id uuid PRIMARY KEY,
  location_id uuid NOT NULL REFERENCES dir_locations (id) ON DELETE CASCADE,
  description text,
  details text,
  url text
);
CREATE INDEX dir_accessibility_location_idx ON dir_accessibility (location_id);

CREATE TABLE dir_service_at_locations (
  id uuid PRIMARY KEY,
  service_id uuid NOT NULL REFERENCES dir_services (id) ON DELETE CASCADE,
  location_id uuid NOT NULL REFERENCES dir_locations (id) ON DELETE CASCADE,
  description text,
  UNIQUE (service_id, location_id)
);
CREATE INDEX dir_service_at_locations_location_idx ON dir_service_at_locations (location_id);

-- Opening times in iCalendar RRULE style (freq WEEKLY or MONTHLY, byday, opens_at/closes_at).
CREATE TABLE dir_schedules (
  id uuid PRIMARY KEY,
  service_id uuid REFERENCES dir_services (id) ON DELETE CASCADE,
  service_at_location_id uuid REFERENCES dir_service_at_locations (id) ON DELETE CASCADE,
  valid_from date,
  valid_to date,
  dtstart date,
  freq text CHECK (freq IN ('WEEKLY', 'MONTHLY')),
  interval integer CHECK (interval BETWEEN 1 AND 52),
  byday text,
  bymonthday text,
  opens_at time,
  closes_at time,
  description text,
  schedule_link text,
  attending_type text,
  notes text
);
CREATE INDEX dir_schedules_service_idx ON dir_schedules (service_id);

CREATE TABLE dir_attributes (
  id uuid PRIMARY KEY,
  link_type text NOT NULL,
  link_id uuid NOT NULL,
  taxonomy_term_id uuid NOT NULL REFERENCES dir_taxonomy_terms (id),
  UNIQUE (link_type, link_id, taxonomy_term_id)
);
CREATE INDEX dir_attributes_term_idx ON dir_attributes (taxonomy_term_id, link_type);
CREATE INDEX dir_attributes_link_idx ON dir_attributes (link_id);

CREATE TABLE dir_contacts (
  id uuid PRIMARY KEY,
  service_id uuid REFERENCES dir_services (id) ON DELETE CASCADE,
  organization_id uuid REFERENCES dir_organizations (id) ON DELETE CASCADE,
  name text,
  title text,
  department text,
  email text
);
CREATE INDEX dir_contacts_service_idx ON dir_contacts (service_id);

CREATE TABLE dir_phones (
  id uuid PRIMARY KEY,
  service_id uuid REFERENCES dir_services (id) ON DELETE CASCADE,
  contact_id uuid REFERENCES dir_contacts (id) ON DELETE CASCADE,
  location_id uuid REFERENCES dir_locations (id) ON DELETE CASCADE,
  number text NOT NULL,
  extension text,
  type text,
  description text
);
CREATE INDEX dir_phones_service_idx ON dir_phones (service_id);
CREATE INDEX dir_phones_contact_idx ON dir_phones (contact_id);

CREATE TABLE dir_languages (
  id uuid PRIMARY KEY,
  service_id uuid REFERENCES dir_services (id) ON DELETE CASCADE,
  phone_id uuid REFERENCES dir_phones (id) ON DELETE CASCADE,
  location_id uuid REFERENCES dir_locations (id) ON DELETE CASCADE,
  name text,
  code text,
  note text
);
CREATE INDEX dir_languages_service_idx ON dir_languages (service_id);

CREATE TABLE dir_cost_options (
  id uuid PRIMARY KEY,
  service_id uuid NOT NULL REFERENCES dir_services (id) ON DELETE CASCADE,
  valid_from date,
  valid_to date,
  option text,
  currency text NOT NULL DEFAULT 'GBP',
  amount numeric(10, 2) CHECK (amount >= 0),
  amount_description text
);
CREATE INDEX dir_cost_options_service_idx ON dir_cost_options (service_id);

CREATE TABLE dir_funding (
  id uuid PRIMARY KEY,
  service_id uuid REFERENCES dir_services (id) ON DELETE CASCADE,
  organization_id uuid REFERENCES dir_organizations (id) ON DELETE CASCADE,
  source text
);

CREATE TABLE dir_service_areas (
  id uuid PRIMARY KEY,
  service_id uuid NOT NULL REFERENCES dir_services (id) ON DELETE CASCADE,
  name text,
  description text,
  extent text,
  extent_type text,
  uri text
);

-- Who changed what and when, for every edit (staff, approved proposals, providers, imports).
CREATE TABLE dir_service_history (
  id uuid PRIMARY KEY,
  service_id uuid NOT NULL REFERENCES dir_services (id) ON DELETE CASCADE,
  changed_at timestamptz NOT NULL DEFAULT now(),
  changed_by uuid REFERENCES users (id),
  source text NOT NULL CHECK (source IN ('staff', 'proposal', 'provider', 'import', 'verification', 'activity', 'system')),
  changes jsonb NOT NULL
);
CREATE INDEX dir_service_history_service_idx ON dir_service_history (service_id, changed_at DESC);

-- Changes proposed by champions, the public ("report a change") or providers, awaiting review.
CREATE TABLE dir_change_proposals (
  id uuid PRIMARY KEY,
  service_id uuid NOT NULL REFERENCES dir_services (id) ON DELETE CASCADE,
  owner_organisation_id uuid NOT NULL REFERENCES organisations (id),
  proposed_by uuid REFERENCES users (id),
  proposer_name text,
  proposer_email text,
  changes jsonb NOT NULL,
  comment text,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  reviewed_by uuid REFERENCES users (id),
  reviewed_at timestamptz,
  review_reason text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dir_change_proposals_owner_idx ON dir_change_proposals (owner_organisation_id, status);

-- Verification tasks for stale entries, claimed by champions in the directory researcher role.
CREATE TABLE dir_verification_tasks (
  id uuid PRIMARY KEY,
  service_id uuid NOT NULL REFERENCES dir_services (id) ON DELETE CASCADE,
  owner_organisation_id uuid NOT NULL REFERENCES organisations (id),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'claimed', 'done', 'cancelled')),
  claimed_by uuid REFERENCES users (id),
  claimed_at timestamptz,
  completed_at timestamptz,
  method text CHECK (method IN ('phone', 'email', 'visit', 'provider')),
  outcome text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX dir_verification_tasks_live_idx ON dir_verification_tasks (service_id) WHERE status IN ('open', 'claimed');
CREATE INDEX dir_verification_tasks_owner_idx ON dir_verification_tasks (owner_organisation_id, status);

-- One-time, expiring links that let a provider update its own entry without an account.
CREATE TABLE dir_provider_links (
  token_hash text PRIMARY KEY,
  service_id uuid NOT NULL REFERENCES dir_services (id) ON DELETE CASCADE,
  created_by uuid REFERENCES users (id),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Postcode centres: districts (outcodes) shipped with the app, full postcodes imported from the ONSPD.
CREATE TABLE postcode_outcodes (
  outcode text PRIMARY KEY,
  latitude double precision NOT NULL,
  longitude double precision NOT NULL
);
CREATE TABLE postcode_units (
  postcode text PRIMARY KEY,
  latitude double precision NOT NULL,
  longitude double precision NOT NULL
);

-- Full-text search: name first, then description, then the extra words the app keeps in
-- search_text (organisation, taxonomy terms, town, languages).
CREATE FUNCTION dir_services_search_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('english', coalesce(NEW.name, '')), 'A') ||
    setweight(to_tsvector('english', coalesce(NEW.description, '')), 'B') ||
    setweight(to_tsvector('english', coalesce(NEW.search_text, '')), 'C');
  RETURN NEW;
END;
$$;
CREATE TRIGGER dir_services_search
  BEFORE INSERT OR UPDATE OF name, description, search_text ON dir_services
  FOR EACH ROW EXECUTE FUNCTION dir_services_search_update();
