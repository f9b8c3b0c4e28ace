import type { Executor } from '../../../platform/db/transaction.ts';
import { newId } from '../../../lib/ids.ts';

/** A line of a service's history: who, when, where the change came from and what changed. */
export async function insertHistory(
  db: Executor,
  entry: { serviceId: string; userId: string | null; source: string; changes: Record<string, unknown>; at?: Date },
): Promise<void> {
  await db
    .insertInto('dir_service_history')
    .values({
      id: newId(),
      service_id: entry.serviceId,
      changed_at: entry.at ?? new Date(),
      changed_by: entry.userId,
      source: entry.source,
      changes: JSON.stringify(entry.changes),
    })
    .execute();
}

/** When the service last changed: forms carry it so a save over someone else's edit is caught. */
export async function serviceVersion(db: Executor, serviceId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('dir_services')
    .select('last_modified')
    .where('id', '=', serviceId)
    .executeTakeFirst();
  return row ? row.last_modified.toISOString() : undefined;
}
