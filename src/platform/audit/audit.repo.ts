/** The audit table: append only (the table refuses updates and deletes). */
import type { Insertable } from 'kysely';
import type { DB } from '../db/database.types.ts';
import type { Executor } from '../db/transaction.ts';

/** Appends one audit event in the caller's transaction. */
export async function insertAuditEvent(db: Executor, event: Insertable<DB['audit_events']>): Promise<void> {
  await db.insertInto('audit_events').values(event).execute();
}
