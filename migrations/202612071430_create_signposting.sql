-- Signposting (issue 12). People being helped are kept apart from every other table: their
-- names, date of birth, NHS number and contact details are sealed with the key ring
-- (AES-256-GCM, `v2.<key id>.…`), and found through keyed hashes (HMAC-SHA-256) of the NHS
-- number and of name with date of birth, so nothing readable about them is in the database.
CREATE TABLE sp_people (
  id uuid PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations(id),
  given_name_enc text NOT NULL,
  family_name_enc text NOT NULL,
  date_of_birth_enc text NOT NULL,
  nhs_number_enc text,
  phone_enc text,
  email_enc text,
  contact_preference_enc text NOT NULL,
  nhs_number_hash text,
  name_dob_hash text NOT NULL,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX sp_people_nhs_number ON sp_people (organisation_id, nhs_number_hash)
  WHERE nhs_number_hash IS NOT NULL;
CREATE INDEX sp_people_name_dob ON sp_people (organisation_id, name_dob_hash);

-- One care-navigation conversation at reception (domain W6, S4): minimal data, no person needed.
-- A red flag records only that it was escalated: no needs, destinations or person.
CREATE TABLE sp_navigation_events (
  id uuid PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations(id),
  navigator_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  occurred_at timestamptz NOT NULL,
  source text NOT NULL CHECK (source = ANY (ARRAY['phone', 'desk', 'online'])),
  outcome text NOT NULL CHECK (outcome = ANY (ARRAY['signposted', 'declined', 'red_flag'])),
  need_term_ids uuid[] NOT NULL DEFAULT '{}',
  channels text[] NOT NULL DEFAULT '{}' CHECK (channels <@ ARRAY['told', 'printed', 'sms', 'email']),
  stale_sent boolean NOT NULL DEFAULT false,
  person_id uuid REFERENCES sp_people(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sp_navigation_events_by_time ON sp_navigation_events (organisation_id, occurred_at);

-- Where the person was pointed: directory services, with the name kept for the reports.
CREATE TABLE sp_navigation_destinations (
  event_id uuid NOT NULL REFERENCES sp_navigation_events(id) ON DELETE CASCADE,
  service_id uuid NOT NULL,
  service_name text NOT NULL,
  PRIMARY KEY (event_id, service_id)
);

-- Gaps in provision (domain W7 step 9): a need nothing suitable meets, with no names.
CREATE TABLE sp_unmet_needs (
  id uuid PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations(id),
  recorded_by uuid REFERENCES users(id) ON DELETE SET NULL,
  recorded_at timestamptz NOT NULL,
  need_term_id uuid NOT NULL,
  area text NOT NULL,
  description text NOT NULL DEFAULT '',
  event_id uuid REFERENCES sp_navigation_events(id) ON DELETE SET NULL
);
CREATE INDEX sp_unmet_needs_by_time ON sp_unmet_needs (organisation_id, recorded_at);

-- Text messages go through the outbox like email (its channel column). A text goes to a person's phone, so the
-- outbox keeps the number sealed (recipient_enc) and shows only its last three digits.
ALTER TABLE outbox_messages ADD COLUMN recipient_enc text;
