import { type AuditAction, type AuditSource, recordAudit } from '../../../platform/audit/audit.ts';
import { endAllSessions } from '../../../platform/auth/session.ts';
import { inTransaction, type ServiceContext } from '../../../platform/context.ts';
import { type Executor, withTransaction } from '../../../platform/db/transaction.ts';
import { hitRateLimit } from '../../../platform/http/rate-limit.repo.ts';
import { type Clock, systemClock } from '../../../lib/dates.ts';
import { ValidationError } from '../../../lib/errors.ts';
import { hashToken, newToken } from '../../../lib/ids.ts';
import { findUserByEmail, normaliseEmail } from '../contracts/users.repo.ts';
import { clearLockout, updatePassword } from '../shared/accounts.repo.ts';
import { hashPassword, passwordProblem } from '../shared/passwords.rules.ts';
import { findLiveResetLink, insertResetToken, spendResetToken } from './password-reset.repo.ts';

/** A reset link works once, for an hour. */
const RESET_LINK_MINUTES = 60;

/**
 * Sends a one-time reset link if an account has this email. The caller always says the same
 * thing, so the page does not reveal who has an account; requests per email are limited.
 */
export async function requestPasswordReset(ctx: ServiceContext, email: string): Promise<void> {
  if (await hitRateLimit(ctx.db, `password-reset:${hashToken(normaliseEmail(email))}`, 3, 3600)) {
    return;
  }
  const user = await findUserByEmail(ctx.db, email);
  if (!user || user.disabled_at) {
    return;
  }
  const token = newToken();
  await inTransaction(ctx, async (tx) => {
    await insertResetToken(tx.db, {
      tokenHash: hashToken(token),
      userId: user.id,
      expiresAt: new Date(tx.clock.now().getTime() + RESET_LINK_MINUTES * 60_000),
    });
    await tx.notifier.sendEmail(tx.db, {
      to: user.email,
      subject: 'Reset your Thirdspace password',
      body: [
        `Dear ${user.display_name},`,
        '',
        'Someone asked to reset the password for your Thirdspace account. If it was you, use this link within the next hour:',
        '',
        `${tx.config.baseUrl}/password-reset/${token}`,
        '',
        'If it was not you, you can ignore this email: your password has not changed.',
      ].join('\n'),
      oneTimeLink: `${tx.config.baseUrl}/password-reset/${token}`,
    });
    await recordAudit(
      tx.db,
      { ...tx.audit, actorUserId: user.id },
      { action: 'password.reset-requested', subjectType: 'user', subjectId: user.id },
    );
  });
}

/** The account a reset link belongs to, when the link is live. */
export async function findResetLink(
  ctx: ServiceContext,
  token: string,
): Promise<{ userId: string; email: string } | null> {
  return (await findLiveResetLink(ctx.db, hashToken(token))) ?? null;
}

/**
 * Sets a new password through a live link, spends the link, signs the person out everywhere
 * and clears any lockout. A weak password is a ValidationError; returns false when the link
 * is no longer valid.
 */
export async function resetPassword(
  ctx: ServiceContext,
  link: { email: string },
  token: string,
  newPassword: string,
): Promise<boolean> {
  const problem = passwordProblem(newPassword, link.email);
  if (problem) {
    throw new ValidationError({ password: problem });
  }
  const passwordHash = await hashPassword(newPassword);
  return inTransaction(ctx, async (tx) => {
    const userId = await spendResetToken(tx.db, hashToken(token));
    if (!userId) {
      return false;
    }
    await updatePassword(tx.db, userId, passwordHash);
    await endAllSessions(tx.db, userId);
    await recordAudit(
      tx.db,
      { ...tx.audit, actorUserId: userId },
      { action: 'password.reset', subjectType: 'user', subjectId: userId },
    );
    return true;
  });
}

/**
 * Issues a one-time link to choose a password (the CLI's create-admin and reset-password):
 * clears any lockout and ends the person's sessions. Returns the token for the link.
 */
export async function issuePasswordLink(
  db: Executor,
  audit: AuditSource,
  userId: string,
  hours: number,
  action: AuditAction,
  clock: Clock = systemClock,
): Promise<string> {
  const token = newToken();
  await withTransaction(db, async (tx) => {
    await insertResetToken(tx, {
      tokenHash: hashToken(token),
      userId,
      expiresAt: new Date(clock.now().getTime() + hours * 3_600_000),
    });
    await clearLockout(tx, userId);
    await endAllSessions(tx, userId);
    await recordAudit(tx, audit, { action, subjectType: 'user', subjectId: userId });
  });
  return token;
}
