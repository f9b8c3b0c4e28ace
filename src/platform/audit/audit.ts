import type { Executor } from '../db/transaction.ts';
import { newId } from '../../lib/ids.ts';
import { insertAuditEvent } from './audit.repo.ts';

/** Who did something, and from where; built per request (or by a job or the CLI). */
export interface AuditSource {
  actorUserId: string | null;
  requestId?: string | null;
  ip?: string | null;
}

/**
 * Every audit action the app records, one key each. The platform knows no domain: each module
 * adds its own names from its `audit-actions.ts` by declaration merging, for example
 * `declare module '../../platform/audit/audit.ts' { interface AuditActions { 'activity.created': true } }`.
 * Names are `<subject>.<what-happened>`: two lower-case kebab-case parts, the subject singular
 * (`champion.expense-claimed`, `sign-in.failed`). `src/audit-actions.test.ts` checks the shape.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by each module's declaration merging.
export interface AuditActions {}

/** One of the registered audit action names. */
export type AuditAction = keyof AuditActions & string;

/** The shape every audit action name has. */
export const AUDIT_ACTION_SHAPE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*\.[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** One audit event: an action on a subject, within an organisation. */
export interface AuditEntry {
  action: AuditAction;
  subjectType?: string;
  subjectId?: string;
  organisationId?: string | null;
  /** Non-identifying details only (ids, counts, role names); never free text or personal data. */
  details?: Record<string, unknown>;
}

/**
 * Appends an audit event. Pass the use case's transaction so the event commits with the
 * change it records. The table refuses updates and deletes.
 */
export async function recordAudit(db: Executor, source: AuditSource, entry: AuditEntry): Promise<void> {
  await insertAuditEvent(db, {
    id: newId(),
    actor_user_id: source.actorUserId,
    action: entry.action,
    subject_type: entry.subjectType ?? null,
    subject_id: entry.subjectId ?? null,
    organisation_id: entry.organisationId ?? null,
    request_id: source.requestId ?? null,
    ip: source.ip ?? null,
    details: JSON.stringify(entry.details ?? {}),
  });
}
