import { sql } from 'kysely';
import type { Scope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';

/** Name and kind of an organisation's parent and children (what an organisation page lists). */
export async function findRelatives(db: Executor, scope: Scope, organisationId: string) {
  if (!scope.organisationIds.includes(organisationId)) {
    return { parent: undefined, children: [] };
  }
  const parent = await db
    .selectFrom('organisations as child')
    .innerJoin('organisations as parent', 'parent.id', 'child.parent_id')
    .select(['parent.id', 'parent.name', 'parent.kind'])
    .where('child.id', '=', organisationId)
    .executeTakeFirst();
  const children = await db
    .selectFrom('organisations')
    .select(['id', 'name', 'kind', 'subtype', 'ods_code'])
    .where((eb) =>
      eb.or([
        eb('parent_id', '=', organisationId),
        eb(
          'id',
          'in',
          eb.selectFrom('programme_practices').select('practice_id').where('programme_id', '=', organisationId),
        ),
      ]),
    )
    .orderBy('name')
    .execute();
  return { parent, children };
}

/** How many people hold each role across the scope's organisations (aggregates only). */
export async function countMembersByRole(db: Executor, scope: Scope): Promise<{ role: string; people: number }[]> {
  if (scope.organisationIds.length === 0) {
    return [];
  }
  const rows = await db
    .selectFrom('memberships')
    .select(['role', sql<number>`count(distinct user_id)::int`.as('people')])
    .where('organisation_id', 'in', scope.organisationIds)
    .groupBy('role')
    .orderBy('role')
    .execute();
  return rows.map((row) => ({ role: row.role, people: Number(row.people) }));
}
