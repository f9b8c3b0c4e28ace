import type { Executor } from '../../../platform/db/transaction.ts';

/** How many emails the outbox holds, across every organisation. */
export async function countOutbox(db: Executor): Promise<number> {
  return Number(
    (
      await db
        .selectFrom('outbox_messages')
        .select((eb) => eb.fn.countAll<number>().as('total'))
        .executeTakeFirst()
    )?.total ?? 0,
  );
}

/** One page of the outbox, newest first. */
export function listOutboxPage(db: Executor, page: { number: number; size: number }) {
  return db
    .selectFrom('outbox_messages')
    .select(['id', 'recipient', 'subject', 'status', 'transport', 'attempts', 'created_at', 'sent_at'])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.size)
    .offset((page.number - 1) * page.size)
    .execute();
}

/** One outbox message in full. */
export function findOutboxMessage(db: Executor, messageId: string) {
  return db.selectFrom('outbox_messages').selectAll().where('id', '=', messageId).executeTakeFirst();
}
