import type { Scope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { scopeIds } from '../shared/activity-records.repo.ts';

/** Places held on every organisation's sessions still to come, soonest first: for the nightly clearance check. */
export async function listHeldPlacesAhead(db: Executor, now: Date) {
  return db
    .selectFrom('activity_rota_places')
    .innerJoin('activity_sessions', 'activity_sessions.id', 'activity_rota_places.session_id')
    .innerJoin('activities', 'activities.id', 'activity_sessions.activity_id')
    .select([
      'activity_rota_places.id',
      'activity_rota_places.organisation_id',
      'activity_rota_places.role_template_id',
      'activity_rota_places.champion_id',
      'activity_sessions.starts_at',
      'activity_sessions.ends_at',
      'activity_sessions.local_date',
      'activities.name as activity_name',
    ])
    .where('activity_rota_places.champion_id', 'is not', null)
    .where('activity_sessions.status', '=', 'scheduled')
    .where('activity_sessions.starts_at', '>', now)
    .orderBy('activity_sessions.starts_at')
    .execute();
}

/** Frees those of the places the champion still holds on scheduled sessions after `now`; returns the ones freed. */
export async function releasePlacesStillHeld(
  db: Executor,
  scope: Scope,
  placeIds: readonly string[],
  championId: string,
  now: Date,
) {
  return db
    .updateTable('activity_rota_places')
    .set({ champion_id: null, assigned_by: null, assigned_at: null })
    .where('id', 'in', [...placeIds])
    .where('organisation_id', 'in', scopeIds(scope))
    .where('champion_id', '=', championId)
    .where('session_id', 'in', (eb) =>
      eb.selectFrom('activity_sessions').select('id').where('status', '=', 'scheduled').where('starts_at', '>', now),
    )
    .returning('id')
    .execute();
}
