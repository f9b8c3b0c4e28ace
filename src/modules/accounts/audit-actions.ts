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
  }
}

export {};
