import { sql } from 'kysely';
import type { UserRow } from '../../../platform/db/schema.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { newId } from '../../../lib/ids.ts';
import { normaliseEmail } from '../contracts/users.repo.ts';

/** The account with this id, if any. Accounts are the person's own: callers check who asks. */
export function findUserById(db: Executor, userId: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
}

/** Creates an account and returns its id. */
export async function insertUser(
  db: Executor,
  user: { email: string; displayName: string; passwordHash: string | null; isSystemAdmin?: boolean },
): Promise<string> {
  const id = newId();
  await db
    .insertInto('users')
    .values({
      id,
      email: normaliseEmail(user.email),
      display_name: user.displayName.trim(),
      password_hash: user.passwordHash,
      is_system_admin: user.isSystemAdmin ?? false,
    })
    .execute();
  return id;
}

/** Sets a new password and clears any lockout. */
export async function updatePassword(db: Executor, userId: string, passwordHash: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ password_hash: passwordHash, failed_sign_ins: 0, locked_until: null, updated_at: sql<Date>`now()` })
    .where('id', '=', userId)
    .execute();
}

/** Counts a failed sign-in; locks the account for `lockMinutes` once `maxAttempts` is reached. */
export async function recordFailedSignIn(
  db: Executor,
  userId: string,
  maxAttempts: number,
  lockMinutes: number,
): Promise<{ locked: boolean }> {
  const row = await db
    .updateTable('users')
    .set({
      failed_sign_ins: sql<number>`failed_sign_ins + 1`,
      locked_until: sql<Date | null>`case when failed_sign_ins + 1 >= ${maxAttempts} then now() + make_interval(mins => ${lockMinutes}) else locked_until end`,
    })
    .where('id', '=', userId)
    .returning(['failed_sign_ins', 'locked_until'])
    .executeTakeFirst();
  return { locked: row?.locked_until !== null && row?.locked_until !== undefined };
}

/** Clears failures after a successful sign-in. */
export async function recordSuccessfulSignIn(db: Executor, userId: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ failed_sign_ins: 0, locked_until: null, last_sign_in_at: sql<Date>`now()` })
    .where('id', '=', userId)
    .execute();
}

/** Notes a sign-in attempt from an address, for throttling. Emails are stored hashed. */
export async function insertSignInAttempt(
  db: Executor,
  attempt: { ip: string; emailHash: string; succeeded: boolean },
): Promise<void> {
  await db
    .insertInto('sign_in_attempts')
    .values({ id: newId(), ip: attempt.ip, email_hash: attempt.emailHash, succeeded: attempt.succeeded })
    .execute();
}

/** Failed attempts from this address in the last `minutes`. */
export async function countRecentFailures(db: Executor, ip: string, minutes: number): Promise<number> {
  const row = await db
    .selectFrom('sign_in_attempts')
    .select((eb) => eb.fn.countAll<number>().as('failures'))
    .where('ip', '=', ip)
    .where('succeeded', '=', false)
    .where('at', '>', sql<Date>`now() - make_interval(mins => ${minutes})`)
    .executeTakeFirst();
  return Number(row?.failures ?? 0);
}

/** Stores (or clears, with nulls) the encrypted TOTP secret and when it was turned on. */
export async function updateTotp(
  db: Executor,
  userId: string,
  secretEnc: string | null,
  enabledAt: Date | null,
  lastStep: number | null = null,
): Promise<void> {
  await db
    .updateTable('users')
    .set({
      totp_secret_enc: secretEnc,
      totp_enabled_at: enabledAt,
      totp_last_step: lastStep,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', userId)
    .execute();
}

/** Remembers the last TOTP step used, so a code cannot be replayed. */
export async function updateTotpLastStep(db: Executor, userId: string, step: number): Promise<void> {
  await db.updateTable('users').set({ totp_last_step: step }).where('id', '=', userId).execute();
}

/** Clears failed sign-ins and any lockout (a new one-time password link was issued). */
export async function clearLockout(db: Executor, userId: string): Promise<void> {
  await db.updateTable('users').set({ failed_sign_ins: 0, locked_until: null }).where('id', '=', userId).execute();
}
