import { sql } from 'kysely';
import type { Scope } from '../../../platform/auth/policy.ts';
import type { InvitationRow } from '../../../platform/db/schema.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { newId } from '../../../lib/ids.ts';

/** People in an organisation with their roles (identifiable: callers audit the read). */
export async function listMembers(db: Executor, scope: Scope, organisationId: string) {
  if (!scope.organisationIds.includes(organisationId)) {
    return [];
  }
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select([
      'users.id as userId',
      'users.display_name as displayName',
      'users.email',
      'users.last_sign_in_at as lastSignInAt',
      'memberships.role',
    ])
    .where('memberships.organisation_id', '=', organisationId)
    .orderBy('users.display_name')
    .orderBy('memberships.role')
    .execute();
  const people = new Map<
    string,
    { userId: string; displayName: string; email: string; lastSignInAt: Date | null; roles: string[] }
  >();
  for (const row of rows) {
    const person = people.get(row.userId) ?? {
      userId: row.userId,
      displayName: row.displayName,
      email: row.email,
      lastSignInAt: row.lastSignInAt,
      roles: [],
    };
    person.roles.push(row.role);
    people.set(row.userId, person);
  }
  return [...people.values()];
}

/** Takes a role away. Returns whether there was one to take. */
export async function deleteMembership(
  db: Executor,
  scope: Scope,
  membership: { userId: string; organisationId: string; role: string },
): Promise<boolean> {
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
  invitation: {
    tokenHash: string;
    email: string;
    organisationId: string;
    role: string;
    invitedBy: string | null;
    expiresAt: Date;
  },
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
export async function revokeInvitation(
  db: Executor,
  scope: Scope,
  organisationId: string,
  invitationId: string,
): Promise<boolean> {
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

/** Whether a person already holds a role in an organisation (an invitation to it would be pointless). */
export async function holdsRole(
  db: Executor,
  scope: Scope,
  organisationId: string,
  userId: string,
  role: string,
): Promise<boolean> {
  if (!scope.organisationIds.includes(organisationId)) {
    return false;
  }
  const held = await db
    .selectFrom('memberships')
    .select('id')
    .where('user_id', '=', userId)
    .where('organisation_id', '=', organisationId)
    .where('role', '=', role)
    .executeTakeFirst();
  return held !== undefined;
}

/** Whether a person holds any role in an organisation. */
export async function isMember(db: Executor, scope: Scope, organisationId: string, userId: string): Promise<boolean> {
  if (!scope.organisationIds.includes(organisationId)) {
    return false;
  }
  const member = await db
    .selectFrom('memberships')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return member !== undefined;
}

/** The role an invitation of this organisation offers, whatever its state. */
export async function findInvitationRole(
  db: Executor,
  scope: Scope,
  organisationId: string,
  invitationId: string,
): Promise<string | undefined> {
  if (!scope.organisationIds.includes(organisationId)) {
    return undefined;
  }
  const invitation = await db
    .selectFrom('invitations')
    .select('role')
    .where('id', '=', invitationId)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  return invitation?.role;
}

/**
 * Locks the organisation's row until the transaction ends, so two managers stepping down at
 * once cannot both see the other still there and leave it with none.
 */
export async function lockOrganisation(db: Executor, scope: Scope, organisationId: string): Promise<void> {
  if (!scope.organisationIds.includes(organisationId)) {
    return;
  }
  await db.selectFrom('organisations').select('id').where('id', '=', organisationId).forUpdate().executeTakeFirst();
}
