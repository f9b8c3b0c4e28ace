import type { SsoConfig } from '../../../config.ts';

/** The ID token and user info claims the sign-in rules read. */
export type Claims = Record<string, unknown>;

/** Why an issuer's identity cannot be used to find an account by email. */
export type EmailProblem = 'no-email' | 'email-not-verified' | 'wrong-tenant' | 'email-domain';

/** The email address an identity can be linked by, or why there is none. */
export type EmailOutcome = { ok: true; email: string } | { ok: false; problem: EmailProblem };

/** A plausible single email address: one `@`, no spaces, a dot in the domain. */
const EMAIL_SHAPE = /^[^\s@]{1,200}@[^\s@]{1,200}\.[^\s@]{1,50}$/;

/**
 * The email address an identity vouches for. By default only an `email_verified: true` claim
 * counts (OpenID Connect Core 5.1: an unverified address is just something the person typed).
 * `issuer` trust is for issuers whose directory is managed by an organisation (CIS2, one Entra
 * ID tenant such as NHSmail's), which assert work addresses without `email_verified`; for Entra
 * ID the token must also come from the configured tenant, since any tenant may name any address.
 */
export function verifiedEmail(sso: SsoConfig, claims: Claims): EmailOutcome {
  if (sso.tenantId !== null && claims.tid !== sso.tenantId) {
    return { ok: false, problem: 'wrong-tenant' };
  }
  const raw = claims[sso.emailClaim];
  const email = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
  if (!EMAIL_SHAPE.test(email)) {
    return { ok: false, problem: 'no-email' };
  }
  const verified = claims.email_verified === true || claims.email_verified === 'true';
  if (!verified && sso.emailTrust !== 'issuer') {
    return { ok: false, problem: 'email-not-verified' };
  }
  const domain = email.slice(email.lastIndexOf('@') + 1);
  if (sso.emailDomains.length > 0 && !sso.emailDomains.includes(domain)) {
    return { ok: false, problem: 'email-domain' };
  }
  return { ok: true, email };
}

/**
 * Whether the ID token says the person used more than one factor: an `amr` holding `mfa`
 * (RFC 8176), or an `acr` the configuration names (for CIS2, its assurance levels).
 */
export function assertsMfa(sso: SsoConfig, claims: Claims): boolean {
  const amr = Array.isArray(claims.amr) ? claims.amr : [];
  if (amr.includes('mfa')) {
    return true;
  }
  return typeof claims.acr === 'string' && sso.mfaAcrValues.includes(claims.acr);
}

/**
 * Whether this sign-in still needs the person's TOTP code. The second-factor policy is the
 * password sign-in's: a person who set up TOTP is asked for it, unless the configuration trusts
 * the issuer's own multi-factor authentication and this ID token asserts it.
 */
export function secondFactorNeeded(sso: SsoConfig, claims: Claims, totpEnabled: boolean): boolean {
  if (!totpEnabled) {
    return false;
  }
  return !(sso.mfaSkipsTotp && assertsMfa(sso, claims));
}

/** A display name for an account created at first sign-in (only when the configuration allows it). */
export function displayNameFrom(claims: Claims, email: string): string {
  const name = typeof claims.name === 'string' ? claims.name.trim() : '';
  const parts = [claims.given_name, claims.family_name].filter((part) => typeof part === 'string' && part.trim());
  const chosen = name || parts.join(' ').trim() || email.slice(0, email.indexOf('@'));
  return chosen.slice(0, 200);
}

/** How long a started sign-in may take before its callback is refused (minutes). */
export const SIGN_IN_MINUTES = 10;

/** Whether a sign-in started at `startedAt` (ms) has run out of time at `now` (ms). */
export function signInExpired(startedAt: number, now: number): boolean {
  return !(now >= startedAt - 60_000 && now - startedAt <= SIGN_IN_MINUTES * 60_000);
}
