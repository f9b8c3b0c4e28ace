/** The audit actions the signposting module records (see `AuditActions` in the platform's audit). */
declare module '../../platform/audit/audit.ts' {
  interface AuditActions {
    'person.created': true;
    'person.updated': true;
    'person.viewed': true;
    'person.searched': true;
    'person.edit-form-viewed': true;
    'signposting.navigation-recorded': true;
    'signposting.red-flag-escalated': true;
    'signposting.listing-sent': true;
    'signposting.unmet-need-recorded': true;
    'signposting.report-viewed': true;
  }
}

export {};
