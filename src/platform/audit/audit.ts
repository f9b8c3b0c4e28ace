import type { Executor } from '../db/transaction.ts';
import { newId } from '../../lib/ids.ts';

/** Who did something, and from where; built per request (or by a job or the CLI). */
export interface AuditSource {
  actorUserId: string | null;
  requestId?: string | null;
  ip?: string | null;
}

/** One audit event: an action on a subject, within an organisation. */
export interface AuditEntry {
  action: string;
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
  await db
    .insertInto('audit_events')
    .values({
      id: newId(),
      actor_user_id: source.actorUserId,
      action: entry.action,
      subject_type: entry.subjectType ?? null,
      subject_id: entry.subjectId ?? null,
      organisation_id: entry.organisationId ?? null,
      request_id: source.requestId ?? null,
      ip: source.ip ?? null,
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute();
}
