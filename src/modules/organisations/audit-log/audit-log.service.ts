import { recordAudit } from '../../../platform/audit/audit.ts';
import { inTransaction, type ServiceContext } from '../../../platform/context.ts';
import { scopeOfOne } from '../shared/organisations.policy.ts';
import type { AuditQuery } from '../shared/organisations.schemas.ts';
import { searchAuditEvents } from './audit-log.repo.ts';

/** Rows per page of the audit log. */
export const AUDIT_PAGE_SIZE = 50;

/**
 * Searches an organisation's audit trail (practice managers and network leads). Dates are
 * whole days in UK time. Looking at the trail is itself recorded.
 */
export async function searchAuditLog(ctx: ServiceContext, organisationId: string, query: AuditQuery) {
  const scope = await scopeOfOne(ctx, 'audit:view', organisationId);
  return inTransaction(ctx, async (tx) => {
    const { events, total } = await searchAuditEvents(tx.db, scope, query, { size: AUDIT_PAGE_SIZE });
    await recordAudit(tx.db, tx.audit, {
      action: 'audit.viewed',
      subjectType: 'organisation',
      subjectId: organisationId,
      organisationId,
    });
    return { events, total, page: query.page, pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)) };
  });
}
