import { sql } from 'kysely';
import type { Executor } from '../../../platform/db/transaction.ts';
import { newId } from '../../../lib/ids.ts';
import type { OidcIdentityRow } from '../accounts.tables.ts';

/** The identity an issuer's subject is linked as, if any. */
export function findIdentity(db: Executor, issuer: string, subject: string): Promise<OidcIdentityRow | undefined> {
  return db
    .selectFrom('oidc_identities')
    .selectAll()
    .where('issuer', '=', issuer)
    .where('subject', '=', subject)
    .executeTakeFirst();
}

/** The identity an account already has at this issuer, if any (an account links one per issuer). */
export function findIdentityOfUser(db: Executor, userId: string, issuer: string): Promise<OidcIdentityRow | undefined> {
  return db
    .selectFrom('oidc_identities')
    .selectAll()
    .where('user_id', '=', userId)
    .where('issuer', '=', issuer)
    .executeTakeFirst();
}

/** Links an issuer's subject to an account and returns the link's id. */
export async function insertIdentity(
  db: Executor,
  identity: { userId: string; issuer: string; subject: string },
): Promise<string> {
  const id = newId();
  await db
    .insertInto('oidc_identities')
    .values({ id, user_id: identity.userId, issuer: identity.issuer, subject: identity.subject })
    .execute();
  return id;
}

/** Notes a sign-in through a linked identity. */
export async function touchIdentity(db: Executor, identityId: string): Promise<void> {
  await db
    .updateTable('oidc_identities')
    .set({ last_signed_in_at: sql<Date>`now()` })
    .where('id', '=', identityId)
    .execute();
}
