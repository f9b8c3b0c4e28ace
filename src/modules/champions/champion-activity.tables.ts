import type { Selectable } from 'kysely';
import type { DB } from '../../platform/db/database.types.ts';

// Row types and column unions for champions' hours, expenses, meetings and departures, derived from the generated
// database types (npm run db:types), so they follow the migrations.

/** Vehicles with an HMRC mileage rate. */
export type Vehicle = Selectable<MileageRatesTable>['vehicle'];

/** What ad hoc or recorded time was spent on. */
export type HoursCategory = Selectable<ChampionHoursTable>['category'];

/** Kinds of expense line; mileage is priced from the rate table. */
export type ExpenseKind = Selectable<ExpenseItemsTable>['kind'];

/** Kinds of champion meeting (domain W3). */
export type MeetingKind = Selectable<ChampionMeetingsTable>['kind'];

/** One HMRC mileage rate from a date. */
export type MileageRatesTable = DB['mileage_rates'];

/** Time a champion gifted. */
export type ChampionHoursTable = DB['champion_hours'];

/** An expense claim. */
export type ExpenseClaimsTable = DB['expense_claims'];

/** One line of an expense claim. */
export type ExpenseItemsTable = DB['expense_items'];

/** A receipt kept with a claim. */
export type ExpenseReceiptsTable = DB['expense_receipts'];

/** A champion meeting, development session, steering group or launch workshop. */
export type ChampionMeetingsTable = DB['champion_meetings'];

/** A champion invited to a meeting, and whether they came. */
export type ChampionMeetingInvitationsTable = DB['champion_meeting_invitations'];

/** A decision, idea or action recorded at a meeting. */
export type ChampionMeetingItemsTable = DB['champion_meeting_items'];

/** A pause (with a return date) or an exit. */
export type ChampionDeparturesTable = DB['champion_departures'];

/** The champion activity tables, added to the Database interface. */
export type ChampionActivityTables = Pick<
  DB,
  | 'mileage_rates'
  | 'champion_hours'
  | 'expense_claims'
  | 'expense_items'
  | 'expense_receipts'
  | 'champion_meetings'
  | 'champion_meeting_invitations'
  | 'champion_meeting_items'
  | 'champion_departures'
>;

/** A mileage rate row as read. */
export type MileageRateRow = Selectable<MileageRatesTable>;
/** An hours row as read. */
export type ChampionHoursRow = Selectable<ChampionHoursTable>;
