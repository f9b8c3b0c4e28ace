import type { findOutboxMessage, listOutboxPage } from './outbox.repo.ts';

type ListedMessage = Awaited<ReturnType<typeof listOutboxPage>>[number];
type FullMessage = NonNullable<Awaited<ReturnType<typeof findOutboxMessage>>>;

/** One page of the outbox as its table shows it, with links to the pages either side. */
export function presentOutbox(outbox: { messages: ListedMessage[]; total: number; page: number; pages: number }) {
  return {
    messages: outbox.messages.map((message) => ({
      id: message.id,
      createdAt: message.created_at,
      recipient: message.recipient,
      subject: message.subject,
      status: message.status,
      transport: message.transport,
    })),
    total: outbox.total,
    page: outbox.page,
    pages: outbox.pages,
    previous: outbox.page > 1 ? { href: `/admin/outbox?page=${outbox.page - 1}` } : undefined,
    next: outbox.page < outbox.pages ? { href: `/admin/outbox?page=${outbox.page + 1}` } : undefined,
  };
}

/** One email as its page shows it. */
export function presentOutboxMessage(message: FullMessage) {
  return {
    subject: message.subject,
    recipient: message.recipient,
    createdAt: message.created_at,
    status: message.status,
    attempts: message.attempts,
    body: message.body,
  };
}
