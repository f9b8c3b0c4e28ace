import type { SsoConfig } from '../../../config.ts';
import { recordAudit } from '../../../platform/audit/audit.ts';
import { startSession } from '../../../platform/auth/session.ts';
import { inTransaction, type ServiceContext } from '../../../platform/context.ts';
import { decryptSecret, encryptSecret } from '../../../platform/crypto.ts';
import type { UserRow } from '../../../platform/db/schema.ts';
import { findUserByEmail } from '../contracts/users.repo.ts';
import { findUserById, insertUser, recordSuccessfulSignIn } from '../shared/accounts.repo.ts';
import type { AttemptSource } from '../sign-in/sign-in.service.ts';
import {
  type AssertedIdentity,
  type Checks,
  IssuerError,
  type IssuerProblem,
  redeemCallback,
} from './issuer.service.ts';
import { authorisationRequest, issuerSignOutUrl } from './issuer.service.ts';
import { findIdentity, findIdentityOfUser, insertIdentity, touchIdentity } from './sso.repo.ts';
import { displayNameFrom, type EmailProblem, secondFactorNeeded, signInExpired, verifiedEmail } from './sso.rules.ts';

/** Why a single sign-on was refused: each has its own page (sso.presenter.ts). */
export type SsoProblem =
  | 'not-configured'
  /** no sign-in in progress in this browser, or it took too long, or its cookie was altered */
  | 'no-sign-in'
  | IssuerProblem
  | EmailProblem
  /** a verified email that no account has */
  | 'unknown-email'
  | 'disabled'
  /** the account is already linked to a different identity at this issuer */
  | 'linked-elsewhere';

/** The outcome of a callback: a session (perhaps waiting for TOTP), or a refusal already audited. */
export type SsoOutcome =
  | { ok: true; token: string; secondFactorNeeded: boolean; returnTo: string }
  | { ok: false; problem: SsoProblem };

/** What is kept, sealed, in a cookie between sending the person to the issuer and their return. */
interface PendingSignIn extends Checks {
  returnTo: string;
  startedAt: number;
}

/** Records a refused sign-in; the account is the subject when known, never the actor. */
async function refuse(
  ctx: ServiceContext,
  problem: SsoProblem,
  details: { issuer?: string; userId?: string } = {},
): Promise<{ ok: false; problem: SsoProblem }> {
  await recordAudit(
    ctx.db,
    { ...ctx.audit, actorUserId: null },
    {
      action: 'sso.refused',
      ...(details.userId ? { subjectType: 'user', subjectId: details.userId } : {}),
      details: { reason: problem, ...(details.issuer ? { issuer: details.issuer } : {}) },
    },
  );
  return { ok: false, problem };
}

/**
 * Starts a single sign-on: the issuer's address to send the person to, and the sealed checks
 * (state, nonce, PKCE verifier) for the cookie that binds the callback to this browser.
 */
export async function startSsoSignIn(
  ctx: ServiceContext,
  returnTo: string,
): Promise<{ ok: true; url: string; sealed: string } | { ok: false; problem: SsoProblem }> {
  const sso = ctx.config.sso;
  if (!sso) {
    return { ok: false, problem: 'not-configured' };
  }
  try {
    const request = await authorisationRequest(sso);
    const pending: PendingSignIn = { ...request.checks, returnTo, startedAt: ctx.clock.now().getTime() };
    return {
      ok: true,
      url: request.url,
      sealed: encryptSecret(ctx.config.security.encryptionKey, JSON.stringify(pending)),
    };
  } catch (error) {
    if (error instanceof IssuerError) {
      ctx.log.warn({ problem: error.problem, detail: error.detail }, 'single sign-on could not start');
      return refuse(ctx, error.problem, { issuer: sso.issuer });
    }
    throw error;
  }
}

/** The pending sign-in in the cookie, or null when there is none, it was altered or it is too old. */
function unseal(ctx: ServiceContext, sealed: string | undefined): PendingSignIn | null {
  if (!sealed) {
    return null;
  }
  try {
    const pending = JSON.parse(decryptSecret(ctx.config.security.encryptionKey, sealed)) as PendingSignIn;
    return signInExpired(pending.startedAt, ctx.clock.now().getTime()) ? null : pending;
  } catch {
    return null;
  }
}

