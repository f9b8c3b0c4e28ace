import { sql } from 'kysely';
import { ForbiddenError, NotFoundError } from '../../lib/errors.ts';
import { isUuid } from '../../lib/ids.ts';
import type { Executor } from '../db/transaction.ts';
import { type OrganisationKind, type Permission, reachesBelow, rolesGrant } from './roles.ts';

/** One organisation the person belongs to, with the roles they hold there. */
export interface ActorMembership {
  organisationId: string;
  organisationName: string;
  organisationKind: OrganisationKind;
  roles: string[];
}

/** The signed-in person as every service sees them. */
export interface Actor {
  userId: string;
  sessionId: string;
  email: string;
  displayName: string;
  isSystemAdmin: boolean;
  totpEnabled: boolean;
  memberships: ActorMembership[];
  activeOrganisationId: string | null;
}

/**
 * Every parent-child link between organisations, as a CTE for recursive walks: a practice
 * sits under its network and area, and under each programme that supports it.
 */
export const ORGANISATION_LINKS = sql`links(child, parent) as (
  select id, parent_id from organisations where parent_id is not null
  union all
  select practice_id, programme_id from programme_practices
)`;

/** The organisations a query may touch: every repository function takes one. */
export interface Scope {
  readonly organisationIds: readonly string[];
}

/** Loads the organisations a person belongs to, with their roles, in name order. */
export async function loadMemberships(db: Executor, userId: string): Promise<ActorMembership[]> {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('organisations', 'organisations.id', 'memberships.organisation_id')
    .select(['organisations.id', 'organisations.name', 'organisations.kind', 'memberships.role'])
    .where('memberships.user_id', '=', userId)
    .orderBy('organisations.name')
    .orderBy('memberships.role')
    .execute();
  const byOrganisation = new Map<string, ActorMembership>();
  for (const row of rows) {
    const existing = byOrganisation.get(row.id);
    if (existing) {
      existing.roles.push(row.role);
    } else {
      byOrganisation.set(row.id, { organisationId: row.id, organisationName: row.name, organisationKind: row.kind, roles: [row.role] });
    }
  }
  return [...byOrganisation.values()];
}

/** The roles the person holds in exactly this organisation. */
export function rolesIn(actor: Actor, organisationId: string): string[] {
  return actor.memberships.find((membership) => membership.organisationId === organisationId)?.roles ?? [];
}

/** The organisation and every organisation above it (network, area, supporting programmes). */
async function organisationAndAncestors(db: Executor, organisationId: string): Promise<string[]> {
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

/**
 * Decides whether the person may use `permission` in an organisation. Someone with no
 * standing there at all gets NotFound, so the organisation's existence is not revealed;
 * someone who belongs but lacks the permission gets Forbidden.
 */
export async function authorise(db: Executor, actor: Actor, permission: Permission, organisationId: string): Promise<void> {
  if (!isUuid(organisationId)) {
    throw new NotFoundError();
  }
  const own = rolesIn(actor, organisationId);
  if (rolesGrant(own, permission)) {
    return;
  }
  let inherited: string[] = [];
  if (reachesBelow(permission)) {
    const ancestors = await organisationAndAncestors(db, organisationId);
    inherited = ancestors.filter((id) => id !== organisationId).flatMap((id) => rolesIn(actor, id));
    if (rolesGrant(inherited, permission)) {
      return;
    }
  }
  if (own.length === 0 && inherited.length === 0) {
    throw new NotFoundError();
  }
  throw new ForbiddenError();
}

/**
 * Every organisation where the person may use `permission`: where they hold a granting
 * role and, for permissions that reach below, the organisations beneath those.
 */
export async function scopeFor(db: Executor, actor: Actor, permission: Permission): Promise<Scope> {
  const direct = actor.memberships.filter((membership) => rolesGrant(membership.roles, permission)).map((membership) => membership.organisationId);
  if (!reachesBelow(permission) || direct.length === 0) {
    return { organisationIds: direct };
  }
  const result = await sql<{ id: string }>`
    with recursive ${ORGANISATION_LINKS}, down(id) as (
      select id from organisations where id = any(${direct}::uuid[])
      union
      select links.child from down join links on links.parent = down.id
    )
    select id from down`.execute(db);
  return { organisationIds: result.rows.map((row) => row.id) };
}
