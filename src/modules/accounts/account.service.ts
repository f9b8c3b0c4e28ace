import { recordAudit } from '../../platform/audit/audit.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { withTransaction } from '../../platform/db/transaction.ts';
import { ConflictError, type FieldErrors, NotFoundError } from '../../lib/errors.ts';
import { findUserByEmail, findUserById, insertUser, updatePassword } from './accounts.repo.ts';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';

/** Changes the password of the signed-in person; returns field errors when refused. */
export async function changePassword(ctx: ServiceContext, userId: string, currentPassword: string, newPassword: string): Promise<FieldErrors | null> {
  const user = await findUserById(ctx.db, userId);
  if (!user) {
    throw new NotFoundError();
  }
  if (!(await verifyPassword(user.password_hash, currentPassword))) {
    return { currentPassword: 'Your current password is not correct' };
  }
  const problem = passwordProblem(newPassword, user.email);
  if (problem) {
    return { password: problem };
  }
  const passwordHash = await hashPassword(newPassword);
  await withTransaction(ctx.db, async (tx) => {
    await updatePassword(tx, userId, passwordHash);
    // Other devices are signed out; this one stays.
    await tx.deleteFrom('sessions').where('user_id', '=', userId).where('id', '<>', ctx.actor?.sessionId ?? '').execute();
    await recordAudit(tx, ctx.audit, { action: 'password.changed', subjectType: 'user', subjectId: userId });
  });
  return null;
}

/**
 * Creates an account (used by invitations, the CLI and the demo). With a null password the
 * person cannot sign in until they choose one through a one-time link.
 */
export async function createAccount(
  ctx: Pick<ServiceContext, 'db' | 'audit'>,
  account: { email: string; displayName: string; password: string | null; isSystemAdmin?: boolean },
): Promise<string> {
  if (await findUserByEmail(ctx.db, account.email)) {
    throw new ConflictError('An account with this email address already exists');
  }
  const passwordHash = account.password === null ? null : await hashPassword(account.password);
  return withTransaction(ctx.db, async (tx) => {
    const userId = await insertUser(tx, { email: account.email, displayName: account.displayName, passwordHash, isSystemAdmin: account.isSystemAdmin });
    await recordAudit(tx, ctx.audit, { action: 'account.created', subjectType: 'user', subjectId: userId, details: { systemAdmin: account.isSystemAdmin ?? false } });
    return userId;
  });
}
