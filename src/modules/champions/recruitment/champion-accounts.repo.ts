import { sql } from 'kysely';
import type { Executor } from '../../../platform/db/transaction.ts';
import type { ChampionRow } from '../champions.tables.ts';

// Champion records and the log-ins (users, memberships, invitations) they are linked to.

/**
 * Links champion records with no log-in and this email to the account: where the person holds
 * the champion role in the record's organisation or, with `inOrganisation`, in that one
 * organisation whatever their roles. Never a record at 'left', nor where the account already has one.
 */
export async function linkChampionRecords(
  db: Executor,
  userId: string,
  email: string,
  inOrganisation?: string,
): Promise<void> {
  await db
    .updateTable('champions')
    .set({ user_id: userId, updated_at: sql<Date>`now()` })
    .where('user_id', 'is', null)
    // Someone who has left is never given a log-in again through an old or new invitation.
    .where('stage', '<>', 'left')
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .where((eb) =>
      inOrganisation
        ? eb('champions.organisation_id', '=', inOrganisation)
        : eb.exists(
            eb
              .selectFrom('memberships')
              .select('memberships.id')
              .where('memberships.user_id', '=', userId)
              .where('memberships.role', '=', 'champion')
              .whereRef('memberships.organisation_id', '=', 'champions.organisation_id'),
          ),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('champions as other')
            .select('other.id')
            .where('other.user_id', '=', userId)
            .whereRef('other.organisation_id', '=', 'champions.organisation_id'),
        ),
      ),
    )
    .execute();
}

/** The champion record linked to this log-in in the organisation. */
export async function findChampionOfUser(
  db: Executor,
  userId: string,
  organisationId: string,
): Promise<ChampionRow | undefined> {
  return db
    .selectFrom('champions')
    .selectAll()
    .where('user_id', '=', userId)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
}

/** The email of a log-in. */
export async function emailOfUser(db: Executor, userId: string): Promise<string | undefined> {
  const user = await db.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirst();
  return user?.email;
}

/** True when the log-in holds the champion role in the organisation. */
export async function holdsChampionRole(db: Executor, userId: string, organisationId: string): Promise<boolean> {
  const held = await db
    .selectFrom('memberships')
    .select('id')
    .where('user_id', '=', userId)
    .where('organisation_id', '=', organisationId)
    .where('role', '=', 'champion')
    .executeTakeFirst();
  return held !== undefined;
}

/** The log-in that accepted the champion invitation with this token hash, if it was one. */
export async function acceptedChampionInvitation(
  db: Executor,
  tokenHash: string,
): Promise<{ id: string; email: string } | undefined> {
  return db
    .selectFrom('invitations')
    .innerJoin('users', 'users.id', 'invitations.accepted_by')
    .select(['users.id', 'users.email'])
    .where('invitations.token_hash', '=', tokenHash)
    .where('invitations.role', '=', 'champion')
    .executeTakeFirst();
}

/** True when an open (not accepted, withdrawn or expired) champion invitation to this email exists in the organisation. */
export async function openChampionInvitationExists(
  db: Executor,
  organisationId: string,
  email: string,
): Promise<boolean> {
  const open = await db
    .selectFrom('invitations')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('role', '=', 'champion')
    .where((eb) => eb.fn('lower', ['email']), '=', email.toLowerCase())
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', new Date())
    .executeTakeFirst();
  return open !== undefined;
}

/** The champion's own email and their log-in's email, when they have them. */
export async function emailsOfChampion(
  db: Executor,
  championId: string,
): Promise<{ email: string | null; login_email: string | null } | undefined> {
  return db
    .selectFrom('champions')
    .leftJoin('users', 'users.id', 'champions.user_id')
    .select(['champions.email', 'users.email as login_email'])
    .where('champions.id', '=', championId)
    .executeTakeFirst();
}

/** Withdraws the organisation's open champion invitations to any of these (lower-case) emails; returns how many. */
export async function revokeOpenChampionInvitations(
  db: Executor,
  organisationId: string,
  emails: readonly string[],
): Promise<number> {
  const result = await db
    .updateTable('invitations')
    .set({ revoked_at: new Date() })
    .where('organisation_id', '=', organisationId)
    .where('role', '=', 'champion')
    .where((eb) => eb.fn('lower', ['email']), 'in', [...emails])
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
