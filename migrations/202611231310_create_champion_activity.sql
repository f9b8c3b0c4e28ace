-- What champions do once active: hours (ad hoc and from meetings), expense claims with
-- itemised lines, mileage at the HMRC rate table and receipts, meetings with invitations,
-- attendance, notes, decisions, ideas and actions, and pause and exit. Money is in pence.

-- HMRC approved mileage allowance payments, with the date each rate took effect, so a change
-- of rate is a new row and old claims keep the rate of their day. Never a flat allowance.
CREATE TABLE mileage_rates (
  id uuid PRIMARY KEY,
  vehicle text NOT NULL CHECK (vehicle IN ('car', 'motorcycle', 'bicycle')),
  valid_from date NOT NULL,
  -- Pence per mile up to the threshold in a tax year (6 April to 5 April).
  pence_per_mile integer NOT NULL CHECK (pence_per_mile BETWEEN 0 AND 1000),
  -- Null when the vehicle has a single rate.
  threshold_miles integer CHECK (threshold_miles IS NULL OR threshold_miles > 0),
  pence_per_mile_after integer CHECK (pence_per_mile_after IS NULL OR pence_per_mile_after BETWEEN 0 AND 1000),
  UNIQUE (vehicle, valid_from),
  CHECK ((threshold_miles IS NULL) = (pence_per_mile_after IS NULL))
);
-- The rates in force since 6 April 2011 (HMRC, "Travel — mileage and fuel rates and allowances").
INSERT INTO mileage_rates (id, vehicle, valid_from, pence_per_mile, threshold_miles, pence_per_mile_after) VALUES
  ('01900000-0000-7000-8000-000000000001', 'car', '2011-04-06', 45, 10000, 25),
  ('01900000-0000-7000-8000-000000000002', 'motorcycle', '2011-04-06', 24, NULL, NULL),
  ('01900000-0000-7000-8000-000000000003', 'bicycle', '2011-04-06', 20, NULL, NULL);

-- Time gifted. Meeting hours carry the meeting, once per champion (attendance is idempotent).
CREATE TABLE champion_hours (
  id uuid PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  champion_id uuid NOT NULL REFERENCES champions (id) ON DELETE CASCADE,
  worked_on date NOT NULL,
  minutes integer NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
  category text NOT NULL CHECK (category IN ('preparation', 'directory_research', 'travel', 'meeting', 'session', 'other')),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 500),
  meeting_id uuid,
  status text NOT NULL DEFAULT 'logged' CHECK (status IN ('logged', 'verified')),
  verified_by uuid REFERENCES users (id),
  verified_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (meeting_id, champion_id)
);
CREATE INDEX champion_hours_champion_idx ON champion_hours (champion_id, worked_on DESC);
CREATE INDEX champion_hours_organisation_idx ON champion_hours (organisation_id, worked_on DESC);

CREATE TABLE expense_claims (
  id uuid PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  champion_id uuid NOT NULL REFERENCES champions (id) ON DELETE CASCADE,
  status text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'approved', 'rejected')),
  total_pence integer NOT NULL CHECK (total_pence >= 0),
  submitted_at timestamptz NOT NULL DEFAULT now(),
  decided_by uuid REFERENCES users (id),
  decided_at timestamptz,
  decision_reason text NOT NULL DEFAULT '' CHECK (length(decision_reason) <= 500),
  CHECK (status <> 'rejected' OR length(decision_reason) > 0)
);
CREATE INDEX expense_claims_champion_idx ON expense_claims (champion_id, submitted_at DESC);
CREATE INDEX expense_claims_organisation_idx ON expense_claims (organisation_id, status, submitted_at DESC);

