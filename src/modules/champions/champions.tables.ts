import type { ColumnType, Generated, Selectable } from 'kysely';

// Row types for migrations/202611231300_create_champions.sql and later champion migrations.

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** A date column, read as 'YYYY-MM-DD' text (selects cast it with to_char where needed). */
type DateColumn = ColumnType<Date | string, Date | string, Date | string>;
type NullableDate = ColumnType<Date | string | null, Date | string | null | undefined, Date | string | null>;
type Optional<T> = ColumnType<T | null, T | null | undefined, T | null>;

/** The stages of the recruitment pipeline, in order, then paused and left. */
export type ChampionStage = 'interested' | 'conversation' | 'role_offered' | 'checks' | 'agreements' | 'induction' | 'active' | 'paused' | 'left';

/** DBS check levels, from least to most thorough. */
export type CheckLevel = 'none' | 'basic' | 'standard' | 'enhanced' | 'enhanced_adult' | 'enhanced_child' | 'enhanced_adult_child';

/** A recruitment campaign: a link and QR code given out through one channel. */
export interface ChampionCampaignsTable {
  id: string;
  organisation_id: string;
  code: string;
  name: string;
  channel: string;
  starts_on: NullableDate;
  ends_on: NullableDate;
  created_by: Optional<string>;
  created_at: Timestamp;
}

/** A person on the champions pipeline, from expression of interest onwards. */
export interface ChampionsTable {
  id: string;
  organisation_id: string;
  user_id: Optional<string>;
  display_name: string;
  email: Optional<string>;
  phone: Optional<string>;
  stage: ColumnType<ChampionStage, ChampionStage | undefined, ChampionStage>;
  stage_changed_at: Timestamp;
  access_needs: Generated<string>;
  heard_via: Generated<string>;
  campaign_id: Optional<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** One interest, skill, language or availability slot of a champion. */
export interface ChampionTagsTable {
  champion_id: string;
  kind: 'interest' | 'skill' | 'language' | 'availability';
  value: string;
}

/** One move between pipeline stages. */
export interface ChampionStageHistoryTable {
  id: string;
  champion_id: string;
  from_stage: Optional<string>;
  to_stage: string;
  changed_by: Optional<string>;
  note: Generated<string>;
  changed_at: Timestamp;
  /** The role offered, on a move to 'role_offered' (migrations/202611281061_record_role_offered.sql). */
  role_template_id: Optional<string>;
}

/** A kind of champion role and what it needs. */
export interface ChampionRoleTemplatesTable {
  id: string;
  organisation_id: string;
  name: string;
  description: Generated<string>;
  check_level: ColumnType<CheckLevel, CheckLevel | undefined, CheckLevel>;
  references_required: Generated<number>;
  active: Generated<boolean>;
  /** Holders may claim and complete directory checking tasks (the "directory researcher"). */
  grants_directory_research: Generated<boolean>;
  created_at: Timestamp;
}

/** A training course a role template requires. */
export interface ChampionRoleTrainingTable {
  role_template_id: string;
  course: string;
}

/** A role given to a champion. */
export interface ChampionRoleAssignmentsTable {
  id: string;
  champion_id: string;
  role_template_id: string;
  assigned_by: Optional<string>;
  assigned_at: Timestamp;
  ended_at: NullableTimestamp;
}

/** A DBS check decision (never conviction details). */
export interface ChampionChecksTable {
  id: string;
  champion_id: string;
  level: Exclude<CheckLevel, 'none'>;
  issued_on: DateColumn;
  certificate_reference: string;
  update_service: Generated<boolean>;
  expires_on: NullableDate;
  cleared_by: Optional<string>;
  created_at: Timestamp;
}

/** A reference received for a champion. */
export interface ChampionReferencesTable {
  id: string;
  champion_id: string;
  referee_name: string;
  received_on: DateColumn;
  recorded_by: Optional<string>;
  created_at: Timestamp;
}

/** A training course a champion completed. */
export interface ChampionTrainingTable {
  id: string;
  champion_id: string;
  course: string;
  completed_on: DateColumn;
  expires_on: NullableDate;
  recorded_by: Optional<string>;
  created_at: Timestamp;
}

/** One version of an agreement text. */
export interface ChampionAgreementTemplatesTable {
  id: string;
  organisation_id: string;
  kind: 'volunteer' | 'confidentiality' | 'media_consent';
  version: number;
  title: string;
  body: string;
  created_by: Optional<string>;
  created_at: Timestamp;
}

/** A champion's signature of one agreement version. */
export interface ChampionAgreementSignaturesTable {
  id: string;
  champion_id: string;
  agreement_template_id: string;
  signed_at: Timestamp;
  signed_by: Optional<string>;
  on_behalf: Generated<boolean>;
  note: Generated<string>;
}

/** An item on a practice's induction checklist. */
export interface ChampionInductionItemsTable {
  id: string;
  organisation_id: string;
  label: string;
  position: Generated<number>;
  active: Generated<boolean>;
  created_at: Timestamp;
}

/** An induction item ticked for a champion. */
export interface ChampionInductionTicksTable {
  champion_id: string;
  item_id: string;
  ticked_at: Timestamp;
  ticked_by: Optional<string>;
}

/** A lapse reminder already sent. */
export interface ChampionRemindersSentTable {
  subject_type: 'check' | 'training';
  subject_id: string;
  expires_on: DateColumn;
  sent_at: Timestamp;
}

/** The champions tables, added to the Database interface. */
export interface ChampionsTables {
  champion_campaigns: ChampionCampaignsTable;
  champions: ChampionsTable;
  champion_tags: ChampionTagsTable;
  champion_stage_history: ChampionStageHistoryTable;
  champion_role_templates: ChampionRoleTemplatesTable;
  champion_role_training: ChampionRoleTrainingTable;
  champion_role_assignments: ChampionRoleAssignmentsTable;
  champion_checks: ChampionChecksTable;
  champion_references: ChampionReferencesTable;
  champion_training: ChampionTrainingTable;
  champion_agreement_templates: ChampionAgreementTemplatesTable;
  champion_agreement_signatures: ChampionAgreementSignaturesTable;
  champion_induction_items: ChampionInductionItemsTable;
  champion_induction_ticks: ChampionInductionTicksTable;
  champion_reminders_sent: ChampionRemindersSentTable;
}

/** A champion row as read. */
export type ChampionRow = Selectable<ChampionsTable>;
/** A role template row as read. */
export type RoleTemplateRow = Selectable<ChampionRoleTemplatesTable>;
