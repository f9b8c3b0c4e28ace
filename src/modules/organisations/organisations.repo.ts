import { sql } from 'kysely';
import type { Scope } from '../../platform/auth/policy.ts';
import type { InvitationRow, OrganisationRow } from '../../platform/db/schema.ts';
import type { Executor } from '../../platform/db/transaction.ts';
import { newId } from '../../lib/ids.ts';

/** An organisation the scope covers, or undefined. */
export function findOrganisation(db: Executor, scope: Scope, organisationId: string): Promise<OrganisationRow | undefined> {
  if (!scope.organisationIds.includes(organisationId)) {
    return Promise.resolve(undefined);
  }
  return db.selectFrom('organisations').selectAll().where('id', '=', organisationId).executeTakeFirst();
}

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
        eb('id', 'in', eb.selectFrom('programme_practices').select('practice_id').where('programme_id', '=', organisationId)),
      ]),
    )
    .orderBy('name')
    .execute();
  return { parent, children };
}

/** People in an organisation with their roles (identifiable: callers audit the read). */
export async function listMembers(db: Executor, scope: Scope, organisationId: string) {
  if (!scope.organisationIds.includes(organisationId)) {
    return [];
  }
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id as userId', 'users.display_name as displayName', 'users.email', 'users.last_sign_in_at as lastSignInAt', 'memberships.role'])
    .where('memberships.organisation_id', '=', organisationId)
    .orderBy('users.display_name')
    .orderBy('memberships.role')
    .execute();
  const people = new Map<string, { userId: string; displayName: string; email: string; lastSignInAt: Date | null; roles: string[] }>();
  for (const row of rows) {
    const person = people.get(row.userId) ?? { userId: row.userId, displayName: row.displayName, email: row.email, lastSignInAt: row.lastSignInAt, roles: [] };
    person.roles.push(row.role);
    people.set(row.userId, person);
  }
  return [...people.values()];
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

/** The roles one person holds in an organisation. */
export async function rolesOf(db: Executor, scope: Scope, organisationId: string, userId: string): Promise<string[]> {
  if (!scope.organisationIds.includes(organisationId)) {
    return [];
  }
  const rows = await db.selectFrom('memberships').select('role').where('organisation_id', '=', organisationId).where('user_id', '=', userId).execute();
  return rows.map((row) => row.role);
}

/** Gives a person a role in an organisation (no-op if they hold it already). */
export async function insertMembership(db: Executor, scope: Scope, membership: { userId: string; organisationId: string; role: string; grantedBy: string | null }): Promise<boolean> {
  if (!scope.organisationIds.includes(membership.organisationId)) {
    return false;
  }
  const result = await db
    .insertInto('memberships')
    .values({ id: newId(), user_id: membership.userId, organisation_id: membership.organisationId, role: membership.role, granted_by: membership.grantedBy })
    .onConflict((conflict) => conflict.columns(['user_id', 'organisation_id', 'role']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Takes a role away. Returns whether there was one to take. */
export async function deleteMembership(db: Executor, scope: Scope, membership: { userId: string; organisationId: string; role: string }): Promise<boolean> {
  if (!scope.organisationIds.includes(membership.organisationId)) {
    return false;
  }
  const result = await db
    .deleteFrom('memberships')
    .where('organisation_id', '=', membership.organisationId)
    .where('user_id', '=', membership.userId)
    .where('role', '=', membership.role)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** How many people hold a role in an organisation (to stop the last manager removing themselves). */
export async function countHolders(db: Executor, scope: Scope, organisationId: string, role: string): Promise<number> {
  if (!scope.organisationIds.includes(organisationId)) {
    return 0;
  }
  const row = await db
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<number>().as('holders'))
    .where('organisation_id', '=', organisationId)
    .where('role', '=', role)
    .executeTakeFirst();
  return Number(row?.holders ?? 0);
}

/** Invitations not yet accepted, revoked or expired. */
export function listOpenInvitations(db: Executor, scope: Scope, organisationId: string): Promise<InvitationRow[]> {
  if (!scope.organisationIds.includes(organisationId)) {
    return Promise.resolve([]);
  }
  return db
    .selectFrom('invitations')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .orderBy('created_at', 'desc')
    .execute();
}

/** Creates an invitation; any open one for the same person and role is revoked first. */
export async function insertInvitation(
  db: Executor,
  scope: Scope,
  invitation: { tokenHash: string; email: string; organisationId: string; role: string; invitedBy: string | null; expiresAt: Date },
): Promise<string | null> {
  if (!scope.organisationIds.includes(invitation.organisationId)) {
    return null;
  }
  await db
    .updateTable('invitations')
    .set({ revoked_at: sql<Date>`now()` })
    .where('organisation_id', '=', invitation.organisationId)
    .where('email', '=', invitation.email)
    .where('role', '=', invitation.role)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .execute();
  const id = newId();
  await db
    .insertInto('invitations')
    .values({
      id,
      token_hash: invitation.tokenHash,
      email: invitation.email,
      organisation_id: invitation.organisationId,
      role: invitation.role,
      invited_by: invitation.invitedBy,
      expires_at: invitation.expiresAt,
    })
    .execute();
  return id;
}

/** Revokes an open invitation. */
export async function revokeInvitation(db: Executor, scope: Scope, organisationId: string, invitationId: string): Promise<boolean> {
  if (!scope.organisationIds.includes(organisationId)) {
    return false;
  }
  const result = await db
    .updateTable('invitations')
    .set({ revoked_at: sql<Date>`now()` })
    .where('id', '=', invitationId)
    .where('organisation_id', '=', organisationId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
