import { sql } from 'kysely';
import type { Executor } from '../../../platform/db/transaction.ts';

/** Stores a one-time password link (only its hash) for a person, live until `expiresAt`. */
export async function insertResetToken(
  db: Executor,
  link: { tokenHash: string; userId: string; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('password_reset_tokens')
    .values({ token_hash: link.tokenHash, user_id: link.userId, expires_at: link.expiresAt })
    .execute();
}

/** The account a live (unused, unexpired) link belongs to. */
export async function findLiveResetLink(
  db: Executor,
  tokenHash: string,
): Promise<{ userId: string; email: string } | undefined> {
  const row = await db
    .selectFrom('password_reset_tokens')
    .innerJoin('users', 'users.id', 'password_reset_tokens.user_id')
    .select(['users.id', 'users.email'])
    .where('password_reset_tokens.token_hash', '=', tokenHash)
    .where('password_reset_tokens.used_at', 'is', null)
    .where('password_reset_tokens.expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
  return row ? { userId: row.id, email: row.email } : undefined;
}

/** Spends a live link, once: returns whose it was, or undefined when it was spent or expired meanwhile. */
export async function spendResetToken(db: Executor, tokenHash: string): Promise<string | undefined> {
  const spent = await db
    .updateTable('password_reset_tokens')
    .set({ used_at: sql<Date>`now()` })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .returning('user_id')
    .executeTakeFirst();
  return spent?.user_id;
}
