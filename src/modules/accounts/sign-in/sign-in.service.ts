import { recordAudit } from '../../../platform/audit/audit.ts';
import { endSession, startSession } from '../../../platform/auth/session.ts';
import { inTransaction, type ServiceContext } from '../../../platform/context.ts';
import { decryptSecret } from '../../../platform/crypto.ts';
import { TooManyRequestsError, UnauthenticatedError } from '../../../lib/errors.ts';
import { hashToken } from '../../../lib/ids.ts';
import { findUserByEmail, normaliseEmail } from '../contracts/users.repo.ts';
import {
  countRecentFailures,
  findUserById,
  insertSignInAttempt,
  recordFailedSignIn,
  recordSuccessfulSignIn,
  updateTotpLastStep,
} from '../shared/accounts.repo.ts';
import { verifyPassword } from '../shared/passwords.rules.ts';
import { checkTotp } from '../two-factor/totp.rules.ts';

/** A session started by a password: either signed in, or waiting for the second factor. */
export interface SignedIn {
  token: string;
  secondFactorNeeded: boolean;
}

/** Where the attempt came from. */
export interface AttemptSource {
  ip: string;
  userAgent: string | null;
}

/** What a wrong email or password is told, with nothing to say which was wrong. */
export const WRONG_PASSWORD = 'Enter a correct email address and password';
/** What a wrong or replayed second-factor code is told. */
export const WRONG_CODE = 'The code is not correct. Enter the latest code from your authenticator app';

function minutesUntil(ctx: ServiceContext, until: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - ctx.clock.now().getTime()) / 60_000));
}

/**
 * Checks an email and password. Failures are counted per account (lockout) and per address
 * (throttling), all in the database so every app process sees them, and every outcome is
 * audited; a refusal is thrown (401 wrong, 429 locked or throttled) once its rows are committed.
 */
export async function signIn(
  ctx: ServiceContext,
  email: string,
  password: string,
  source: AttemptSource,
): Promise<SignedIn> {
  const { security } = ctx.config;
  const emailHash = hashToken(normaliseEmail(email));
  if ((await countRecentFailures(ctx.db, source.ip, security.loginLockoutMinutes)) >= security.loginIpMaxAttempts) {
    await recordAudit(ctx.db, ctx.audit, {
      action: 'sign-in.throttled',
      details: { reason: 'too many failures from this address' },
    });
    throw new TooManyRequestsError(
      `There have been too many failed attempts from your network. Wait ${security.loginLockoutMinutes} minutes and try again`,
    );
  }
  const user = await findUserByEmail(ctx.db, email);
  const passwordMatches = await verifyPassword(user?.password_hash ?? null, password);
  const lockedUntil = user?.locked_until ?? null;
  if (user && lockedUntil && lockedUntil > ctx.clock.now()) {
    await inTransaction(ctx, async (tx) => {
      await insertSignInAttempt(tx.db, { ip: source.ip, emailHash, succeeded: false });
      // Whoever typed the password is unknown: the account is the subject, never the actor.
      await recordAudit(
        tx.db,
        { ...tx.audit, actorUserId: null },
        { action: 'sign-in.failed', subjectType: 'user', subjectId: user.id, details: { reason: 'locked' } },
      );
    });
    throw new TooManyRequestsError(
      `There have been too many failed attempts. Wait ${minutesUntil(ctx, lockedUntil)} minutes and try again, or reset your password`,
    );
  }
  if (!user || !passwordMatches || user.disabled_at) {
    const locked = await inTransaction(ctx, async (tx) => {
      await insertSignInAttempt(tx.db, { ip: source.ip, emailHash, succeeded: false });
      if (!user) {
        await recordAudit(tx.db, tx.audit, { action: 'sign-in.failed', details: { reason: 'unknown email' } });
        return false;
      }
      const counted = await recordFailedSignIn(tx.db, user.id, security.loginMaxAttempts, security.loginLockoutMinutes);
      await recordAudit(
        tx.db,
        { ...tx.audit, actorUserId: null },
        {
          action: counted.locked ? 'sign-in.locked' : 'sign-in.failed',
          subjectType: 'user',
          subjectId: user.id,
          details: { reason: user.disabled_at ? 'disabled' : 'wrong password' },
        },
      );
      return counted.locked;
    });
    if (locked) {
      throw new TooManyRequestsError(
        `There have been too many failed attempts. Wait ${security.loginLockoutMinutes} minutes and try again, or reset your password`,
      );
    }
    throw new UnauthenticatedError(WRONG_PASSWORD);
  }
  return inTransaction(ctx, async (tx) => {
    await insertSignInAttempt(tx.db, { ip: source.ip, emailHash, succeeded: true });
    const secondFactorNeeded = user.totp_enabled_at !== null;
    const token = await startSession(tx.db, tx.config, {
      userId: user.id,
      secondFactorPending: secondFactorNeeded,
      activeOrganisationId: null,
      ip: source.ip,
      userAgent: source.userAgent,
    });
    if (secondFactorNeeded) {
      await recordAudit(
        tx.db,
        { ...tx.audit, actorUserId: user.id },
        { action: 'sign-in.password-accepted', subjectType: 'user', subjectId: user.id },
      );
      return { token, secondFactorNeeded };
    }
    await recordSuccessfulSignIn(tx.db, user.id);
    await recordAudit(
      tx.db,
      { ...tx.audit, actorUserId: user.id },
      { action: 'sign-in.succeeded', subjectType: 'user', subjectId: user.id },
    );
    return { token, secondFactorNeeded };
  });
}

