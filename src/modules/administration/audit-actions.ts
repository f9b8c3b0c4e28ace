/** The audit actions the administration module records (see `AuditActions` in the platform's audit). */
declare module '../../platform/audit/audit.ts' {
  interface AuditActions {
    'outbox.message-read': true;
    'outbox.viewed': true;
  }
}

export {};
