/** The audit actions loading the demo data records. */
declare module '../platform/audit/audit.ts' {
  interface AuditActions {
    'demo.seeded': true;
    'demo.activities-seeded': true;
  }
}

export {};
