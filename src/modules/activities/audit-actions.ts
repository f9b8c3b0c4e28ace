/** The audit actions the activities module records (see `AuditActions` in the platform's audit). */
declare module '../../platform/audit/audit.ts' {
  interface AuditActions {
    'activity.created': true;
    'activity.edit-form-viewed': true;
    'activity.incident-routed': true;
    'activity.introduction-created': true;
    'activity.introduction-status': true;
    'activity.introductions-closed': true;
    'activity.introductions-viewed': true;
    'activity.register-recorded': true;
    'activity.register-viewed': true;
    'activity.reviewed': true;
    'activity.risk-assessment-recorded': true;
    'activity.risk-assessment-viewed': true;
    'activity.rota-assigned': true;
    'activity.rota-left': true;
    'activity.rota-place-taken': true;
    'activity.rota-released': true;
    'activity.rota-released-on-departure': true;
    'activity.rota-released-on-lapse': true;
    'activity.schedule-created': true;
    'activity.schedule-date-skipped': true;
    'activity.schedule-ended': true;
    'activity.session-cancelled': true;
    'activity.session-record-kept': true;
    'activity.session-record-viewed': true;
    'activity.session-recorded': true;
    'activity.session-reinstated': true;
    'activity.session-viewed': true;
    'activity.updated': true;
    'activity.viewed': true;
    'activity.idea': true;
    'activity.proposed': true;
    'activity.risk-assessed': true;
    'activity.approved': true;
    'activity.active': true;
    'activity.paused': true;
    'activity.closed': true;
  }
}

export {};
