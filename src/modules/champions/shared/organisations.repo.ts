import type { Scope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';

// The foundation's organisations and memberships, as the champions pages need them.

/** The organisation's name and kind, when it is in the scope. */
export async function findOrganisationIn(
  db: Executor,
  scope: Scope,
  organisationId: string,
): Promise<{ id: string; name: string; kind: string; ods_code: string | null } | undefined> {
  if (!scope.organisationIds.includes(organisationId)) {
    return undefined;
  }
  return db
    .selectFrom('organisations')
    .select(['id', 'name', 'kind', 'ods_code'])
    .where('id', '=', organisationId)
    .executeTakeFirst();
}

/** The organisation's name (the caller has authorised the organisation), or undefined. */
export async function organisationNameOf(db: Executor, organisationId: string): Promise<string | undefined> {
  const row = await db.selectFrom('organisations').select('name').where('id', '=', organisationId).executeTakeFirst();
  return row?.name;
}

/** The practice or other setting with this ODS code (public: it takes expressions of interest). */
export async function findPracticeByOdsCode(
  db: Executor,
  odsCode: string,
): Promise<{ id: string; name: string; ods_code: string | null } | undefined> {
  return db
    .selectFrom('organisations')
    .select(['id', 'name', 'ods_code'])
    .where('ods_code', '=', odsCode)
    .where('kind', 'in', ['practice', 'setting'])
    .executeTakeFirst();
}

/** The organisation's coordinators and practice managers with a log-in still enabled. */
export async function championStaffOf(
  db: Executor,
  organisationId: string,
): Promise<{ email: string; role: string }[]> {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.email', 'memberships.role'])
    .where('memberships.organisation_id', '=', organisationId)
    .where('memberships.role', 'in', ['coordinator', 'practice_manager'])
    .where('users.disabled_at', 'is', null)
    .execute();
}
