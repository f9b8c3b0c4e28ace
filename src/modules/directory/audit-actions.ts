/** The audit actions the directory module records (see `AuditActions` in the platform's audit). */
declare module '../../platform/audit/audit.ts' {
  interface AuditActions {
    'directory.change-proposed': true;
    'directory.exported': true;
    'directory.freshness-swept': true;
    'directory.imported': true;
    'directory.proposal-viewed': true;
    'directory.provider-link-created': true;
    'directory.review-interval-set': true;
    'directory.reviews-viewed': true;
    'directory.service-created': true;
    'directory.service-verified': true;
    'directory.task-claimed': true;
    'directory.task-released': true;
    'directory.task-viewed': true;
    'directory.proposal-approved': true;
    'directory.proposal-rejected': true;
    'directory.proposal-applied': true;
    'directory.service-edited': true;
  }
}

export {};
