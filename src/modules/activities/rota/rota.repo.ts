import { sql } from 'kysely';
import type { Scope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';

import { scopeIds } from '../shared/activity-records.repo.ts';

/** The roles an activity needs and how many places of each. */
export async function listActivityRoles(db: Executor, scope: Scope, activityId: string) {
  return db
    .selectFrom('activity_roles')
    .select(['role_template_id', 'places'])
    .where('activity_id', '=', activityId)
    .where('organisation_id', 'in', scopeIds(scope))
    .execute();
}

/** An activity's sessions still to come and going ahead. */
export async function listUpcomingSessionsOf(db: Executor, scope: Scope, activityId: string) {
  return db
    .selectFrom('activity_sessions')
    .select(['id', 'organisation_id'])
    .where('activity_id', '=', activityId)
    .where('organisation_id', 'in', scopeIds(scope))
    .where('status', '=', 'scheduled')
    .where('starts_at', '>', sql<Date>`now()`)
    .execute();
}

/** The rota places of the given sessions, in position order. */
export async function listPlacesOfSessions(db: Executor, scope: Scope, sessionIds: readonly string[]) {
  return db
    .selectFrom('activity_rota_places')
    .select(['id', 'session_id', 'role_template_id', 'position', 'champion_id'])
    .where('session_id', 'in', [...sessionIds])
    .where('organisation_id', 'in', scopeIds(scope))
    .orderBy('position')
    .execute();
}

/** Removes the given places, those still open only. */
export async function deleteOpenPlaces(db: Executor, scope: Scope, placeIds: readonly string[]): Promise<void> {
  await db
    .deleteFrom('activity_rota_places')
    .where('id', 'in', [...placeIds])
    .where('organisation_id', 'in', scopeIds(scope))
    .where('champion_id', 'is', null)
    .execute();
}

/** Adds open places to sessions of the scope. */
export async function insertPlaces(
  db: Executor,
  scope: Scope,
  places: readonly {
    id: string;
    session_id: string;
    organisation_id: string;
    role_template_id: string;
    position: number;
  }[],
): Promise<void> {
  const inScope = places.filter((place) => scope.organisationIds.includes(place.organisation_id));
  if (inScope.length > 0) {
    await db.insertInto('activity_rota_places').values(inScope).execute();
  }
}

/**
 * Places held by any of the champions (one person's records at several practices) on sessions
 * other than `session` that overlap it, cancelled ones aside, soonest first. No scope: the
 * caller reached the champion through theirs, and a clash anywhere counts.
 */
export async function overlappingPlaces(
  db: Executor,
  championIds: readonly string[],
  session: { id: string; starts_at: Date; ends_at: Date },
) {
  return db
    .selectFrom('activity_rota_places')
    .innerJoin('activity_sessions', 'activity_sessions.id', 'activity_rota_places.session_id')
    .innerJoin('activities', 'activities.id', 'activity_sessions.activity_id')
    .select([
      'activity_sessions.id',
      'activity_sessions.starts_at',
      'activity_sessions.ends_at',
      'activities.name as activity_name',
    ])
    .where('activity_rota_places.champion_id', 'in', [...championIds])
    .where('activity_sessions.id', '<>', session.id)
    .where('activity_sessions.status', '<>', 'cancelled')
    .where('activity_sessions.starts_at', '<', session.ends_at)
    .where('activity_sessions.ends_at', '>', session.starts_at)
    .orderBy('activity_sessions.starts_at')
    .execute();
}

/** A rota place of an organisation in the scope, locked until the transaction ends. */
export async function lockPlace(db: Executor, scope: Scope, organisationId: string, placeId: string) {
  return db
    .selectFrom('activity_rota_places')
    .selectAll()
    .where('id', '=', placeId)
    .where('organisation_id', '=', organisationId)
    .where('organisation_id', 'in', scopeIds(scope))
    .forUpdate()
    .executeTakeFirst();
}

/** A session with its activity's name, as a claim on one of its places needs it. */
export async function findSessionForClaim(db: Executor, scope: Scope, sessionId: string) {
  return db
    .selectFrom('activity_sessions')
    .innerJoin('activities', 'activities.id', 'activity_sessions.activity_id')
    .select([
      'activity_sessions.id',
      'activity_sessions.status',
      'activity_sessions.starts_at',
      'activity_sessions.ends_at',
      'activity_sessions.local_date',
      'activities.name as activity_name',
    ])
    .where('activity_sessions.id', '=', sessionId)
    .where('activity_sessions.organisation_id', 'in', scopeIds(scope))
    .executeTakeFirstOrThrow();
}

/** True when the champion already holds a place on the session. */
export async function holdsPlaceOn(
  db: Executor,
  scope: Scope,
  sessionId: string,
  championId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('activity_rota_places')
    .select('id')
    .where('session_id', '=', sessionId)
    .where('champion_id', '=', championId)
    .where('organisation_id', 'in', scopeIds(scope))
    .executeTakeFirst();
  return row !== undefined;
}

/** Gives an open place to a champion (nothing happens if someone holds it by now). */
export async function assignOpenPlace(
  db: Executor,
  scope: Scope,
  placeId: string,
  championId: string,
  byUserId: string | null,
) {
  return db
    .updateTable('activity_rota_places')
    .set({ champion_id: championId, assigned_by: byUserId, assigned_at: sql<Date>`now()` })
    .where('id', '=', placeId)
    .where('organisation_id', 'in', scopeIds(scope))
    .where('champion_id', 'is', null)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Frees the champion's places on the organisation's sessions still to come (before `until`, when given). */
export async function freeUpcomingPlaces(
  db: Executor,
  scope: Scope,
  organisationId: string,
  championId: string,
  until: string | null,
) {
  const upcoming = db
    .selectFrom('activity_sessions')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('starts_at', '>', sql<Date>`now()`)
    .$if(until !== null, (query) => query.where('local_date', '<', until ?? ''));
  return db
    .updateTable('activity_rota_places')
    .set({ champion_id: null, assigned_by: null, assigned_at: null })
    .where('champion_id', '=', championId)
    .where('organisation_id', '=', organisationId)
    .where('organisation_id', 'in', scopeIds(scope))
    .where('session_id', 'in', upcoming)
    .returning('id')
    .execute();
}

/** One session of an activity in the scope (locked when asked). */
export async function findSessionOfActivity(
  db: Executor,
  scope: Scope,
  activity: { id: string; organisation_id: string },
  sessionId: string,
  lock = false,
) {
  const query = db
    .selectFrom('activity_sessions')
    .selectAll()
    .where('id', '=', sessionId)
    .where('activity_id', '=', activity.id)
    .where('organisation_id', '=', activity.organisation_id)
    .where('organisation_id', 'in', scopeIds(scope));
  return (lock ? query.forUpdate() : query).executeTakeFirst();
}

/** True when the champion is one of the activity's leads. */
export async function isLeadOf(db: Executor, scope: Scope, activityId: string, championId: string): Promise<boolean> {
  const row = await db
    .selectFrom('activity_leads')
    .select('champion_id')
    .where('activity_id', '=', activityId)
    .where('champion_id', '=', championId)
    .where('organisation_id', 'in', scopeIds(scope))
    .executeTakeFirst();
  return row !== undefined;
}

/** Every place on a session's rota, with who holds it (ids only), in position order. */
export async function listSessionPlaces(db: Executor, scope: Scope, sessionId: string) {
  return db
    .selectFrom('activity_rota_places')
    .select(['id', 'role_template_id', 'position', 'champion_id'])
    .where('session_id', '=', sessionId)
    .where('organisation_id', 'in', scopeIds(scope))
    .orderBy('position')
    .execute();
}

/** Cancels a session that is still to come and going ahead; undefined when it is not. */
export async function cancelUpcomingSession(db: Executor, scope: Scope, sessionId: string, reason: string) {
  return db
    .updateTable('activity_sessions')
    .set({ status: 'cancelled', cancel_reason: reason })
    .where('id', '=', sessionId)
    .where('organisation_id', 'in', scopeIds(scope))
    .where('status', '=', 'scheduled')
    .where('starts_at', '>', sql<Date>`now()`)
    .returning('id')
    .executeTakeFirst();
}

/** Puts a cancelled session still to come back on; undefined when it is not one. */
export async function reinstateUpcomingSession(db: Executor, scope: Scope, sessionId: string) {
  return db
    .updateTable('activity_sessions')
    .set({ status: 'scheduled', cancel_reason: '' })
    .where('id', '=', sessionId)
    .where('organisation_id', 'in', scopeIds(scope))
    .where('status', '=', 'cancelled')
    .where('starts_at', '>', sql<Date>`now()`)
    .returning('id')
    .executeTakeFirst();
}

/** Stops skipping a schedule's date. */
export async function deleteScheduleException(
  db: Executor,
  scope: Scope,
  scheduleId: string,
  onDate: string,
): Promise<void> {
  await db
    .deleteFrom('activity_schedule_exceptions')
    .where('schedule_id', '=', scheduleId)
    .where('on_date', '=', onDate)
    .where('organisation_id', 'in', scopeIds(scope))
    .execute();
}

/** A place on a session, locked until the transaction ends. */
export async function lockSessionPlace(db: Executor, scope: Scope, sessionId: string, placeId: string) {
  return db
    .selectFrom('activity_rota_places')
    .select(['id', 'champion_id'])
    .where('id', '=', placeId)
    .where('session_id', '=', sessionId)
    .where('organisation_id', 'in', scopeIds(scope))
    .forUpdate()
    .executeTakeFirst();
}

/** Opens a place again. */
export async function openPlace(db: Executor, scope: Scope, placeId: string): Promise<void> {
  await db
    .updateTable('activity_rota_places')
    .set({ champion_id: null, assigned_by: null, assigned_at: null })
    .where('id', '=', placeId)
    .where('organisation_id', 'in', scopeIds(scope))
    .execute();
}