-- One line of a claim: an out-of-pocket cost, or a journey priced from the rate table.
CREATE TABLE expense_items (
  id uuid PRIMARY KEY,
  claim_id uuid NOT NULL REFERENCES expense_claims (id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  champion_id uuid NOT NULL REFERENCES champions (id) ON DELETE CASCADE,
  spent_on date NOT NULL,
  kind text NOT NULL CHECK (kind IN ('travel', 'meals', 'dependant_care', 'clothing', 'postage_phone', 'mileage', 'other')),
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 200),
  amount_pence integer NOT NULL CHECK (amount_pence >= 0),
  vehicle text CHECK (vehicle IS NULL OR vehicle IN ('car', 'motorcycle', 'bicycle')),
  miles integer CHECK (miles IS NULL OR miles > 0),
  -- The tax year (its starting calendar year) whose 10,000-mile threshold this journey counted towards.
  tax_year integer,
  position integer NOT NULL DEFAULT 0,
  CHECK ((kind = 'mileage') = (vehicle IS NOT NULL AND miles IS NOT NULL AND tax_year IS NOT NULL))
);
CREATE INDEX expense_items_claim_idx ON expense_items (claim_id, position);
CREATE INDEX expense_items_mileage_idx ON expense_items (champion_id, tax_year, vehicle) WHERE kind = 'mileage';

-- Receipts are kept in the database (the service has no shared file store), with their hash.
CREATE TABLE expense_receipts (
  id uuid PRIMARY KEY,
  claim_id uuid NOT NULL REFERENCES expense_claims (id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
  content_type text NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png', 'image/heic')),
  size_bytes integer NOT NULL CHECK (size_bytes BETWEEN 1 AND 5242880),
  sha256 text NOT NULL,
  content bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX expense_receipts_claim_idx ON expense_receipts (claim_id);

CREATE TABLE champion_meetings (
  id uuid PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  kind text NOT NULL CHECK (kind IN ('champion_meeting', 'development_session', 'steering_group', 'two_day_launch_workshop')),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  held_on date NOT NULL,
  -- Minutes each attendee is credited per day; a two-day workshop credits two days.
  minutes integer NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
  days integer NOT NULL DEFAULT 1 CHECK (days BETWEEN 1 AND 2),
  location text NOT NULL DEFAULT '' CHECK (length(location) <= 200),
  notes text NOT NULL DEFAULT '' CHECK (length(notes) <= 10000),
  attendance_recorded_at timestamptz,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX champion_meetings_organisation_idx ON champion_meetings (organisation_id, held_on DESC);

CREATE TABLE champion_meeting_invitations (
  meeting_id uuid NOT NULL REFERENCES champion_meetings (id) ON DELETE CASCADE,
  champion_id uuid NOT NULL REFERENCES champions (id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  attended boolean,
  invited_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (meeting_id, champion_id)
);
CREATE INDEX champion_meeting_invitations_champion_idx ON champion_meeting_invitations (champion_id);

-- Decisions, ideas and actions. An idea marked 'proposed_activity' waits for the activities module.
CREATE TABLE champion_meeting_items (
  id uuid PRIMARY KEY,
  meeting_id uuid NOT NULL REFERENCES champion_meetings (id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  kind text NOT NULL CHECK (kind IN ('decision', 'idea', 'action')),
  text text NOT NULL CHECK (length(text) BETWEEN 1 AND 1000),
  owner_champion_id uuid REFERENCES champions (id) ON DELETE SET NULL,
  due_on date,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'proposed_activity')),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (status <> 'proposed_activity' OR kind = 'idea')
);
CREATE INDEX champion_meeting_items_meeting_idx ON champion_meeting_items (meeting_id, created_at);
CREATE INDEX champion_meeting_items_proposed_idx ON champion_meeting_items (organisation_id) WHERE status = 'proposed_activity';

-- Pauses and exits. Exit answers are structured choices and short text; the retention job
-- clears them with the champion's personal details.
CREATE TABLE champion_departures (
  id uuid PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  champion_id uuid NOT NULL REFERENCES champions (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('pause', 'exit')),
  return_on date,
  left_on date,
  exit_answers jsonb,
  recorded_by uuid REFERENCES users (id),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  minimised_at timestamptz,
  CHECK (kind <> 'pause' OR return_on IS NOT NULL),
  CHECK (kind <> 'exit' OR left_on IS NOT NULL)
);
CREATE INDEX champion_departures_champion_idx ON champion_departures (champion_id, recorded_at DESC);
CREATE INDEX champion_departures_retention_idx ON champion_departures (left_on) WHERE kind = 'exit' AND minimised_at IS NULL;
