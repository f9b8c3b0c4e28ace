import { sql } from 'kysely';
import type { UserRow } from '../../../platform/db/schema.ts';
import type { Executor } from '../../../platform/db/transaction.ts';

/** Emails are compared without case; stored as typed, trimmed. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The account with this email, if any. */
export function findUserByEmail(db: Executor, email: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where(sql<string>`lower(email)`, '=', normaliseEmail(email))
    .executeTakeFirst();
}