/** The account an identity belongs to: by its link, else by verified email (linking it), else a refusal. */
async function accountFor(
  ctx: ServiceContext,
  sso: SsoConfig,
  identity: AssertedIdentity,
): Promise<{ user: UserRow; identityId: string | null } | SsoProblem> {
  const linked = await findIdentity(ctx.db, identity.issuer, identity.subject);
  if (linked) {
    const user = await findUserById(ctx.db, linked.user_id);
    return user ? { user, identityId: linked.id } : 'unknown-email';
  }
  const email = verifiedEmail(sso, identity.claims);
  if (!email.ok) {
    return email.problem;
  }
  const user = await findUserByEmail(ctx.db, email.email);
  if (user) {
    return { user, identityId: null };
  }
  if (!sso.createAccounts) {
    return 'unknown-email';
  }
  // Only with OIDC_CREATE_ACCOUNTS: an account with no roles, and no password to guess.
  const userId = await insertUser(ctx.db, {
    email: email.email,
    displayName: displayNameFrom(identity.claims, email.email),
    passwordHash: null,
  });
  await recordAudit(
    ctx.db,
    { ...ctx.audit, actorUserId: null },
    { action: 'sso.account-created', subjectType: 'user', subjectId: userId, details: { issuer: identity.issuer } },
  );
  const created = await findUserById(ctx.db, userId);
  return created ? { user: created, identityId: null } : 'unknown-email';
}

/**
 * Completes a single sign-on from the issuer's callback. The identity must pass every check of
 * the authorisation code flow; it then finds its account by its link (issuer and subject) or,
 * the first time, by verified email, linking it. The session starts as a password sign-in's
 * does, waiting for the TOTP code when the person has one (unless the issuer's asserted MFA is
 * trusted). Every outcome is audited; refusals come back as a problem, never a thrown error.
 */
export async function completeSsoSignIn(
  ctx: ServiceContext,
  callback: { url: URL; sealed: string | undefined; source: AttemptSource },
): Promise<SsoOutcome> {
  const sso = ctx.config.sso;
  if (!sso) {
    return { ok: false, problem: 'not-configured' };
  }
  const pending = unseal(ctx, callback.sealed);
  if (!pending) {
    return refuse(ctx, 'no-sign-in', { issuer: sso.issuer });
  }
  let identity: AssertedIdentity;
  try {
    identity = await redeemCallback(sso, callback.url, pending);
  } catch (error) {
    if (error instanceof IssuerError) {
      ctx.log.warn({ problem: error.problem, detail: error.detail }, 'single sign-on response refused');
      return refuse(ctx, error.problem, { issuer: sso.issuer });
    }
    throw error;
  }
  return inTransaction(ctx, async (tx) => {
    const found = await accountFor(tx, sso, identity);
    if (typeof found === 'string') {
      return refuse(tx, found, { issuer: identity.issuer });
    }
    const { user } = found;
    if (user.disabled_at) {
      return refuse(tx, 'disabled', { issuer: identity.issuer, userId: user.id });
    }
    const actor = { ...tx.audit, actorUserId: user.id };
    let identityId = found.identityId;
    if (!identityId) {
      if (await findIdentityOfUser(tx.db, user.id, identity.issuer)) {
        return refuse(tx, 'linked-elsewhere', { issuer: identity.issuer, userId: user.id });
      }
      identityId = await insertIdentity(tx.db, { userId: user.id, issuer: identity.issuer, subject: identity.subject });
      await recordAudit(tx.db, actor, {
        action: 'sso.linked',
        subjectType: 'user',
        subjectId: user.id,
        details: { issuer: identity.issuer },
      });
    }
    await touchIdentity(tx.db, identityId);
    const needsTotp = secondFactorNeeded(sso, identity.claims, user.totp_enabled_at !== null);
    const token = await startSession(tx.db, tx.config, {
      userId: user.id,
      secondFactorPending: needsTotp,
      activeOrganisationId: null,
      ip: callback.source.ip,
      userAgent: callback.source.userAgent,
    });
    if (needsTotp) {
      await recordAudit(tx.db, actor, {
        action: 'sso.identity-accepted',
        subjectType: 'user',
        subjectId: user.id,
        details: { issuer: identity.issuer },
      });
    } else {
      await recordSuccessfulSignIn(tx.db, user.id);
      await recordAudit(tx.db, actor, {
        action: 'sign-in.succeeded',
        subjectType: 'user',
        subjectId: user.id,
        details: {
          method: 'sso',
          issuer: identity.issuer,
          ...(user.totp_enabled_at ? { secondFactor: 'issuer-mfa' } : {}),
        },
      });
    }
    return { ok: true, token, secondFactorNeeded: needsTotp, returnTo: pending.returnTo };
  });
}

/**
 * Where to send a person who has just signed out, when the settings ask for RP-initiated logout
 * and they have an identity linked at the issuer: its sign-out address, or null to stay here.
 */
export async function signOutAtIssuer(ctx: ServiceContext, userId: string): Promise<string | null> {
  const sso = ctx.config.sso;
  if (!sso?.signOutAtIssuer) {
    return null;
  }
  const issuer = await issuerSignOutUrl(sso, `${ctx.config.baseUrl}/sign-in?notice=signed-out`);
  if (!issuer || !(await findIdentityOfUser(ctx.db, userId, issuer.issuer))) {
    return null;
  }
  return issuer.url;
}
