import type { Scope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';

/** A session a champion gave time to: for the champions module's "log hours for a session". */
export interface ChampionSession {
  id: string;
  activity_name: string;
  starts_at: Date;
  ends_at: Date;
  local_date: string;
}

/**
 * The champion's own sessions (they held a place on its rota or lead its activity) in the scope's
 * organisations that have started, were not cancelled and fell on or after `from`, newest first
 * (at most 100): one session when `sessionId` is given. A read contract for the champions module.
 */
export async function listChampionSessions(
  db: Executor,
  scope: Scope,
  championId: string,
  window: { from: string; now: Date; sessionId?: string },
): Promise<ChampionSession[]> {
  if (scope.organisationIds.length === 0) {
    return [];
  }
  let query = db
    .selectFrom('activity_sessions')
    .innerJoin('activities', 'activities.id', 'activity_sessions.activity_id')
    .select([
      'activity_sessions.id',
      'activities.name as activity_name',
      'activity_sessions.starts_at',
      'activity_sessions.ends_at',
      'activity_sessions.local_date',
    ])
    .where('activity_sessions.organisation_id', 'in', [...scope.organisationIds])
    .where('activity_sessions.status', '<>', 'cancelled')
    .where('activity_sessions.starts_at', '<=', window.now)
    .where('activity_sessions.local_date', '>=', window.from)
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('activity_rota_places')
            .select('activity_rota_places.id')
            .whereRef('activity_rota_places.session_id', '=', 'activity_sessions.id')
            .where('activity_rota_places.champion_id', '=', championId),
        ),
        eb.exists(
          eb
            .selectFrom('activity_leads')
            .select('activity_leads.champion_id')
            .whereRef('activity_leads.activity_id', '=', 'activity_sessions.activity_id')
            .where('activity_leads.champion_id', '=', championId),
        ),
      ]),
    );
  if (window.sessionId) {
    query = query.where('activity_sessions.id', '=', window.sessionId);
  }
  const rows = await query.orderBy('activity_sessions.starts_at', 'desc').limit(100).execute();
  return rows.map((row) => ({ ...row, local_date: String(row.local_date) }));
}
