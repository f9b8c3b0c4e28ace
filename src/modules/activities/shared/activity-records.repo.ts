import type { Scope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import type { ActivityRow } from '../activities.tables.ts';

/** An id no organisation has: an empty scope then matches nothing instead of making `in ()` invalid SQL. */
const NO_ORGANISATION = '00000000-0000-0000-0000-000000000000';

/** The organisation ids of a scope, as a list an `in` or `any()` filter accepts even when the scope is empty. */
export function scopeIds(scope: Scope): string[] {
  return scope.organisationIds.length > 0 ? [...scope.organisationIds] : [NO_ORGANISATION];
}

/** An activity by id, with no scope: so the caller can authorise on its organisation before using it. */
export async function findActivity(db: Executor, activityId: string): Promise<ActivityRow | undefined> {
  return db.selectFrom('activities').selectAll().where('id', '=', activityId).executeTakeFirst();
}

/** The organisation that keeps an activity, with no scope: so the caller can scope what follows. */
export async function findActivityOrganisation(db: Executor, activityId: string): Promise<string | null> {
  const row = await db
    .selectFrom('activities')
    .select('organisation_id')
    .where('id', '=', activityId)
    .executeTakeFirst();
  return row?.organisation_id ?? null;
}

/** The practices an activity is hosted at, with no scope: their staff may be allowed to see it. */
export async function hostOrganisationIds(db: Executor, activityId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('activity_hosts')
    .select('organisation_id')
    .where('activity_id', '=', activityId)
    .execute();
  return rows.map((row) => row.organisation_id);
}

/** An activity in scope, locked for the rest of the transaction. */
export async function lockActivity(db: Executor, scope: Scope, activityId: string): Promise<ActivityRow> {
  return db
    .selectFrom('activities')
    .selectAll()
    .where('id', '=', activityId)
    .where('organisation_id', 'in', scopeIds(scope))
    .forUpdate()
    .executeTakeFirstOrThrow();
}

/** An organisation's name, kind, ODS code and parent. */
export async function findOrganisation(db: Executor, scope: Scope, organisationId: string) {
  return db
    .selectFrom('organisations')
    .select(['id', 'name', 'kind', 'ods_code', 'parent_id'])
    .where('id', '=', organisationId)
    .where('id', 'in', scopeIds(scope))
    .executeTakeFirst();
}

/** An organisation's id and name; throws when it is not in scope. */
export async function findOrganisationName(
  db: Executor,
  scope: Scope,
  organisationId: string,
): Promise<{ id: string; name: string }> {
  return db
    .selectFrom('organisations')
    .select(['id', 'name'])
    .where('id', '=', organisationId)
    .where('id', 'in', scopeIds(scope))
    .executeTakeFirstOrThrow();
}
