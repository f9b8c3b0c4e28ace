/** The audit actions the accounts module records (see `AuditActions` in the platform's audit). */
declare module '../../platform/audit/audit.ts' {
  interface AuditActions {
    'account.created': true;
    'password.changed': true;
    'password.reset': true;
    'password.reset-requested': true;
    'sign-in.failed': true;
    'sign-in.password-accepted': true;
    'sign-in.succeeded': true;
    'sign-in.throttled': true;
    'sign-out.succeeded': true;
    'two-factor.disabled': true;
    'two-factor.enabled': true;
    'sign-in.locked': true;
    'password.set-issued': true;
    'password.reset-issued': true;
    /** Single sign-on: an issuer's identity was linked to an existing account by its verified email. */
    'sso.linked': true;
    /** Single sign-on: an account was created at first sign-in (only with OIDC_CREATE_ACCOUNTS). */
    'sso.account-created': true;
    /** Single sign-on: the issuer's identity was accepted and the TOTP code is still to come. */
    'sso.identity-accepted': true;
    /** Single sign-on: refused (no sign-in in progress, bad response, unknown or unverified email, disabled account, issuer unavailable). */
    'sso.refused': true;
  }
}

export {};
