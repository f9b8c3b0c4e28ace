-- Champion-led activities (domain §2, W4, W5): the lifecycle from idea to closed, risk
-- assessments, recurring schedules in Europe/London, generated sessions with a rota of places
-- per role, session delivery (counts, not names, unless a named register has a recorded
-- reason), idempotent offline submissions, warm introductions waiting on an activity, and
-- quarterly sustain reviews. Champions' time at a session is a champion_hours row carrying the
-- session, so activity totals and champion totals are the same rows.

CREATE TABLE activities (
  id uuid PRIMARY KEY,
  -- The practice or network that runs it (and keeps its directory entry).
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
  -- A code of the activity-categories taxonomy (directory taxonomies.seed.ts).
  category text CHECK (category IS NULL OR category ~ '^[a-z-]{2,40}$'),
  -- Codes of the Five Ways to Wellbeing taxonomy.
  five_ways text[] NOT NULL DEFAULT '{}',
  target_groups text[] NOT NULL DEFAULT '{}',
  delivery_mode text CHECK (delivery_mode IS NULL OR delivery_mode IN ('group', 'one_to_one', 'event', 'service_support', 'information')),
  venue_name text NOT NULL DEFAULT '' CHECK (length(venue_name) <= 200),
  venue_address text NOT NULL DEFAULT '' CHECK (length(venue_address) <= 300),
  venue_postcode text NOT NULL DEFAULT '' CHECK (length(venue_postcode) <= 10),
  accessibility_notes text NOT NULL DEFAULT '' CHECK (length(accessibility_notes) <= 1000),
  -- What it costs a participant, in pence; 0 is free.
  cost_pence integer NOT NULL DEFAULT 0 CHECK (cost_pence BETWEEN 0 AND 100000),
  cost_note text NOT NULL DEFAULT '' CHECK (length(cost_note) <= 200),
  -- Who may send people: self, reception, gp, link_worker.
  referral_routes text[] NOT NULL DEFAULT '{}',
  how_to_join text NOT NULL DEFAULT '' CHECK (length(how_to_join) <= 1000),
  capacity integer CHECK (capacity IS NULL OR capacity BETWEEN 1 AND 10000),
  staff_sponsor_user_id uuid REFERENCES users (id),
  review_on date,
  -- A named register is kept only when this records why (a children's group, for safety).
  named_register_reason text CHECK (named_register_reason IS NULL OR length(named_register_reason) BETWEEN 1 AND 500),
  status text NOT NULL DEFAULT 'idea' CHECK (status IN ('idea', 'proposed', 'risk_assessed', 'approved', 'active', 'paused', 'closed')),
  status_changed_at timestamptz NOT NULL DEFAULT now(),
  -- Shown on the public "what's on" and published to the directory while active.
  public boolean NOT NULL DEFAULT true,
  directory_service_id uuid,
  -- The meeting idea it came from, if any.
  meeting_item_id uuid REFERENCES champion_meeting_items (id) ON DELETE SET NULL,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX activities_organisation_idx ON activities (organisation_id, status, name);
CREATE INDEX activities_public_idx ON activities (organisation_id) WHERE status = 'active' AND public;
CREATE UNIQUE INDEX activities_meeting_item_idx ON activities (meeting_item_id) WHERE meeting_item_id IS NOT NULL;

-- Other practices an activity is hosted with (a network activity run at two surgeries).
CREATE TABLE activity_hosts (
  activity_id uuid NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  PRIMARY KEY (activity_id, organisation_id)
);
CREATE INDEX activity_hosts_organisation_idx ON activity_hosts (organisation_id);

CREATE TABLE activity_leads (
  activity_id uuid NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
  champion_id uuid NOT NULL REFERENCES champions (id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  PRIMARY KEY (activity_id, champion_id)
);
CREATE INDEX activity_leads_champion_idx ON activity_leads (champion_id);

-- The champion roles a session needs, and how many places of each.
CREATE TABLE activity_roles (
  activity_id uuid NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
  role_template_id uuid NOT NULL REFERENCES champion_role_templates (id),
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  places integer NOT NULL DEFAULT 1 CHECK (places BETWEEN 1 AND 50),
  PRIMARY KEY (activity_id, role_template_id)
);

-- Every move through the lifecycle: when, who, and a short non-identifying note.
CREATE TABLE activity_status_history (
  id uuid PRIMARY KEY,
  activity_id uuid NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  from_status text,
  to_status text NOT NULL,
  changed_by uuid REFERENCES users (id),
  note text NOT NULL DEFAULT '' CHECK (length(note) <= 500),
  changed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX activity_status_history_activity_idx ON activity_status_history (activity_id, changed_at);

-- Required before approval. A new assessment supersedes the old; the latest one counts.
CREATE TABLE activity_risk_assessments (
  id uuid PRIMARY KEY,
  activity_id uuid NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  hazards text NOT NULL CHECK (length(hazards) BETWEEN 1 AND 4000),
  controls text NOT NULL CHECK (length(controls) BETWEEN 1 AND 4000),
  safeguarding text NOT NULL CHECK (length(safeguarding) BETWEEN 1 AND 2000),
  lone_working text NOT NULL CHECK (length(lone_working) BETWEEN 1 AND 2000),
  insurance text NOT NULL CHECK (length(insurance) BETWEEN 1 AND 1000),
  assessed_by uuid REFERENCES users (id),
  assessed_on date NOT NULL,
  review_on date NOT NULL,
  -- Set when the activity is approved on the strength of this assessment.
  approved_by uuid REFERENCES users (id),
  approved_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (review_on >= assessed_on)
);
CREATE INDEX activity_risk_assessments_activity_idx ON activity_risk_assessments (activity_id, created_at DESC);

-- A recurring (or one-off) pattern of sessions, in wall-clock time in Europe/London.
CREATE TABLE activity_schedules (
  id uuid PRIMARY KEY,
  activity_id uuid NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  frequency text NOT NULL CHECK (frequency IN ('once', 'weekly', 'fortnightly', 'monthly_weekday')),
  -- The RFC 5545 rule the fields above produce (for example FREQ=MONTHLY;BYDAY=2TU), for feeds.
  rrule text NOT NULL DEFAULT '' CHECK (length(rrule) <= 300),
  starts_on date NOT NULL,
  ends_on date,
  -- 1 (Monday) to 7 (Sunday), ISO weekday; null for one-off sessions.
  weekday integer CHECK (weekday IS NULL OR weekday BETWEEN 1 AND 7),
  -- For monthly_weekday: 1 to 4, or -1 for the last such weekday of the month.
  week_of_month integer CHECK (week_of_month IS NULL OR week_of_month IN (-1, 1, 2, 3, 4)),
  start_time time NOT NULL,
  end_time time NOT NULL,
  venue_name text NOT NULL DEFAULT '' CHECK (length(venue_name) <= 200),
  active boolean NOT NULL DEFAULT true,
  -- Sessions exist up to this date; the daily job extends it.
  generated_until date,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (end_time > start_time),
  CHECK (ends_on IS NULL OR ends_on >= starts_on),
  CHECK (frequency = 'once' OR weekday IS NOT NULL),
  CHECK ((frequency = 'monthly_weekday') = (week_of_month IS NOT NULL))
);
CREATE INDEX activity_schedules_activity_idx ON activity_schedules (activity_id);

-- Dates a schedule skips (bank holidays, the venue closed); kept as EXDATEs.
CREATE TABLE activity_schedule_exceptions (
  schedule_id uuid NOT NULL REFERENCES activity_schedules (id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  on_date date NOT NULL,
  reason text NOT NULL DEFAULT '' CHECK (length(reason) <= 200),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (schedule_id, on_date)
);

CREATE TABLE activity_sessions (
  id uuid PRIMARY KEY,
  activity_id uuid NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  schedule_id uuid REFERENCES activity_schedules (id) ON DELETE SET NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  -- The session's date in Europe/London, for day filters and hours rows.
  local_date date NOT NULL,
  venue_name text NOT NULL DEFAULT '' CHECK (length(venue_name) <= 200),
  status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled', 'delivered')),
  cancel_reason text NOT NULL DEFAULT '' CHECK (length(cancel_reason) <= 200),
  -- What the lead records: counts only.
  head_count integer CHECK (head_count IS NULL OR head_count BETWEEN 0 AND 100000),
  new_attendees integer CHECK (new_attendees IS NULL OR new_attendees BETWEEN 0 AND 100000),
  referred_self integer NOT NULL DEFAULT 0 CHECK (referred_self BETWEEN 0 AND 100000),
  referred_reception integer NOT NULL DEFAULT 0 CHECK (referred_reception BETWEEN 0 AND 100000),
  referred_gp integer NOT NULL DEFAULT 0 CHECK (referred_gp BETWEEN 0 AND 100000),
  referred_link_worker integer NOT NULL DEFAULT 0 CHECK (referred_link_worker BETWEEN 0 AND 100000),
  -- Service-support sessions (a flu clinic): people the champions helped.
  people_supported integer CHECK (people_supported IS NULL OR people_supported BETWEEN 0 AND 100000),
  -- An incident is flagged and routed to the safeguarding lead; no detail is kept here.
  incident_flagged boolean NOT NULL DEFAULT false,
  incident_routed_at timestamptz,
  recorded_by uuid REFERENCES users (id),
  -- When the person recorded it (on their phone, perhaps offline); a later record wins.
  recorded_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at),
  CHECK (new_attendees IS NULL OR head_count IS NULL OR new_attendees <= head_count),
  CHECK (status <> 'cancelled' OR length(cancel_reason) > 0)
);
CREATE UNIQUE INDEX activity_sessions_schedule_idx ON activity_sessions (schedule_id, starts_at) WHERE schedule_id IS NOT NULL;
CREATE INDEX activity_sessions_activity_idx ON activity_sessions (activity_id, starts_at);
CREATE INDEX activity_sessions_organisation_idx ON activity_sessions (organisation_id, local_date);

-- One place on a session's rota for a role; champion_id null means the place is open.
CREATE TABLE activity_rota_places (
  id uuid PRIMARY KEY,
  session_id uuid NOT NULL REFERENCES activity_sessions (id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  role_template_id uuid NOT NULL REFERENCES champion_role_templates (id),
  position integer NOT NULL DEFAULT 1,
  champion_id uuid REFERENCES champions (id) ON DELETE SET NULL,
  assigned_by uuid REFERENCES users (id),
  assigned_at timestamptz,
  UNIQUE (session_id, role_template_id, position)
);
-- One place per champion per session: no double-booking within a session.
CREATE UNIQUE INDEX activity_rota_places_champion_idx ON activity_rota_places (session_id, champion_id) WHERE champion_id IS NOT NULL;
CREATE INDEX activity_rota_places_by_champion_idx ON activity_rota_places (champion_id) WHERE champion_id IS NOT NULL;

-- Session time is a champion_hours row with its session: one per champion per session.
ALTER TABLE champion_hours ADD COLUMN session_id uuid REFERENCES activity_sessions (id) ON DELETE SET NULL;
CREATE UNIQUE INDEX champion_hours_session_idx ON champion_hours (session_id, champion_id) WHERE session_id IS NOT NULL;

-- A named register, only for activities that record why; names encrypted at rest.
CREATE TABLE activity_register_entries (
  id uuid PRIMARY KEY,
  session_id uuid NOT NULL REFERENCES activity_sessions (id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  name_enc text NOT NULL,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX activity_register_entries_session_idx ON activity_register_entries (session_id);

-- Each submission of a session record, by its client-made idempotency key: a retry of the
-- same submission (an offline phone sending twice) is answered without being applied again.
CREATE TABLE activity_session_submissions (
  idempotency_key uuid PRIMARY KEY,
  session_id uuid NOT NULL REFERENCES activity_sessions (id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  submitted_by uuid REFERENCES users (id),
  payload_sha256 text NOT NULL,
  -- Whether it changed the record (false when an earlier-recorded submission arrived late).
  applied boolean NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX activity_session_submissions_session_idx ON activity_session_submissions (session_id);

-- A person introduced to an activity by a member of staff, waiting to join. The least the
-- activity lead needs: a first name and how to reach them, encrypted at rest.
CREATE TABLE activity_introductions (
  id uuid PRIMARY KEY,
  activity_id uuid NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  route text NOT NULL CHECK (route IN ('self', 'reception', 'gp', 'link_worker')),
  first_name_enc text NOT NULL,
  contact_enc text NOT NULL,
  referred_by uuid REFERENCES users (id),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'joined', 'declined', 'activity_closed')),
  status_changed_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX activity_introductions_activity_idx ON activity_introductions (activity_id, status);
CREATE INDEX activity_introductions_referrer_idx ON activity_introductions (referred_by, status);

-- The quarterly sustain review, with the figures it was decided on.
CREATE TABLE activity_reviews (
  id uuid PRIMARY KEY,
  activity_id uuid NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  period_start date NOT NULL,
  period_end date NOT NULL,
  -- Sessions, attendances and leader cover over the period, as shown to the reviewer.
  figures jsonb NOT NULL DEFAULT '{}',
  cost_note text NOT NULL DEFAULT '' CHECK (length(cost_note) <= 1000),
  feedback text NOT NULL DEFAULT '' CHECK (length(feedback) <= 2000),
  outcome text NOT NULL CHECK (outcome IN ('continue', 'adapt', 'pause', 'close')),
  outcome_note text NOT NULL DEFAULT '' CHECK (length(outcome_note) <= 1000),
  next_review_on date,
  reviewed_by uuid REFERENCES users (id),
  reviewed_at timestamptz NOT NULL DEFAULT now(),
  CHECK (period_end >= period_start)
);
CREATE INDEX activity_reviews_activity_idx ON activity_reviews (activity_id, reviewed_at DESC);
