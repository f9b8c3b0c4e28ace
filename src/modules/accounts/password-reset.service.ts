import { sql } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.ts';
import { endAllSessions } from '../../platform/auth/session.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { withTransaction } from '../../platform/db/transaction.ts';
import { hitRateLimit } from '../../platform/http/rate-limit.ts';
import { hashToken, newToken } from '../../lib/ids.ts';
import { findUserByEmail, normaliseEmail, updatePassword } from './accounts.repo.ts';
import { hashPassword } from './passwords.ts';

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
  await withTransaction(ctx.db, async (tx) => {
    await tx
      .insertInto('password_reset_tokens')
      .values({ token_hash: hashToken(token), user_id: user.id, expires_at: new Date(Date.now() + RESET_LINK_MINUTES * 60_000) })
      .execute();
    await ctx.notifier.sendEmail(tx, {
      to: user.email,
      subject: 'Reset your Thirdspace password',
      body: [
        `Dear ${user.display_name},`,
        '',
        'Someone asked to reset the password for your Thirdspace account. If it was you, use this link within the next hour:',
        '',
        `${ctx.config.baseUrl}/password-reset/${token}`,
        '',
        'If it was not you, you can ignore this email: your password has not changed.',
      ].join('\n'),
    });
    await recordAudit(tx, { ...ctx.audit, actorUserId: user.id }, { action: 'password.reset-requested', subjectType: 'user', subjectId: user.id });
  });
}

/** The account a reset link belongs to, when the link is live. */
export async function findResetLink(ctx: ServiceContext, token: string): Promise<{ userId: string; email: string } | null> {
  const row = await ctx.db
    .selectFrom('password_reset_tokens')
    .innerJoin('users', 'users.id', 'password_reset_tokens.user_id')
    .select(['users.id', 'users.email'])
    .where('password_reset_tokens.token_hash', '=', hashToken(token))
    .where('password_reset_tokens.used_at', 'is', null)
    .where('password_reset_tokens.expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
  return row ? { userId: row.id, email: row.email } : null;
}

/**
 * Sets a new password through a live link, spends the link, signs the person out everywhere
 * and clears any lockout. Returns false when the link is no longer valid.
 */
export async function resetPassword(ctx: ServiceContext, token: string, newPassword: string): Promise<boolean> {
  const passwordHash = await hashPassword(newPassword);
  return withTransaction(ctx.db, async (tx) => {
    const spent = await tx
      .updateTable('password_reset_tokens')
      .set({ used_at: sql<Date>`now()` })
      .where('token_hash', '=', hashToken(token))
      .where('used_at', 'is', null)
      .where('expires_at', '>', sql<Date>`now()`)
      .returning('user_id')
      .executeTakeFirst();
    if (!spent) {
      return false;
    }
    await updatePassword(tx, spent.user_id, passwordHash);
    await endAllSessions(tx, spent.user_id);
    await recordAudit(tx, { ...ctx.audit, actorUserId: spent.user_id }, { action: 'password.reset', subjectType: 'user', subjectId: spent.user_id });
    return true;
  });
}
