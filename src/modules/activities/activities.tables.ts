import type { Selectable } from 'kysely';
import type { DB } from '../../platform/db/database.types.ts';

// Row types and column unions for the activities tables, derived from the generated
// database types (npm run db:types), so they follow the migrations.

/** The activity lifecycle (domain W4), in order, then paused and closed. */
export type ActivityStatus = Selectable<ActivitiesTable>['status'];

/** How an activity is delivered (domain §2.1). */
export type DeliveryMode = NonNullable<Selectable<ActivitiesTable>['delivery_mode']>;

/** Who may send people to an activity. */
export type ReferralRoute = Selectable<ActivityIntroductionsTable>['route'];

/** How a schedule repeats. */
export type Frequency = Selectable<ActivitySchedulesTable>['frequency'];

/** Where a session stands. */
export type SessionStatus = Selectable<ActivitySessionsTable>['status'];

/** Where an introduction stands. */
export type IntroductionStatus = Selectable<ActivityIntroductionsTable>['status'];

/** What a sustain review decided. */
export type ReviewOutcome = Selectable<ActivityReviewsTable>['outcome'];

/** A champion-led activity. */
export type ActivitiesTable = DB['activities'];

/** Another organisation an activity is hosted with. */
export type ActivityHostsTable = DB['activity_hosts'];

/** A champion who leads an activity. */
export type ActivityLeadsTable = DB['activity_leads'];

/** A role a session needs and how many places of it. */
export type ActivityRolesTable = DB['activity_roles'];

/** One move through the lifecycle. */
export type ActivityStatusHistoryTable = DB['activity_status_history'];

/** A risk assessment (the latest one counts). */
export type ActivityRiskAssessmentsTable = DB['activity_risk_assessments'];

/** A pattern of sessions in Europe/London wall-clock time. */
export type ActivitySchedulesTable = DB['activity_schedules'];

/** A date a schedule skips. */
export type ActivityScheduleExceptionsTable = DB['activity_schedule_exceptions'];

/** One session of an activity. */
export type ActivitySessionsTable = DB['activity_sessions'];

/** A place on a session's rota; open when champion_id is null. */
export type ActivityRotaPlacesTable = DB['activity_rota_places'];

/** A name on a session's register (only where the activity records a reason). */
export type ActivityRegisterEntriesTable = DB['activity_register_entries'];

/** A session record's submission, by idempotency key. */
export type ActivitySessionSubmissionsTable = DB['activity_session_submissions'];

/** A warm introduction waiting on an activity. */
export type ActivityIntroductionsTable = DB['activity_introductions'];

/** A quarterly sustain review. */
export type ActivityReviewsTable = DB['activity_reviews'];

/** A sustain review reminder already sent (migration 202611281050). */
export type ActivityReviewRemindersTable = DB['activity_review_reminders'];

/** The activities module's tables, merged into the app's Database type. */
export type ActivitiesTables = Pick<
  DB,
  | 'activities'
  | 'activity_hosts'
  | 'activity_leads'
  | 'activity_roles'
  | 'activity_status_history'
  | 'activity_risk_assessments'
  | 'activity_schedules'
  | 'activity_schedule_exceptions'
  | 'activity_sessions'
  | 'activity_rota_places'
  | 'activity_register_entries'
  | 'activity_session_submissions'
  | 'activity_introductions'
  | 'activity_reviews'
  | 'activity_review_reminders'
>;

export type ActivityRow = Selectable<ActivitiesTable>;
export type ActivitySessionRow = Selectable<ActivitySessionsTable>;
export type ActivityScheduleRow = Selectable<ActivitySchedulesTable>;
export type RotaPlaceRow = Selectable<ActivityRotaPlacesTable>;
