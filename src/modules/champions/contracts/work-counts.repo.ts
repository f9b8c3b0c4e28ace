import { sql } from 'kysely';
import type { Scope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import type { ChampionStage } from '../champions.tables.ts';

// Counts of a coordinator's waiting work in one organisation, for the start page: numbers
// only, never names. An organisation outside the scope counts nothing.

/** The pipeline stages where an applicant waits for the coordinator to move them on. */
export const WAITING_STAGES: readonly ChampionStage[] = [
  'interested',
  'conversation',
  'role_offered',
  'checks',
  'agreements',
  'induction',
];

/** Applicants at each waiting stage in the organisation (a stage with none is 0). */
export async function countWaitingApplicants(
  db: Executor,
  scope: Scope,
  organisationId: string,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = Object.fromEntries(WAITING_STAGES.map((stage) => [stage, 0]));
  if (!scope.organisationIds.includes(organisationId)) {
    return counts;
  }
  const rows = await db
    .selectFrom('champions')
    .select(['stage', sql<number>`count(*)::int`.as('people')])
    .where('organisation_id', '=', organisationId)
    .where('stage', 'in', [...WAITING_STAGES])
    .groupBy('stage')
    .execute();
  for (const row of rows) {
    counts[row.stage] = Number(row.people);
  }
  return counts;
}

/** Rows of champions' hours in the organisation waiting for verification. */
export async function countHoursWaiting(db: Executor, scope: Scope, organisationId: string): Promise<number> {
  if (!scope.organisationIds.includes(organisationId)) {
    return 0;
  }
  const row = await db
    .selectFrom('champion_hours')
    .select(sql<number>`count(*)::int`.as('count'))
    .where('organisation_id', '=', organisationId)
    .where('status', '=', 'logged')
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

/** Expense claims in the organisation waiting for a decision. */
export async function countClaimsWaiting(db: Executor, scope: Scope, organisationId: string): Promise<number> {
  if (!scope.organisationIds.includes(organisationId)) {
    return 0;
  }
  const row = await db
    .selectFrom('expense_claims')
    .select(sql<number>`count(*)::int`.as('count'))
    .where('organisation_id', '=', organisationId)
    .where('status', '=', 'submitted')
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

/**
 * DBS checks and courses of the organisation's champions (not those who have left) that lapse
 * between two London dates (YYYY-MM-DD, both included).
 */
export async function countLapsingBetween(
  db: Executor,
  scope: Scope,
  organisationId: string,
  from: string,
  until: string,
): Promise<number> {
  if (!scope.organisationIds.includes(organisationId)) {
    return 0;
  }
  const result = await sql<{ count: number }>`
    select count(*)::int as count from (
      select record.id from champion_checks record join champions on champions.id = record.champion_id
      where champions.organisation_id = ${organisationId} and champions.stage <> 'left'
        and record.expires_on between ${from}::date and ${until}::date
      union all
      select record.id from champion_training record join champions on champions.id = record.champion_id
      where champions.organisation_id = ${organisationId} and champions.stage <> 'left'
        and record.expires_on between ${from}::date and ${until}::date
    ) lapsing`.execute(db);
  return Number(result.rows[0]?.count ?? 0);
}
