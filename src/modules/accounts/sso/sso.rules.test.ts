import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadConfig, type SsoConfig } from '../../../config.ts';
import { assertsMfa, displayNameFrom, secondFactorNeeded, signInExpired, verifiedEmail } from './sso.rules.ts';

/** Single sign-on settings as the environment would give them. */
function ssoWith(extra: Record<string, string> = {}): SsoConfig {
  const config = loadConfig({
    OIDC_ISSUER: 'https://issuer.example.test',
    OIDC_CLIENT_ID: 'thirdspace',
    OIDC_CLIENT_SECRET: 'a-client-secret',
    ...extra,
  });
  assert.ok(config.sso);
  return config.sso;
}

describe('which email an identity vouches for', () => {
  test('a verified email is used, trimmed and in lower case', () => {
    assert.deepEqual(verifiedEmail(ssoWith(), { email: ' Ada.Lovelace@NHS.net ', email_verified: true }), {
      ok: true,
      email: 'ada.lovelace@nhs.net',
    });
  });

  test('by default an email without email_verified true is refused, and no email at all is too', () => {
    const sso = ssoWith();
    assert.deepEqual(verifiedEmail(sso, { email: 'ada@nhs.net' }), { ok: false, problem: 'email-not-verified' });
    assert.deepEqual(verifiedEmail(sso, { email: 'ada@nhs.net', email_verified: false }), {
      ok: false,
      problem: 'email-not-verified',
    });
    assert.deepEqual(verifiedEmail(sso, { email_verified: true }), { ok: false, problem: 'no-email' });
    assert.deepEqual(verifiedEmail(sso, { email: 'not an address', email_verified: true }), {
      ok: false,
      problem: 'no-email',
    });
  });

  test('issuer trust with a tenant takes the configured claim, only from that tenant', () => {
    const sso = ssoWith({
      OIDC_ISSUER: 'https://login.microsoftonline.com/tenant-a/v2.0',
      OIDC_EMAIL_TRUST: 'issuer',
      OIDC_EMAIL_CLAIM: 'preferred_username',
      OIDC_TENANT_ID: 'tenant-a',
    });
    assert.deepEqual(verifiedEmail(sso, { preferred_username: 'ada@nhs.net', tid: 'tenant-a' }), {
      ok: true,
      email: 'ada@nhs.net',
    });
    assert.deepEqual(verifiedEmail(sso, { preferred_username: 'ada@nhs.net', tid: 'tenant-b' }), {
      ok: false,
      problem: 'wrong-tenant',
    });
  });

  test('allowed domains limit which addresses count', () => {
    const sso = ssoWith({ OIDC_EMAIL_DOMAINS: 'nhs.net, @Example.NHS.uk' });
    assert.equal(verifiedEmail(sso, { email: 'ada@example.nhs.uk', email_verified: true }).ok, true);
    assert.deepEqual(verifiedEmail(sso, { email: 'ada@gmail.com', email_verified: true }), {
      ok: false,
      problem: 'email-domain',
    });
  });
});

describe('the second factor after single sign-on', () => {
  test('a person with TOTP is asked for it unless the issuer’s MFA is trusted and asserted', () => {
    const strict = ssoWith();
    const trusting = ssoWith({ OIDC_MFA_SKIPS_TOTP: 'true', OIDC_MFA_ACR: 'AAL3_ANY' });
    assert.equal(secondFactorNeeded(strict, { amr: ['mfa'] }, true), true);
    assert.equal(secondFactorNeeded(trusting, { amr: ['pwd'] }, true), true);
    assert.equal(secondFactorNeeded(trusting, { amr: ['pwd', 'mfa'] }, true), false);
    assert.equal(secondFactorNeeded(trusting, { acr: 'AAL3_ANY' }, true), false);
    assert.equal(secondFactorNeeded(strict, {}, false), false);
  });

  test('only amr mfa or a configured acr counts as multi-factor', () => {
    const sso = ssoWith({ OIDC_MFA_ACR: 'AAL3_ANY' });
    assert.equal(assertsMfa(sso, { amr: 'mfa' }), false);
    assert.equal(assertsMfa(sso, { acr: 'AAL1_USERPASS' }), false);
    assert.equal(assertsMfa(sso, { acr: 'AAL3_ANY' }), true);
  });
});

describe('small rules', () => {
  test('a display name comes from name, then given and family names, then the address', () => {
    assert.equal(displayNameFrom({ name: ' Ada Lovelace ' }, 'a@nhs.net'), 'Ada Lovelace');
    assert.equal(displayNameFrom({ given_name: 'Ada', family_name: 'Lovelace' }, 'a@nhs.net'), 'Ada Lovelace');
    assert.equal(displayNameFrom({}, 'ada.l@nhs.net'), 'ada.l');
  });

  test('a sign-in expires after ten minutes, and one from the future is refused', () => {
    const start = Date.UTC(2026, 11, 7, 15, 0);
    assert.equal(signInExpired(start, start + 9 * 60_000), false);
    assert.equal(signInExpired(start, start + 11 * 60_000), true);
    assert.equal(signInExpired(start, start - 5 * 60_000), true);
  });

  test('a half-made or unsafe configuration stops start-up', () => {
    assert.throws(() => loadConfig({ OIDC_CLIENT_ID: 'x' }), /OIDC_ISSUER/);
    assert.throws(() => ssoWith({ OIDC_CLIENT_SECRET: '' }), /OIDC_CLIENT_SECRET/);
    assert.throws(() => ssoWith({ OIDC_ISSUER: 'http://issuer.example.test' }), /https/);
    assert.throws(() => ssoWith({ OIDC_SCOPES: 'email profile' }), /openid/);
    assert.throws(
      () =>
        ssoWith({ OIDC_ISSUER: 'https://login.microsoftonline.com/organizations/v2.0', OIDC_EMAIL_TRUST: 'issuer' }),
      /OIDC_TENANT_ID/,
    );
    assert.equal(loadConfig({}).sso, null);
    assert.equal(
      ssoWith({ OIDC_ISSUER: 'http://127.0.0.1:4000' }).redirectUrl,
      'http://localhost:3000/sign-in/sso/callback',
    );
  });
});
