/**
 * The outbox table: SQL for messages on their way (the foundation's table; a message is found
 * by id from its delivery job). What goes in and how it is sent live in notifier.ts and sms.ts.
 */
import { type Insertable, sql, type Updateable } from 'kysely';
import type { OutboxMessageRow, OutboxMessagesTable } from '../db/schema.ts';
import type { Executor } from '../db/transaction.ts';
import { enqueueJob } from '../jobs/jobs.repo.ts';

/** Stores a message and queues the job `deliverJob` that hands it to its transport. */
export async function queueOutboxMessage(
  db: Executor,
  message: Insertable<OutboxMessagesTable> & { id: string },
  deliverJob: string,
): Promise<string> {
  await db.insertInto('outbox_messages').values(message).execute();
  await enqueueJob(db, deliverJob, { messageId: message.id });
  return message.id;
}

/** The message a delivery job names. */
export function findMessageToDeliver(db: Executor, messageId: string): Promise<OutboxMessageRow | undefined> {
  return db.selectFrom('outbox_messages').selectAll().where('id', '=', messageId).executeTakeFirst();
}

/** Records how a delivery attempt went. */
export async function recordDeliveryAttempt(
  db: Executor,
  messageId: string,
  outcome: Updateable<OutboxMessagesTable>,
): Promise<void> {
  await db.updateTable('outbox_messages').set(outcome).where('id', '=', messageId).execute();
}

/** Deletes sent and failed messages sent (or, never sent, created) before `before`; returns how many went. */
export async function deleteFinishedMessagesBefore(db: Executor, before: Date): Promise<number> {
  const result = await db
    .deleteFrom('outbox_messages')
    .where('status', 'in', ['sent', 'failed'])
    .where(sql<Date>`coalesce(sent_at, created_at)`, '<', before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
