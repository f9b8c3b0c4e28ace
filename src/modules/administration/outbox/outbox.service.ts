import { recordAudit } from '../../../platform/audit/audit.ts';
import { inTransaction, type ServiceContext } from '../../../platform/context.ts';
import { NotFoundError } from '../../../lib/errors.ts';
import { isUuid } from '../../../lib/ids.ts';
import { requireAdmin } from '../shared/administration.policy.ts';
import { countOutbox, findOutboxMessage, listOutboxPage } from './outbox.repo.ts';

const OUTBOX_PAGE_SIZE = 50;

/** The outbox, newest first. Recipients are personal data, so each look is audited. */
export async function listOutbox(ctx: ServiceContext, page: number) {
  requireAdmin(ctx);
  return inTransaction(ctx, async (tx) => {
    const total = await countOutbox(tx.db);
    const messages = await listOutboxPage(tx.db, { number: page, size: OUTBOX_PAGE_SIZE });
    await recordAudit(tx.db, tx.audit, { action: 'outbox.viewed', details: { page } });
    return { messages, total, page, pages: Math.max(1, Math.ceil(total / OUTBOX_PAGE_SIZE)) };
  });
}

/** One outbox message in full (its links are live: the read is audited). */
export async function readOutboxMessage(ctx: ServiceContext, messageId: string) {
  requireAdmin(ctx);
  if (!isUuid(messageId)) {
    throw new NotFoundError();
  }
  return inTransaction(ctx, async (tx) => {
    const message = await findOutboxMessage(tx.db, messageId);
    if (!message) {
      throw new NotFoundError();
    }
    await recordAudit(tx.db, tx.audit, {
      action: 'outbox.message-read',
      subjectType: 'outbox_message',
      subjectId: messageId,
      organisationId: message.organisation_id,
    });
    return message;
  });
}
