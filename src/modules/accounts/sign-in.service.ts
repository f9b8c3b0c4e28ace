import { recordAudit } from '../../platform/audit/audit.ts';
import { startSession } from '../../platform/auth/session.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { decryptSecret } from '../../platform/crypto.ts';
import { withTransaction } from '../../platform/db/transaction.ts';
import { hashToken } from '../../lib/ids.ts';
import {
  countRecentFailures,
  findUserByEmail,
  findUserById,
  insertSignInAttempt,
  normaliseEmail,
  recordFailedSignIn,
  recordSuccessfulSignIn,
  updateTotpLastStep,
} from './accounts.repo.ts';
import { verifyPassword } from './passwords.ts';
import { checkTotp } from './totp.ts';

/** What happened when someone tried to sign in. */
export type SignInOutcome =
  | { kind: 'signed-in'; token: string }
  | { kind: 'second-factor-needed'; token: string }
  | { kind: 'invalid' }
  | { kind: 'locked'; minutes: number }
  | { kind: 'throttled' };

/** Where the attempt came from. */
export interface AttemptSource {
  ip: string;
  userAgent: string | null;
}

/**
 * Checks an email and password. Failures are counted per account (lockout) and per address
 * (throttling), all in the database so every app process sees them, and every outcome is audited.
 */
export async function signIn(ctx: ServiceContext, email: string, password: string, source: AttemptSource): Promise<SignInOutcome> {
  const { security } = ctx.config;
  const emailHash = hashToken(normaliseEmail(email));
  if ((await countRecentFailures(ctx.db, source.ip, security.loginLockoutMinutes)) >= security.loginIpMaxAttempts) {
    await recordAudit(ctx.db, ctx.audit, { action: 'sign-in.throttled', details: { reason: 'too many failures from this address' } });
    return { kind: 'throttled' };
  }
  const user = await findUserByEmail(ctx.db, email);
  const passwordMatches = await verifyPassword(user?.password_hash ?? null, password);
  const lockedUntil = user?.locked_until ?? null;
  if (user && lockedUntil && lockedUntil > new Date()) {
    await insertSignInAttempt(ctx.db, { ip: source.ip, emailHash, succeeded: false });
    // Whoever typed the password is unknown: the account is the subject, never the actor.
    await recordAudit(ctx.db, { ...ctx.audit, actorUserId: null }, { action: 'sign-in.failed', subjectType: 'user', subjectId: user.id, details: { reason: 'locked' } });
    return { kind: 'locked', minutes: Math.max(1, Math.ceil((lockedUntil.getTime() - Date.now()) / 60_000)) };
  }
  if (!user || !passwordMatches || user.disabled_at) {
    await insertSignInAttempt(ctx.db, { ip: source.ip, emailHash, succeeded: false });
    if (user) {
      const { locked } = await recordFailedSignIn(ctx.db, user.id, security.loginMaxAttempts, security.loginLockoutMinutes);
      await recordAudit(ctx.db, { ...ctx.audit, actorUserId: null }, {
        action: locked ? 'sign-in.locked' : 'sign-in.failed',
        subjectType: 'user',
        subjectId: user.id,
        details: { reason: user.disabled_at ? 'disabled' : 'wrong password' },
      });
      if (locked) {
        return { kind: 'locked', minutes: security.loginLockoutMinutes };
      }
    } else {
      await recordAudit(ctx.db, ctx.audit, { action: 'sign-in.failed', details: { reason: 'unknown email' } });
    }
    return { kind: 'invalid' };
  }
  return withTransaction(ctx.db, async (tx) => {
    await insertSignInAttempt(tx, { ip: source.ip, emailHash, succeeded: true });
    const needsSecondFactor = user.totp_enabled_at !== null;
    const token = await startSession(tx, ctx.config, {
      userId: user.id,
      secondFactorPending: needsSecondFactor,
      activeOrganisationId: null,
      ip: source.ip,
      userAgent: source.userAgent,
    });
    if (needsSecondFactor) {
      await recordAudit(tx, { ...ctx.audit, actorUserId: user.id }, { action: 'sign-in.password-accepted', subjectType: 'user', subjectId: user.id });
      return { kind: 'second-factor-needed', token } as const;
    }
    await recordSuccessfulSignIn(tx, user.id);
    await recordAudit(tx, { ...ctx.audit, actorUserId: user.id }, { action: 'sign-in.succeeded', subjectType: 'user', subjectId: user.id });
    return { kind: 'signed-in', token } as const;
  });
}

/**
 * Completes a sign-in waiting for its second factor. On success the pending session is
 * replaced by a new one (a fresh id after a change of privilege).
 */
export async function completeSecondFactor(
  ctx: ServiceContext,
  pending: { sessionId: string; userId: string },
  code: string,
  source: AttemptSource,
): Promise<SignInOutcome> {
  const user = await findUserById(ctx.db, pending.userId);
  if (!user || !user.totp_secret_enc || user.disabled_at) {
    return { kind: 'invalid' };
  }
  if (user.locked_until && user.locked_until > new Date()) {
    return { kind: 'locked', minutes: Math.max(1, Math.ceil((user.locked_until.getTime() - Date.now()) / 60_000)) };
  }
  const secret = decryptSecret(ctx.config.security.encryptionKey, user.totp_secret_enc);
  const step = checkTotp(secret, code, user.totp_last_step);
  const auditSource = { ...ctx.audit, actorUserId: user.id };
  if (step === null) {
    const { locked } = await recordFailedSignIn(ctx.db, user.id, ctx.config.security.loginMaxAttempts, ctx.config.security.loginLockoutMinutes);
    await recordAudit(ctx.db, auditSource, { action: locked ? 'sign-in.locked' : 'sign-in.failed', subjectType: 'user', subjectId: user.id, details: { reason: 'wrong second factor code' } });
    if (locked) {
      await ctx.db.deleteFrom('sessions').where('id', '=', pending.sessionId).execute();
      return { kind: 'locked', minutes: ctx.config.security.loginLockoutMinutes };
    }
    return { kind: 'invalid' };
  }
  return withTransaction(ctx.db, async (tx) => {
    await updateTotpLastStep(tx, user.id, step);
    await tx.deleteFrom('sessions').where('id', '=', pending.sessionId).execute();
    const token = await startSession(tx, ctx.config, { userId: user.id, secondFactorPending: false, activeOrganisationId: null, ip: source.ip, userAgent: source.userAgent });
    await recordSuccessfulSignIn(tx, user.id);
    await recordAudit(tx, auditSource, { action: 'sign-in.succeeded', subjectType: 'user', subjectId: user.id, details: { secondFactor: 'totp' } });
    return { kind: 'signed-in', token } as const;
  });
}

/** Ends the session and records the sign-out. */
export async function signOut(ctx: ServiceContext, sessionId: string, userId: string): Promise<void> {
  await withTransaction(ctx.db, async (tx) => {
    await tx.deleteFrom('sessions').where('id', '=', sessionId).execute();
    await recordAudit(tx, { ...ctx.audit, actorUserId: userId }, { action: 'sign-out.succeeded', subjectType: 'user', subjectId: userId });
  });
}
