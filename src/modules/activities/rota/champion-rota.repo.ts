import { sql } from 'kysely';
import type { Scope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { scopeIds } from '../shared/activity-records.repo.ts';

/** Places on the organisation's sessions still to come, with the session and activity. */
function placesQuery(db: Executor, scope: Scope, organisationId: string) {
  return db
    .selectFrom('activity_rota_places')
    .innerJoin('activity_sessions', 'activity_sessions.id', 'activity_rota_places.session_id')
    .innerJoin('activities', 'activities.id', 'activity_sessions.activity_id')
    .select([
      'activity_rota_places.id',
      'activity_rota_places.role_template_id',
      'activity_rota_places.position',
      'activity_sessions.id as session_id',
      'activity_sessions.starts_at',
      'activity_sessions.ends_at',
      'activity_sessions.status',
      'activity_sessions.cancel_reason',
      'activity_sessions.venue_name',
      'activities.id as activity_id',
      'activities.name as activity_name',
    ])
    .where('activity_rota_places.organisation_id', '=', organisationId)
    .where('activity_rota_places.organisation_id', 'in', scopeIds(scope))
    .where('activity_sessions.starts_at', '>', sql<Date>`now()`);
}

/** The champion's places on sessions still to come, soonest first (at most 200). */
export async function listHeldPlaces(db: Executor, scope: Scope, organisationId: string, championId: string) {
  return placesQuery(db, scope, organisationId)
    .where('activity_rota_places.champion_id', '=', championId)
    .orderBy('activity_sessions.starts_at')
    .limit(200)
    .execute();
}

/**
 * The first open place of each role on scheduled sessions of running activities still to come,
 * on sessions where the champion holds no place, soonest first; with how many are open.
 */
export async function listOpenPlaceCandidates(db: Executor, scope: Scope, organisationId: string, championId: string) {
  return placesQuery(db, scope, organisationId)
    .select(
      sql<number>`count(*) over (partition by activity_sessions.id, activity_rota_places.role_template_id)::int`.as(
        'open_count',
      ),
    )
    .select(
      sql<number>`row_number() over (partition by activity_sessions.id, activity_rota_places.role_template_id order by activity_rota_places.position)::int`.as(
        'rank',
      ),
    )
    .where('activity_rota_places.champion_id', 'is', null)
    .where('activity_sessions.status', '=', 'scheduled')
    .where('activities.status', '=', 'active')
    .where('activity_sessions.id', 'not in', (eb) =>
      eb
        .selectFrom('activity_rota_places as held')
        .select('held.session_id')
        .where('held.champion_id', '=', championId),
    )
    .orderBy('activity_sessions.starts_at')
    .orderBy('activity_rota_places.position')
    .execute();
}

/** The status of the activity a place of the organisation belongs to. */
export async function findPlaceActivityStatus(db: Executor, scope: Scope, organisationId: string, placeId: string) {
  return db
    .selectFrom('activity_rota_places')
    .innerJoin('activity_sessions', 'activity_sessions.id', 'activity_rota_places.session_id')
    .innerJoin('activities', 'activities.id', 'activity_sessions.activity_id')
    .select('activities.status')
    .where('activity_rota_places.id', '=', placeId)
    .where('activity_rota_places.organisation_id', '=', organisationId)
    .where('activity_rota_places.organisation_id', 'in', scopeIds(scope))
    .executeTakeFirst();
}

/** A place the champion holds, locked until the transaction ends, with its session's start. */
export async function lockHeldPlace(
  db: Executor,
  scope: Scope,
  organisationId: string,
  championId: string,
  placeId: string,
) {
  const place = await db
    .selectFrom('activity_rota_places')
    .select(['id', 'session_id', 'champion_id'])
    .where('id', '=', placeId)
    .where('organisation_id', '=', organisationId)
    .where('organisation_id', 'in', scopeIds(scope))
    .where('champion_id', '=', championId)
    .forUpdate()
    .executeTakeFirst();
  if (!place) {
    return undefined;
  }
  const session = await db
    .selectFrom('activity_sessions')
    .select(['starts_at'])
    .where('id', '=', place.session_id)
    .executeTakeFirstOrThrow();
  return { ...place, startsAt: session.starts_at };
}
