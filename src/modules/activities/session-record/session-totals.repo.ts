import type { Scope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { scopeIds } from '../shared/activity-records.repo.ts';

/** What a session record counts: its status and the figures the record screen collects. */
export const SESSION_COUNT_COLUMNS = [
  'activity_sessions.status',
  'activity_sessions.head_count',
  'activity_sessions.new_attendees',
  'activity_sessions.referred_self',
  'activity_sessions.referred_reception',
  'activity_sessions.referred_gp',
  'activity_sessions.referred_link_worker',
  'activity_sessions.people_supported',
  'activity_sessions.incident_flagged',
] as const;

/**
 * The sessions of the scope's organisations (or of one activity) on London dates in the period,
 * cancelled ones aside, with their activity's and organisation's names and their counts.
 */
export async function countedSessions(
  db: Executor,
  scope: Scope,
  period: { from: string; to: string },
  activityId?: string,
) {
  return db
    .selectFrom('activity_sessions')
    .innerJoin('activities', 'activities.id', 'activity_sessions.activity_id')
    .innerJoin('organisations', 'organisations.id', 'activity_sessions.organisation_id')
    .select([
      'activity_sessions.id',
      'activity_sessions.activity_id',
      'activities.name',
      'organisations.name as organisation_name',
      ...SESSION_COUNT_COLUMNS,
    ])
    .where('activity_sessions.organisation_id', 'in', scopeIds(scope))
    .where('activity_sessions.local_date', '>=', period.from)
    .where('activity_sessions.local_date', '<=', period.to)
    .where('activity_sessions.status', '<>', 'cancelled')
    .$if(activityId !== undefined, (query) => query.where('activity_sessions.activity_id', '=', activityId ?? ''))
    .execute();
}
