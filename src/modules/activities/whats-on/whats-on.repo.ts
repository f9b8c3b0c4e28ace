import { type ExpressionBuilder, sql } from 'kysely';
import type { Scope } from '../../../platform/auth/policy.ts';
import type { Database } from '../../../platform/db/schema.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import type { ActivityScheduleRow, ActivitySessionRow } from '../activities.tables.ts';
import type { WhatsOnFilters } from './whats-on.schemas.ts';

// The public "what's on" reads only what a visitor may see: active, public activities run by
// (or hosted with) the organisations in scope. Nothing here selects people or counts.

/** A practice or network with a public "what's on". */
export interface WhatsOnOrganisation {
  id: string;
  name: string;
  ods_code: string;
}

/** The public fields of an activity, with the name of the organisation that runs it. */
export interface PublicActivityRow {
  id: string;
  organisation_id: string;
  organisation_name: string;
  name: string;
  description: string;
  category: string | null;
  five_ways: string[];
  target_groups: string[];
  venue_name: string;
  venue_address: string;
  venue_postcode: string;
  accessibility_notes: string;
  cost_pence: number;
  cost_note: string;
  referral_routes: string[];
  how_to_join: string;
  updated_at: Date;
}

/** A session's public fields. */
export type PublicSessionRow = Pick<
  ActivitySessionRow,
  | 'id'
  | 'activity_id'
  | 'starts_at'
  | 'ends_at'
  | 'local_date'
  | 'venue_name'
  | 'status'
  | 'cancel_reason'
  | 'created_at'
>;

/** A schedule's public fields. */
export type PublicScheduleRow = Pick<
  ActivityScheduleRow,
  'id' | 'activity_id' | 'frequency' | 'weekday' | 'week_of_month' | 'starts_on' | 'ends_on' | 'start_time' | 'end_time'
>;

type ActivityExpressions = ExpressionBuilder<Database, 'activities'>;

/** Active, public, and run by or hosted with an organisation in scope. */
function isPublicIn(scope: Scope) {
  return (eb: ActivityExpressions) =>
    eb.and([
      eb('activities.status', '=', 'active'),
      eb('activities.public', '=', true),
      eb.or([
        eb('activities.organisation_id', 'in', scope.organisationIds),
        eb.exists(
          eb
            .selectFrom('activity_hosts')
            .select('activity_hosts.activity_id')
            .whereRef('activity_hosts.activity_id', '=', 'activities.id')
            .where('activity_hosts.organisation_id', 'in', scope.organisationIds),
        ),
      ]),
    ]);
}

/** A schedule still producing sessions: active, not ended before today, and not a one-off already past. */
function isCurrentSchedule(today: string) {
  return (eb: ExpressionBuilder<Database, 'activity_schedules'>) =>
    eb.and([
      eb('activity_schedules.active', '=', true),
      eb.or([eb('activity_schedules.ends_on', 'is', null), eb('activity_schedules.ends_on', '>=', today)]),
      eb.or([eb('activity_schedules.frequency', '!=', 'once'), eb('activity_schedules.starts_on', '>=', today)]),
    ]);
}

/** Meets on one of `days` (ISO weekdays): by a current schedule, or a session still to come. */
function meetsOn(days: number[], today: string) {
  return (eb: ActivityExpressions) =>
    eb.or([
      eb.exists(
        eb
          .selectFrom('activity_schedules')
          .select('activity_schedules.id')
          .whereRef('activity_schedules.activity_id', '=', 'activities.id')
          .where(
            sql<number>`coalesce(activity_schedules.weekday, extract(isodow from activity_schedules.starts_on)::int)`,
            'in',
            days,
          )
          .where(isCurrentSchedule(today)),
      ),
      eb.exists(
        eb
          .selectFrom('activity_sessions')
          .select('activity_sessions.id')
          .whereRef('activity_sessions.activity_id', '=', 'activities.id')
          .where('activity_sessions.status', '=', 'scheduled')
          .where('activity_sessions.local_date', '>=', today)
          .where(sql<number>`extract(isodow from activity_sessions.local_date)::int`, 'in', days),
      ),
    ]);
}

const PUBLIC_COLUMNS = [
  'activities.id',
  'activities.organisation_id',
  'organisations.name as organisation_name',
  'activities.name',
  'activities.description',
  'activities.category',
  'activities.five_ways',
  'activities.target_groups',
  'activities.venue_name',
  'activities.venue_address',
  'activities.venue_postcode',
  'activities.accessibility_notes',
  'activities.cost_pence',
  'activities.cost_note',
  'activities.referral_routes',
  'activities.how_to_join',
  'activities.updated_at',
] as const;

/** A practice or network by its ODS code (upper case), or undefined. */
export async function findOrganisationByOdsCode(
  db: Executor,
  kind: 'practice' | 'network',
  odsCode: string,
): Promise<WhatsOnOrganisation | undefined> {
  const row = await db
    .selectFrom('organisations')
    .select(['id', 'name', 'ods_code'])
    .where('ods_code', '=', odsCode)
    .where('kind', '=', kind)
    .executeTakeFirst();
  return row && row.ods_code ? { id: row.id, name: row.name, ods_code: row.ods_code } : undefined;
}

