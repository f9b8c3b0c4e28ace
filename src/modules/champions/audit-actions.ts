/** The audit actions the champions module records (see `AuditActions` in the platform's audit). */
declare module '../../platform/audit/audit.ts' {
  interface AuditActions {
    'agreement.published': true;
    'campaign.created': true;
    'champion.agreement-signed': true;
    'champion.agreement-viewed': true;
    'champion.applicant-viewed': true;
    'champion.check-recorded': true;
    'champion.expense-claimed': true;
    'champion.expense-repriced': true;
    'champion.expense-viewed': true;
    'champion.expenses-exported': true;
    'champion.expenses-listed': true;
    'champion.hours-exported': true;
    'champion.hours-logged': true;
    'champion.hours-verified': true;
    'champion.hours-viewed': true;
    'champion.induction-ticked': true;
    'champion.interest-received': true;
    'champion.left': true;
    'champion.list-viewed': true;
    'champion.meeting-attendance': true;
    'champion.meeting-created': true;
    'champion.meeting-invited': true;
    'champion.meeting-viewed': true;
    'champion.minimised': true;
    'champion.paused': true;
    'champion.profile-updated': true;
    'champion.receipt-downloaded': true;
    'champion.reference-recorded': true;
    'champion.reference-viewed': true;
    'champion.role-assigned': true;
    'champion.stage-changed': true;
    'champion.talent-searched': true;
    'champion.training-recorded': true;
    'induction-item.added': true;
    'induction-item.removed': true;
    'mileage-rate.added': true;
    'role-template.created': true;
    'role-template.directory-research-changed': true;
    'champion.expense-approved': true;
    'champion.expense-rejected': true;
    'champion.meeting-item-done': true;
    'champion.meeting-item-proposed': true;
  }
}

export {};
