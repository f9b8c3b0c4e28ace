import { sql } from 'kysely';
import type { Scope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';

/** A date range for an export (inclusive; '' for an open end). */
interface DateRange {
  from: string;
  to: string;
}

/** Hours in the scope's organisations worked within a range, by date and champion. */
export async function hoursInRange(db: Executor, scope: Scope, range: DateRange) {
  if (scope.organisationIds.length === 0) {
    return [];
  }
  return db
    .selectFrom('champion_hours')
    .innerJoin('champions', 'champions.id', 'champion_hours.champion_id')
    .select([
      'champion_hours.worked_on',
      'champions.display_name',
      'champion_hours.category',
      'champion_hours.description',
      'champion_hours.minutes',
      'champion_hours.status',
      'champion_hours.verified_at',
    ])
    .where('champion_hours.organisation_id', 'in', [...scope.organisationIds])
    .$if(range.from !== '', (query) => query.where('champion_hours.worked_on', '>=', range.from))
    .$if(range.to !== '', (query) => query.where('champion_hours.worked_on', '<=', range.to))
    .orderBy('champion_hours.worked_on')
    .orderBy('champions.display_name')
    .orderBy('champion_hours.id')
    .execute();
}

/** Expense lines of claims in the scope's organisations sent within a range (London dates), in the order they were sent. */
export async function expenseLinesInRange(db: Executor, scope: Scope, range: DateRange) {
  if (scope.organisationIds.length === 0) {
    return [];
  }
  const sentOn = sql<string>`to_char(expense_claims.submitted_at at time zone 'Europe/London', 'YYYY-MM-DD')`;
  return db
    .selectFrom('expense_items')
    .innerJoin('expense_claims', 'expense_claims.id', 'expense_items.claim_id')
    .innerJoin('champions', 'champions.id', 'expense_claims.champion_id')
    .select([
      'expense_claims.id as claim_id',
      sentOn.as('sent_on'),
      'champions.display_name',
      'expense_items.spent_on',
      'expense_items.kind',
      'expense_items.description',
      'expense_items.vehicle',
      'expense_items.miles',
      'expense_items.amount_pence',
      'expense_claims.status',
    ])
    .where('expense_claims.organisation_id', 'in', [...scope.organisationIds])
    .$if(range.from !== '', (query) => query.where(sentOn, '>=', range.from))
    .$if(range.to !== '', (query) => query.where(sentOn, '<=', range.to))
    .orderBy('expense_claims.submitted_at')
    .orderBy('expense_claims.id')
    .orderBy('expense_items.position')
    .execute();
}