/** The public activities in scope that match the filters, by name. */
export async function listPublicActivities(
  db: Executor,
  scope: Scope,
  filters: WhatsOnFilters,
  today: string,
): Promise<PublicActivityRow[]> {
  let query = db
    .selectFrom('activities')
    .innerJoin('organisations', 'organisations.id', 'activities.organisation_id')
    .select(PUBLIC_COLUMNS)
    .where(isPublicIn(scope));
  if (filters.category) {
    query = query.where('activities.category', '=', filters.category);
  }
  if (filters.freeOnly) {
    query = query.where('activities.cost_pence', '=', 0);
  }
  if (filters.days.length > 0) {
    query = query.where(meetsOn(filters.days, today));
  }
  return query.orderBy('activities.name').orderBy('activities.id').execute();
}

/** One public activity in scope, or undefined. */
export async function findPublicActivity(
  db: Executor,
  scope: Scope,
  activityId: string,
): Promise<PublicActivityRow | undefined> {
  return db
    .selectFrom('activities')
    .innerJoin('organisations', 'organisations.id', 'activities.organisation_id')
    .select(PUBLIC_COLUMNS)
    .where('activities.id', '=', activityId)
    .where(isPublicIn(scope))
    .executeTakeFirst();
}

/** The current schedules of public activities in scope: active, and not ended before today. */
export async function listCurrentSchedules(
  db: Executor,
  scope: Scope,
  activityIds: readonly string[],
  today: string,
): Promise<PublicScheduleRow[]> {
  if (activityIds.length === 0) {
    return [];
  }
  return db
    .selectFrom('activity_schedules')
    .innerJoin('activities', 'activities.id', 'activity_schedules.activity_id')
    .select([
      'activity_schedules.id',
      'activity_schedules.activity_id',
      'activity_schedules.frequency',
      'activity_schedules.weekday',
      'activity_schedules.week_of_month',
      'activity_schedules.starts_on',
      'activity_schedules.ends_on',
      'activity_schedules.start_time',
      'activity_schedules.end_time',
    ])
    .where('activity_schedules.activity_id', 'in', activityIds)
    .where(isPublicIn(scope))
    .where(isCurrentSchedule(today))
    .orderBy('activity_schedules.weekday')
    .orderBy('activity_schedules.start_time')
    .execute();
}

/** The sessions of public activities in scope. */
function publicSessions(db: Executor, scope: Scope) {
  return db
    .selectFrom('activity_sessions')
    .innerJoin('activities', 'activities.id', 'activity_sessions.activity_id')
    .where(isPublicIn(scope));
}

const SESSION_COLUMNS = [
  'activity_sessions.id',
  'activity_sessions.activity_id',
  'activity_sessions.starts_at',
  'activity_sessions.ends_at',
  'activity_sessions.local_date',
  'activity_sessions.venue_name',
  'activity_sessions.status',
  'activity_sessions.cancel_reason',
  'activity_sessions.created_at',
] as const;

/** Each activity's next session that is going ahead and has not started yet. */
export async function listNextSessions(
  db: Executor,
  scope: Scope,
  activityIds: readonly string[],
  now: Date,
): Promise<{ activity_id: string; starts_at: Date }[]> {
  if (activityIds.length === 0) {
    return [];
  }
  return publicSessions(db, scope)
    .select(['activity_sessions.activity_id', (eb) => eb.fn.min('activity_sessions.starts_at').as('starts_at')])
    .where('activity_sessions.activity_id', 'in', activityIds)
    .where('activity_sessions.status', '=', 'scheduled')
    .where('activity_sessions.starts_at', '>', now)
    .groupBy('activity_sessions.activity_id')
    .execute() as Promise<{ activity_id: string; starts_at: Date }[]>;
}

/** An activity's sessions that have not finished yet, soonest first, cancelled ones included. */
export async function listComingSessions(
  db: Executor,
  scope: Scope,
  activityId: string,
  now: Date,
  limit: number,
): Promise<PublicSessionRow[]> {
  return publicSessions(db, scope)
    .select(SESSION_COLUMNS)
    .where('activity_sessions.activity_id', '=', activityId)
    .where('activity_sessions.ends_at', '>', now)
    .orderBy('activity_sessions.starts_at')
    .limit(limit)
    .execute();
}

/** The sessions of public activities in scope on London dates from `fromDate` to `toDate`. */
export async function listSessionsBetween(
  db: Executor,
  scope: Scope,
  activityIds: readonly string[],
  fromDate: string,
  toDate: string,
): Promise<PublicSessionRow[]> {
  if (activityIds.length === 0) {
    return [];
  }
  return publicSessions(db, scope)
    .select(SESSION_COLUMNS)
    .where('activity_sessions.activity_id', 'in', activityIds)
    .where('activity_sessions.local_date', '>=', fromDate)
    .where('activity_sessions.local_date', '<=', toDate)
    .orderBy('activity_sessions.starts_at')
    .orderBy('activity_sessions.id')
    .execute();
}
