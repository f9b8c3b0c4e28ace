import type { Scope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { scopeIds } from '../shared/activity-records.repo.ts';

/** The dates a sessions list spans: today, the last week, and older sessions still to record. */
export interface SessionsWindow {
  today: string;
  weekAgo: string;
  oldest: string;
}

/** An id no champion has: an empty list then matches nothing. */
const NO_CHAMPION = '00000000-0000-0000-0000-000000000000';

/** Sessions today and in the last week (cancelled ones only today), and older ones not yet recorded. */
function sessionsIn(db: Executor, window: SessionsWindow) {
  return db
    .selectFrom('activity_sessions')
    .innerJoin('activities', 'activities.id', 'activity_sessions.activity_id')
    .innerJoin('organisations', 'organisations.id', 'activity_sessions.organisation_id')
    .select([
      'activity_sessions.id',
      'activities.name as activity_name',
      'organisations.name as organisation_name',
      'activity_sessions.starts_at',
      'activity_sessions.ends_at',
      'activity_sessions.local_date',
      'activity_sessions.venue_name',
      'activities.venue_name as activity_venue',
      'activity_sessions.status',
      'activity_sessions.head_count',
      'activity_sessions.incident_flagged',
    ])
    .where('activity_sessions.local_date', '<=', window.today)
    .where((where) =>
      where.or([
        where.and([
          where('activity_sessions.local_date', '>=', window.weekAgo),
          where('activity_sessions.status', '<>', 'cancelled'),
        ]),
        where('activity_sessions.local_date', '=', window.today),
        where.and([
          where('activity_sessions.local_date', '>=', window.oldest),
          where('activity_sessions.status', '=', 'scheduled'),
        ]),
      ]),
    )
    .orderBy('activity_sessions.starts_at', 'desc')
    .limit(300);
}

/** The window's sessions of the scope's organisations, newest first. */
export async function listOrganisationSessions(db: Executor, scope: Scope, window: SessionsWindow) {
  return sessionsIn(db, window).where('activity_sessions.organisation_id', 'in', scopeIds(scope)).execute();
}

/**
 * The window's sessions connected to some champions, whatever organisation keeps them:
 * activities they lead, or sessions where they hold a rota place. Newest first.
 */
export async function listChampionsSessions(db: Executor, championIds: readonly string[], window: SessionsWindow) {
  const ids = championIds.length > 0 ? [...championIds] : [NO_CHAMPION];
  return sessionsIn(db, window)
    .where((where) =>
      where.or([
        where('activity_sessions.activity_id', 'in', (sub) =>
          sub.selectFrom('activity_leads').select('activity_id').where('champion_id', 'in', ids),
        ),
        where('activity_sessions.id', 'in', (sub) =>
          sub.selectFrom('activity_rota_places').select('session_id').where('champion_id', 'in', ids),
        ),
      ]),
    )
    .execute();
}
