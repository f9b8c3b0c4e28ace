-- Practice health champions: recruitment (campaigns, expressions of interest, stage history),
-- role templates and what each needs, check decisions (never conviction details), references,
-- training, versioned agreements and signatures, and the induction checklist.

CREATE TABLE champion_campaigns (
  id uuid PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  code text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9-]{3,40}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  channel text NOT NULL CHECK (channel IN ('text_message', 'poster', 'fun_day', 'leaflet', 'social_media', 'website', 'word_of_mouth', 'other')),
  starts_on date,
  ends_on date,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on)
);
CREATE INDEX champion_campaigns_organisation_idx ON champion_campaigns (organisation_id, created_at DESC);

CREATE TABLE champions (
  id uuid PRIMARY KEY,
  -- The practice or network the champion serves.
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  -- Set once the champion has a log-in.
  user_id uuid REFERENCES users (id),
  display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
  email text,
  phone text,
  stage text NOT NULL DEFAULT 'interested' CHECK (stage IN ('interested', 'conversation', 'role_offered', 'checks', 'agreements', 'induction', 'active', 'paused', 'left')),
  stage_changed_at timestamptz NOT NULL DEFAULT now(),
  access_needs text NOT NULL DEFAULT '',
  heard_via text NOT NULL DEFAULT '',
  campaign_id uuid REFERENCES champion_campaigns (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX champions_organisation_stage_idx ON champions (organisation_id, stage, created_at DESC);
CREATE INDEX champions_user_idx ON champions (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX champions_email_idx ON champions (lower(email));
CREATE INDEX champions_name_trgm_idx ON champions USING gin (display_name gin_trgm_ops);
CREATE UNIQUE INDEX champions_user_organisation_idx ON champions (user_id, organisation_id) WHERE user_id IS NOT NULL;

-- Interests, skills, languages and availability, one row each, so the talent search is indexed.
CREATE TABLE champion_tags (
  champion_id uuid NOT NULL REFERENCES champions (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('interest', 'skill', 'language', 'availability')),
  value text NOT NULL CHECK (length(value) BETWEEN 1 AND 100),
  PRIMARY KEY (champion_id, kind, value)
);
CREATE INDEX champion_tags_lookup_idx ON champion_tags (kind, lower(value), champion_id);

-- Every move between stages: when, and who made it (null for the public form).
CREATE TABLE champion_stage_history (
  id uuid PRIMARY KEY,
  champion_id uuid NOT NULL REFERENCES champions (id) ON DELETE CASCADE,
  from_stage text,
  to_stage text NOT NULL,
  changed_by uuid REFERENCES users (id),
  note text NOT NULL DEFAULT '',
  changed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX champion_stage_history_champion_idx ON champion_stage_history (champion_id, changed_at);

CREATE TABLE champion_role_templates (
  id uuid PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  description text NOT NULL DEFAULT '',
  -- DBS level: none, basic, standard, enhanced, enhanced with the adult and/or child barred lists.
  check_level text NOT NULL DEFAULT 'none' CHECK (check_level IN ('none', 'basic', 'standard', 'enhanced', 'enhanced_adult', 'enhanced_child', 'enhanced_adult_child')),
  references_required integer NOT NULL DEFAULT 0 CHECK (references_required BETWEEN 0 AND 5),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organisation_id, name)
);

CREATE TABLE champion_role_training (
  role_template_id uuid NOT NULL REFERENCES champion_role_templates (id) ON DELETE CASCADE,
  course text NOT NULL CHECK (length(course) BETWEEN 1 AND 120),
  PRIMARY KEY (role_template_id, course)
);

-- Roles a champion has been given (only when cleared for them).
CREATE TABLE champion_role_assignments (
  id uuid PRIMARY KEY,
  champion_id uuid NOT NULL REFERENCES champions (id) ON DELETE CASCADE,
  role_template_id uuid NOT NULL REFERENCES champion_role_templates (id),
  assigned_by uuid REFERENCES users (id),
  assigned_at timestamptz NOT NULL DEFAULT now(),
  ended_at timestamptz
);
CREATE UNIQUE INDEX champion_role_assignments_live_idx ON champion_role_assignments (champion_id, role_template_id) WHERE ended_at IS NULL;

-- The decision only: never conviction details.
CREATE TABLE champion_checks (
  id uuid PRIMARY KEY,
  champion_id uuid NOT NULL REFERENCES champions (id) ON DELETE CASCADE,
  level text NOT NULL CHECK (level IN ('basic', 'standard', 'enhanced', 'enhanced_adult', 'enhanced_child', 'enhanced_adult_child')),
  issued_on date NOT NULL,
  certificate_reference text NOT NULL CHECK (length(certificate_reference) BETWEEN 1 AND 40),
  update_service boolean NOT NULL DEFAULT false,
  expires_on date,
  cleared_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX champion_checks_champion_idx ON champion_checks (champion_id);
CREATE INDEX champion_checks_expiry_idx ON champion_checks (expires_on) WHERE expires_on IS NOT NULL;

CREATE TABLE champion_references (
  id uuid PRIMARY KEY,
  champion_id uuid NOT NULL REFERENCES champions (id) ON DELETE CASCADE,
  referee_name text NOT NULL CHECK (length(referee_name) BETWEEN 1 AND 200),
  received_on date NOT NULL,
  recorded_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX champion_references_champion_idx ON champion_references (champion_id);

CREATE TABLE champion_training (
  id uuid PRIMARY KEY,
  champion_id uuid NOT NULL REFERENCES champions (id) ON DELETE CASCADE,
  course text NOT NULL CHECK (length(course) BETWEEN 1 AND 120),
  completed_on date NOT NULL,
  expires_on date,
  recorded_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX champion_training_champion_idx ON champion_training (champion_id);
CREATE INDEX champion_training_expiry_idx ON champion_training (expires_on) WHERE expires_on IS NOT NULL;

-- Versioned agreement texts: a new version asks every champion for a new signature.
CREATE TABLE champion_agreement_templates (
  id uuid PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  kind text NOT NULL CHECK (kind IN ('volunteer', 'confidentiality', 'media_consent')),
  version integer NOT NULL CHECK (version >= 1),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  body text NOT NULL,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organisation_id, kind, version)
);

CREATE TABLE champion_agreement_signatures (
  id uuid PRIMARY KEY,
  champion_id uuid NOT NULL REFERENCES champions (id) ON DELETE CASCADE,
  agreement_template_id uuid NOT NULL REFERENCES champion_agreement_templates (id),
  signed_at timestamptz NOT NULL DEFAULT now(),
  signed_by uuid REFERENCES users (id),
  -- True when a coordinator recorded the signature on the champion's behalf.
  on_behalf boolean NOT NULL DEFAULT false,
  note text NOT NULL DEFAULT '',
  UNIQUE (champion_id, agreement_template_id)
);

CREATE TABLE champion_induction_items (
  id uuid PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  label text NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
  position integer NOT NULL DEFAULT 0,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organisation_id, label)
);
CREATE INDEX champion_induction_items_organisation_idx ON champion_induction_items (organisation_id, position);

CREATE TABLE champion_induction_ticks (
  champion_id uuid NOT NULL REFERENCES champions (id) ON DELETE CASCADE,
  item_id uuid NOT NULL REFERENCES champion_induction_items (id),
  ticked_at timestamptz NOT NULL DEFAULT now(),
  ticked_by uuid REFERENCES users (id),
  PRIMARY KEY (champion_id, item_id)
);

-- One reminder per record, kind and lapse date, however often the daily job runs.
CREATE TABLE champion_reminders_sent (
  subject_type text NOT NULL CHECK (subject_type IN ('check', 'training')),
  subject_id uuid NOT NULL,
  expires_on date NOT NULL,
  sent_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (subject_type, subject_id, expires_on)
);
