import type { ColumnType, Selectable } from 'kysely';

// Row types for migrations/202611281000_create_activities.sql.

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** A date column, read as 'YYYY-MM-DD' (the database handle's date parser). */
type DateColumn = ColumnType<string, Date | string, Date | string>;
type NullableDate = ColumnType<string | null, Date | string | null | undefined, Date | string | null>;
type Optional<T> = ColumnType<T | null, T | null | undefined, T | null>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;
type Json = ColumnType<unknown, string | undefined, string>;

/** The activity lifecycle (domain W4), in order, then paused and closed. */
export type ActivityStatus = 'idea' | 'proposed' | 'risk_assessed' | 'approved' | 'active' | 'paused' | 'closed';
/** How an activity is delivered (domain §2.1). */
export type DeliveryMode = 'group' | 'one_to_one' | 'event' | 'service_support' | 'information';
/** Who may send people to an activity. */
export type ReferralRoute = 'self' | 'reception' | 'gp' | 'link_worker';
/** How a schedule repeats. */
export type Frequency = 'once' | 'weekly' | 'fortnightly' | 'monthly_weekday';
/** Where a session stands. */
export type SessionStatus = 'scheduled' | 'cancelled' | 'delivered';
/** Where an introduction stands. */
export type IntroductionStatus = 'pending' | 'joined' | 'declined' | 'activity_closed';
/** What a sustain review decided. */
export type ReviewOutcome = 'continue' | 'adapt' | 'pause' | 'close';

/** A champion-led activity. */
export interface ActivitiesTable {
  id: string;
  organisation_id: string;
  name: string;
  description: Defaulted<string>;
  category: Optional<string>;
  five_ways: Defaulted<string[]>;
  target_groups: Defaulted<string[]>;
  delivery_mode: Optional<DeliveryMode>;
  venue_name: Defaulted<string>;
  venue_address: Defaulted<string>;
  venue_postcode: Defaulted<string>;
  accessibility_notes: Defaulted<string>;
  cost_pence: Defaulted<number>;
  cost_note: Defaulted<string>;
  referral_routes: Defaulted<ReferralRoute[]>;
  how_to_join: Defaulted<string>;
  capacity: Optional<number>;
  staff_sponsor_user_id: Optional<string>;
  review_on: NullableDate;
  named_register_reason: Optional<string>;
  status: Defaulted<ActivityStatus>;
  status_changed_at: Timestamp;
  public: Defaulted<boolean>;
  directory_service_id: Optional<string>;
  meeting_item_id: Optional<string>;
  created_by: Optional<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Another organisation an activity is hosted with. */
export interface ActivityHostsTable {
  activity_id: string;
  organisation_id: string;
}

/** A champion who leads an activity. */
export interface ActivityLeadsTable {
  activity_id: string;
  champion_id: string;
  organisation_id: string;
}

/** A role a session needs and how many places of it. */
export interface ActivityRolesTable {
  activity_id: string;
  role_template_id: string;
  organisation_id: string;
  places: Defaulted<number>;
}

/** One move through the lifecycle. */
export interface ActivityStatusHistoryTable {
  id: string;
  activity_id: string;
  organisation_id: string;
  from_status: Optional<ActivityStatus>;
  to_status: ActivityStatus;
  changed_by: Optional<string>;
  note: Defaulted<string>;
  changed_at: Timestamp;
}

/** A risk assessment (the latest one counts). */
export interface ActivityRiskAssessmentsTable {
  id: string;
  activity_id: string;
  organisation_id: string;
  hazards: string;
  controls: string;
  safeguarding: string;
  lone_working: string;
  insurance: string;
  assessed_by: Optional<string>;
  assessed_on: DateColumn;
  review_on: DateColumn;
  approved_by: Optional<string>;
  approved_at: NullableTimestamp;
  created_at: Timestamp;
}

/** A pattern of sessions in Europe/London wall-clock time. */
export interface ActivitySchedulesTable {
  id: string;
  activity_id: string;
  organisation_id: string;
  frequency: Frequency;
  rrule: Defaulted<string>;
  starts_on: DateColumn;
  ends_on: NullableDate;
  weekday: Optional<number>;
  week_of_month: Optional<number>;
  /** 'HH:MM:SS' */
  start_time: string;
  /** 'HH:MM:SS' */
  end_time: string;
  venue_name: Defaulted<string>;
  active: Defaulted<boolean>;
  generated_until: NullableDate;
  created_by: Optional<string>;
  created_at: Timestamp;
}

/** A date a schedule skips. */
export interface ActivityScheduleExceptionsTable {
  schedule_id: string;
  organisation_id: string;
  on_date: DateColumn;
  reason: Defaulted<string>;
  created_by: Optional<string>;
  created_at: Timestamp;
}

/** One session of an activity. */
export interface ActivitySessionsTable {
  id: string;
  activity_id: string;
  organisation_id: string;
  schedule_id: Optional<string>;
  starts_at: Timestamp;
  ends_at: Timestamp;
  local_date: DateColumn;
  venue_name: Defaulted<string>;
  status: Defaulted<SessionStatus>;
  cancel_reason: Defaulted<string>;
  head_count: Optional<number>;
  new_attendees: Optional<number>;
  referred_self: Defaulted<number>;
  referred_reception: Defaulted<number>;
  referred_gp: Defaulted<number>;
  referred_link_worker: Defaulted<number>;
  people_supported: Optional<number>;
  incident_flagged: Defaulted<boolean>;
  incident_routed_at: NullableTimestamp;
  recorded_by: Optional<string>;
  recorded_at: NullableTimestamp;
  created_at: Timestamp;
}

/** A place on a session's rota; open when champion_id is null. */
export interface ActivityRotaPlacesTable {
  id: string;
  session_id: string;
  organisation_id: string;
  role_template_id: string;
  position: Defaulted<number>;
  champion_id: Optional<string>;
  assigned_by: Optional<string>;
  assigned_at: NullableTimestamp;
}

/** A name on a session's register (only where the activity records a reason). */
export interface ActivityRegisterEntriesTable {
  id: string;
  session_id: string;
  organisation_id: string;
  name_enc: string;
  created_by: Optional<string>;
  created_at: Timestamp;
}

/** A session record's submission, by idempotency key. */
export interface ActivitySessionSubmissionsTable {
  idempotency_key: string;
  session_id: string;
  organisation_id: string;
  submitted_by: Optional<string>;
  payload_sha256: string;
  applied: boolean;
  received_at: Timestamp;
  /** When the person recorded it (202611281030). */
  recorded_at: NullableTimestamp;
  /** A submission not applied, kept encrypted (202611281030). */
  payload_enc: Optional<string>;
}

/** A warm introduction waiting on an activity. */
export interface ActivityIntroductionsTable {
  id: string;
  activity_id: string;
  organisation_id: string;
  route: ReferralRoute;
  first_name_enc: string;
  contact_enc: string;
  referred_by: Optional<string>;
  status: Defaulted<IntroductionStatus>;
  status_changed_at: Timestamp;
  created_at: Timestamp;
}

/** A quarterly sustain review. */
export interface ActivityReviewsTable {
  id: string;
  activity_id: string;
  organisation_id: string;
  period_start: DateColumn;
  period_end: DateColumn;
  figures: Json;
  cost_note: Defaulted<string>;
  feedback: Defaulted<string>;
  outcome: ReviewOutcome;
  outcome_note: Defaulted<string>;
  next_review_on: NullableDate;
  reviewed_by: Optional<string>;
  reviewed_at: Timestamp;
}

/** A sustain review reminder already sent (migration 202611281050). */
export interface ActivityReviewRemindersTable {
  activity_id: string;
  organisation_id: string;
  due_on: DateColumn;
  sent_at: Timestamp;
}

/** The activities module's tables, merged into the app's Database type. */
export interface ActivitiesTables {
  activities: ActivitiesTable;
  activity_hosts: ActivityHostsTable;
  activity_leads: ActivityLeadsTable;
  activity_roles: ActivityRolesTable;
  activity_status_history: ActivityStatusHistoryTable;
  activity_risk_assessments: ActivityRiskAssessmentsTable;
  activity_schedules: ActivitySchedulesTable;
  activity_schedule_exceptions: ActivityScheduleExceptionsTable;
  activity_sessions: ActivitySessionsTable;
  activity_rota_places: ActivityRotaPlacesTable;
  activity_register_entries: ActivityRegisterEntriesTable;
  activity_session_submissions: ActivitySessionSubmissionsTable;
  activity_introductions: ActivityIntroductionsTable;
  activity_reviews: ActivityReviewsTable;
  activity_review_reminders: ActivityReviewRemindersTable;
}

export type ActivityRow = Selectable<ActivitiesTable>;
export type ActivitySessionRow = Selectable<ActivitySessionsTable>;
export type ActivityScheduleRow = Selectable<ActivitySchedulesTable>;
export type RotaPlaceRow = Selectable<ActivityRotaPlacesTable>;
