import * as oidc from 'openid-client';
import type { SsoConfig } from '../../../config.ts';
import type { Claims } from './sso.rules.ts';

/** What went wrong talking to the issuer, as the sign-in refuses it. */
export type IssuerProblem =
  /** the issuer could not be reached, timed out or answered with a server error */
  | 'issuer-unavailable'
  /** the person cancelled or the issuer refused (an `error` in the authorisation response) */
  | 'issuer-refused'
  /** the response failed a check: state, issuer, PKCE, nonce, signature, audience, expiry, a spent code */
  | 'invalid-response';

/** An issuer interaction that failed, with the category the sign-in shows. */
export class IssuerError extends Error {
  constructor(
    readonly problem: IssuerProblem,
    readonly detail: string,
  ) {
    super(`${problem}: ${detail}`);
  }
}

/** What the authorisation request carries, kept (sealed) in a cookie until the callback. */
export interface Checks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** The identity an issuer asserted, once every check has passed. */
export interface AssertedIdentity {
  issuer: string;
  subject: string;
  /** The ID token's claims, with the user info endpoint's added when the ID token has no email. */
  claims: Claims;
}

const DISCOVERY_MAX_AGE_MS = 60 * 60_000;

/** Discovered configurations per app's settings, so each app asks the issuer once an hour, not per sign-in. */
const discovered = new WeakMap<SsoConfig, { at: number; configuration: Promise<oidc.Configuration> }>();

/** Sorts a failure from openid-client (or fetch) into what the person is told. */
function classify(error: unknown): IssuerError {
  if (error instanceof IssuerError) {
    return error;
  }
  if (error instanceof oidc.AuthorizationResponseError) {
    return new IssuerError('issuer-refused', error.error);
  }
  if (error instanceof oidc.ResponseBodyError) {
    // A 4xx body (invalid_grant: a spent or expired code) is a bad response; a 5xx is an outage.
    return new IssuerError(error.status >= 500 ? 'issuer-unavailable' : 'invalid-response', error.error);
  }
  if (error instanceof oidc.ClientError) {
    const down = ['OAUTH_TIMEOUT', 'OAUTH_ABORT', 'OAUTH_RESPONSE_IS_NOT_CONFORM', 'OAUTH_RESPONSE_IS_NOT_JSON'];
    return new IssuerError(
      down.includes(error.code ?? '') ? 'issuer-unavailable' : 'invalid-response',
      error.code ?? error.message,
    );
  }
  if (error instanceof TypeError && error.message === 'fetch failed') {
    return new IssuerError('issuer-unavailable', 'fetch failed');
  }
  if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return new IssuerError('issuer-unavailable', error.name);
  }
  return new IssuerError('invalid-response', error instanceof Error ? error.name : 'unknown');
}

/** True for an issuer on this machine, which may use plain HTTP (development and tests only; config enforces it). */
function isLoopback(url: URL): boolean {
  return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

/** The issuer's discovered configuration (cached for an hour; a failure is not cached). */
function configurationFor(sso: SsoConfig): Promise<oidc.Configuration> {
  const cached = discovered.get(sso);
  if (cached && Date.now() - cached.at < DISCOVERY_MAX_AGE_MS) {
    return cached.configuration;
  }
  const issuer = new URL(sso.issuer);
  const auth =
    sso.tokenAuth === 'client_secret_basic'
      ? oidc.ClientSecretBasic(sso.clientSecret)
      : oidc.ClientSecretPost(sso.clientSecret);
  const configuration = oidc.discovery(issuer, sso.clientId, { client_secret: sso.clientSecret }, auth, {
    timeout: sso.timeoutSeconds,
    ...(isLoopback(issuer) && issuer.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : {}),
  });
  discovered.set(sso, { at: Date.now(), configuration });
  configuration.catch(() => {
    if (discovered.get(sso)?.configuration === configuration) {
      discovered.delete(sso);
    }
  });
  return configuration;
}

/**
 * Starts an authorisation code request with PKCE (S256), state and nonce: the address to send
 * the person to and the checks to keep until they come back.
 */
export async function authorisationRequest(sso: SsoConfig): Promise<{ url: string; checks: Checks }> {
  try {
    const configuration = await configurationFor(sso);
    const checks: Checks = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier: oidc.randomPKCECodeVerifier(),
    };
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: sso.redirectUrl,
      scope: sso.scopes,
      response_type: 'code',
      state: checks.state,
      nonce: checks.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(checks.codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, checks };
  } catch (error) {
    throw classify(error);
  }
}

/**
 * Completes the authorisation code grant for the address the issuer sent the person back to:
 * checks state, the `iss` parameter, PKCE, the ID token's signature, audience, expiry and nonce,
 * and returns the identity. Every failure is an IssuerError.
 */
export async function redeemCallback(sso: SsoConfig, callbackUrl: URL, checks: Checks): Promise<AssertedIdentity> {
  try {
    const configuration = await configurationFor(sso);
    const tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
      pkceCodeVerifier: checks.codeVerifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    });
    const idToken = tokens.claims();
    if (!idToken) {
      throw new IssuerError('invalid-response', 'no ID token');
    }
    let claims: Claims = { ...idToken };
    if (claims[sso.emailClaim] === undefined && configuration.serverMetadata().userinfo_endpoint) {
      // Some issuers (CIS2 among them) put the email in user info rather than the ID token.
      const userInfo = await oidc.fetchUserInfo(configuration, tokens.access_token, idToken.sub);
      claims = { ...userInfo, ...idToken };
    }
    return { issuer: configuration.serverMetadata().issuer, subject: idToken.sub, claims };
  } catch (error) {
    throw classify(error);
  }
}

/** The issuer's sign-out address (RP-initiated logout), when it offers one. */
export async function issuerSignOutUrl(
  sso: SsoConfig,
  returnTo: string,
): Promise<{ issuer: string; url: string } | null> {
  try {
    const configuration = await configurationFor(sso);
    if (!configuration.serverMetadata().end_session_endpoint) {
      return null;
    }
    const url = oidc.buildEndSessionUrl(configuration, { client_id: sso.clientId, post_logout_redirect_uri: returnTo });
    return { issuer: configuration.serverMetadata().issuer, url: url.href };
  } catch {
    // Signing out here has already happened; an unreachable issuer must not stop it.
    return null;
  }
}
