import { sql } from 'kysely';
import type { Scope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';

/** How many sessions, not cancelled, an organisation of the scope has on a London date (YYYY-MM-DD). */
export async function countSessionsOn(
  db: Executor,
  scope: Scope,
  organisationId: string,
  localDate: string,
): Promise<number> {
  if (!scope.organisationIds.includes(organisationId)) {
    return 0;
  }
  const row = await db
    .selectFrom('activity_sessions')
    .select(sql<number>`count(*)::int`.as('count'))
    .where('organisation_id', '=', organisationId)
    .where('local_date', '=', localDate)
    .where('status', '<>', 'cancelled')
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

/** The champion's soonest place on a scheduled session still to come, in the scope; null when they hold none. */
export async function findNextRotaPlaceRow(db: Executor, scope: Scope, championId: string) {
  if (scope.organisationIds.length === 0) {
    return null;
  }
  const row = await db
    .selectFrom('activity_rota_places')
    .innerJoin('activity_sessions', 'activity_sessions.id', 'activity_rota_places.session_id')
    .innerJoin('activities', 'activities.id', 'activity_sessions.activity_id')
    .select([
      'activity_sessions.starts_at',
      'activities.name as activity_name',
      'activity_rota_places.role_template_id',
    ])
    .where('activity_rota_places.champion_id', '=', championId)
    .where('activity_rota_places.organisation_id', 'in', [...scope.organisationIds])
    .where('activity_sessions.status', '=', 'scheduled')
    .where('activity_sessions.starts_at', '>', sql<Date>`now()`)
    .orderBy('activity_sessions.starts_at')
    .limit(1)
    .executeTakeFirst();
  return row ?? null;
}
