/**
 * SQL for the organisation tree and memberships that authorisation walks (the foundation's
 * tables: who belongs where, and which organisation sits under which).
 */
import { sql } from 'kysely';
import type { Executor } from '../db/transaction.ts';

/**
 * Every parent-child link between organisations, as a CTE for recursive walks: a practice
 * sits under its network and area, and under each programme that supports it.
 */
export const ORGANISATION_LINKS = sql`links(child, parent) as (
  select id, parent_id from organisations where parent_id is not null
  union all
  select practice_id, programme_id from programme_practices
)`;

/** A person's memberships with their organisations, in organisation name then role order. */
export function findMembershipRows(db: Executor, userId: string) {
  return db
    .selectFrom('memberships')
    .innerJoin('organisations', 'organisations.id', 'memberships.organisation_id')
    .select(['organisations.id', 'organisations.name', 'organisations.kind', 'memberships.role'])
    .where('memberships.user_id', '=', userId)
    .orderBy('organisations.name')
    .orderBy('memberships.role')
    .execute();
}

/** The organisation and every organisation above it (network, area, supporting programmes). */
export async function organisationAndAncestors(db: Executor, organisationId: string): Promise<string[]> {
  const result = await sql<{ id: string }>`
    with recursive ${ORGANISATION_LINKS}, up(id) as (
      select id from organisations where id = ${organisationId}
      union
      select links.parent from up join links on links.child = up.id
    )
    select id from up`.execute(db);
  return result.rows.map((row) => row.id);
}

/** An organisation and every organisation below it (a network's practices, an area's networks). */
export async function organisationAndBelow(db: Executor, organisationId: string): Promise<string[]> {
  const result = await sql<{ id: string }>`
    with recursive ${ORGANISATION_LINKS}, down(id) as (
      select ${organisationId}::uuid
      union
      select links.child from down join links on links.parent = down.id
    )
    select id from down`.execute(db);
  return result.rows.map((row) => row.id);
}

/** The organisations and every organisation below any of them. */
export async function organisationsAndBelowAny(db: Executor, organisationIds: readonly string[]): Promise<string[]> {
  const result = await sql<{ id: string }>`
    with recursive ${ORGANISATION_LINKS}, down(id) as (
      select id from organisations where id = any(${organisationIds}::uuid[])
      union
      select links.child from down join links on links.parent = down.id
    )
    select id from down`.execute(db);
  return result.rows.map((row) => row.id);
}
