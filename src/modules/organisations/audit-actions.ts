/** The audit actions the organisations module records (see `AuditActions` in the platform's audit). */
declare module '../../platform/audit/audit.ts' {
  interface AuditActions {
    'audit.viewed': true;
    'invitation.accepted': true;
    'invitation.created': true;
    'invitation.revoked': true;
    'members.viewed': true;
    'organisation.created': true;
    'organisation.switched': true;
    'programme.practice-added': true;
    'role.granted': true;
    'role.removed': true;
  }
}

export {};
