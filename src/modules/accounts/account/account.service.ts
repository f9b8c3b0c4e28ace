import { recordAudit } from '../../../platform/audit/audit.ts';
import { endOtherSessions } from '../../../platform/auth/session.ts';
import { inTransaction, type ServiceContext } from '../../../platform/context.ts';
import { withTransaction } from '../../../platform/db/transaction.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../../lib/errors.ts';
import { findUserByEmail } from '../contracts/users.repo.ts';
import { findUserById, insertUser, updatePassword } from '../shared/accounts.repo.ts';
import { hashPassword, passwordProblem, verifyPassword } from '../shared/passwords.rules.ts';

/** Changes the password of the signed-in person; a wrong current password or a weak new one is a ValidationError. */
export async function changePassword(
  ctx: ServiceContext,
  userId: string,
  currentPassword: string,
  newPassword: string,
): Promise<void> {
  const user = await findUserById(ctx.db, userId);
  if (!user) {
    throw new NotFoundError();
  }
  if (!(await verifyPassword(user.password_hash, currentPassword))) {
    throw new ValidationError({ currentPassword: 'Your current password is not correct' });
  }
  const problem = passwordProblem(newPassword, user.email);
  if (problem) {
    throw new ValidationError({ password: problem });
  }
  const passwordHash = await hashPassword(newPassword);
  await inTransaction(ctx, async (tx) => {
    await updatePassword(tx.db, userId, passwordHash);
    // Other devices are signed out; this one stays.
    await endOtherSessions(tx.db, userId, tx.actor?.sessionId ?? '');
    await recordAudit(tx.db, tx.audit, { action: 'password.changed', subjectType: 'user', subjectId: userId });
  });
}

/**
 * Creates an account (used by invitations, the CLI and the demo). With a null password the
 * person cannot sign in until they choose one through a one-time link. Callers without a
 * whole service context (the CLI, the demo seed) pass the database and audit source only.
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
    const userId = await insertUser(tx, {
      email: account.email,
      displayName: account.displayName,
      passwordHash,
      isSystemAdmin: account.isSystemAdmin,
    });
    await recordAudit(tx, ctx.audit, {
      action: 'account.created',
      subjectType: 'user',
      subjectId: userId,
      details: { systemAdmin: account.isSystemAdmin ?? false },
    });
    return userId;
  });
}
