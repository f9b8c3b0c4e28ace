import type { ColumnType, Generated, Selectable } from 'kysely';

// Row types for migrations/202611231310_create_champion_activity.sql.

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type DateColumn = ColumnType<string, Date | string, Date | string>;
type NullableDate = ColumnType<string | null, Date | string | null | undefined, Date | string | null>;
type Optional<T> = ColumnType<T | null, T | null | undefined, T | null>;

/** Vehicles with an HMRC mileage rate. */
export type Vehicle = 'car' | 'motorcycle' | 'bicycle';
/** What ad hoc or recorded time was spent on. */
export type HoursCategory = 'preparation' | 'directory_research' | 'travel' | 'meeting' | 'session' | 'other';
/** Kinds of expense line; mileage is priced from the rate table. */
export type ExpenseKind = 'travel' | 'meals' | 'dependant_care' | 'clothing' | 'postage_phone' | 'mileage' | 'other';
/** Kinds of champion meeting (domain W3). */
export type MeetingKind = 'champion_meeting' | 'development_session' | 'steering_group' | 'two_day_launch_workshop';

/** One HMRC mileage rate from a date. */
export interface MileageRatesTable {
  id: string;
  vehicle: Vehicle;
  valid_from: DateColumn;
  pence_per_mile: number;
  threshold_miles: number | null;
  pence_per_mile_after: number | null;
}

/** Time a champion gifted. */
export interface ChampionHoursTable {
  id: string;
  organisation_id: string;
  champion_id: string;
  worked_on: DateColumn;
  minutes: number;
  category: HoursCategory;
  description: Generated<string>;
  meeting_id: Optional<string>;
  /** The activity session this time was given at (activities module). */
  session_id: Optional<string>;
  status: ColumnType<'logged' | 'verified', 'logged' | 'verified' | undefined, 'logged' | 'verified'>;
  verified_by: Optional<string>;
  verified_at: NullableTimestamp;
  created_at: Timestamp;
}

/** An expense claim. */
export interface ExpenseClaimsTable {
  id: string;
  organisation_id: string;
  champion_id: string;
  status: ColumnType<'submitted' | 'approved' | 'rejected', 'submitted' | undefined, 'approved' | 'rejected'>;
  total_pence: number;
  submitted_at: Timestamp;
  decided_by: Optional<string>;
  decided_at: NullableTimestamp;
  decision_reason: Generated<string>;
}

/** One line of an expense claim. */
export interface ExpenseItemsTable {
  id: string;
  claim_id: string;
  organisation_id: string;
  champion_id: string;
  spent_on: DateColumn;
  kind: ExpenseKind;
  description: string;
  amount_pence: number;
  vehicle: Optional<Vehicle>;
  miles: Optional<number>;
  tax_year: Optional<number>;
  position: Generated<number>;
}

/** A receipt kept with a claim. */
export interface ExpenseReceiptsTable {
  id: string;
  claim_id: string;
  organisation_id: string;
  file_name: string;
  content_type: 'application/pdf' | 'image/jpeg' | 'image/png' | 'image/heic';
  size_bytes: number;
  sha256: string;
  content: Uint8Array;
  created_at: Timestamp;
}

/** A champion meeting, development session, steering group or launch workshop. */
export interface ChampionMeetingsTable {
  id: string;
  organisation_id: string;
  kind: MeetingKind;
  title: string;
  held_on: DateColumn;
  minutes: number;
  days: Generated<number>;
  location: Generated<string>;
  notes: Generated<string>;
  attendance_recorded_at: NullableTimestamp;
  created_by: Optional<string>;
  created_at: Timestamp;
}

/** A champion invited to a meeting, and whether they came. */
export interface ChampionMeetingInvitationsTable {
  meeting_id: string;
  champion_id: string;
  organisation_id: string;
  attended: Optional<boolean>;
  invited_at: Timestamp;
}

/** A decision, idea or action recorded at a meeting. */
export interface ChampionMeetingItemsTable {
  id: string;
  meeting_id: string;
  organisation_id: string;
  kind: 'decision' | 'idea' | 'action';
  text: string;
  owner_champion_id: Optional<string>;
  due_on: NullableDate;
  status: ColumnType<'open' | 'done' | 'proposed_activity', 'open' | 'done' | 'proposed_activity' | undefined, 'open' | 'done' | 'proposed_activity'>;
  created_at: Timestamp;
}

/** A pause (with a return date) or an exit. */
export interface ChampionDeparturesTable {
  id: string;
  organisation_id: string;
  champion_id: string;
  kind: 'pause' | 'exit';
  return_on: NullableDate;
  left_on: NullableDate;
  exit_answers: ColumnType<unknown, string | null | undefined, string | null>;
  recorded_by: Optional<string>;
  recorded_at: Timestamp;
  minimised_at: NullableTimestamp;
}

/** The champion activity tables, added to the Database interface. */
export interface ChampionActivityTables {
  mileage_rates: MileageRatesTable;
  champion_hours: ChampionHoursTable;
  expense_claims: ExpenseClaimsTable;
  expense_items: ExpenseItemsTable;
  expense_receipts: ExpenseReceiptsTable;
  champion_meetings: ChampionMeetingsTable;
  champion_meeting_invitations: ChampionMeetingInvitationsTable;
  champion_meeting_items: ChampionMeetingItemsTable;
  champion_departures: ChampionDeparturesTable;
}

/** A mileage rate row as read. */
export type MileageRateRow = Selectable<MileageRatesTable>;
/** An hours row as read. */
export type ChampionHoursRow = Selectable<ChampionHoursTable>;