/**
 * Completes a sign-in waiting for its second factor. On success the pending session is
 * replaced by a new one (a fresh id after a change of privilege) and its token returned. A
 * wrong code is a 401; too many end the pending session with a 429.
 */
export async function completeSecondFactor(
  ctx: ServiceContext,
  pending: { sessionId: string; userId: string },
  code: string,
  source: AttemptSource,
): Promise<string> {
  const user = await findUserById(ctx.db, pending.userId);
  if (!user || !user.totp_secret_enc || user.disabled_at) {
    throw new UnauthenticatedError(WRONG_CODE);
  }
  if (user.locked_until && user.locked_until > ctx.clock.now()) {
    throw new TooManyRequestsError(
      `There have been too many failed attempts. Wait ${minutesUntil(ctx, user.locked_until)} minutes and try again`,
    );
  }
  const secret = decryptSecret(ctx.config.security.encryptionKey, user.totp_secret_enc);
  const step = checkTotp(secret, code, user.totp_last_step);
  const auditSource = { ...ctx.audit, actorUserId: user.id };
  const { security } = ctx.config;
  if (step === null) {
    const locked = await inTransaction(ctx, async (tx) => {
      const counted = await recordFailedSignIn(tx.db, user.id, security.loginMaxAttempts, security.loginLockoutMinutes);
      await recordAudit(tx.db, auditSource, {
        action: counted.locked ? 'sign-in.locked' : 'sign-in.failed',
        subjectType: 'user',
        subjectId: user.id,
        details: { reason: 'wrong second factor code' },
      });
      if (counted.locked) {
        await endSession(tx.db, pending.sessionId);
      }
      return counted.locked;
    });
    if (locked) {
      throw new TooManyRequestsError(
        `There have been too many failed attempts. Wait ${security.loginLockoutMinutes} minutes and try again`,
      );
    }
    throw new UnauthenticatedError(WRONG_CODE);
  }
  return inTransaction(ctx, async (tx) => {
    await updateTotpLastStep(tx.db, user.id, step);
    await endSession(tx.db, pending.sessionId);
    const token = await startSession(tx.db, tx.config, {
      userId: user.id,
      secondFactorPending: false,
      activeOrganisationId: null,
      ip: source.ip,
      userAgent: source.userAgent,
    });
    await recordSuccessfulSignIn(tx.db, user.id);
    await recordAudit(tx.db, auditSource, {
      action: 'sign-in.succeeded',
      subjectType: 'user',
      subjectId: user.id,
      details: { secondFactor: 'totp' },
    });
    return token;
  });
}

/** Ends the session and records the sign-out. */
export async function signOut(ctx: ServiceContext, sessionId: string, userId: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    await endSession(tx.db, sessionId);
    await recordAudit(
      tx.db,
      { ...tx.audit, actorUserId: userId },
      { action: 'sign-out.succeeded', subjectType: 'user', subjectId: userId },
    );
  });
}
