import type { Insertable } from 'kysely';
import { type Scope, requireInScope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import type { Database } from '../../../platform/db/schema.ts';

// A meeting's decisions, ideas and actions.

const inScope = (scope: Scope) => [...scope.organisationIds];

/** Decisions, ideas and actions of a meeting, with owners' names. */
export async function listItems(db: Executor, scope: Scope, meetingId: string) {
  return db
    .selectFrom('champion_meeting_items')
    .leftJoin('champions', 'champions.id', 'champion_meeting_items.owner_champion_id')
    .select([
      'champion_meeting_items.id',
      'champion_meeting_items.kind',
      'champion_meeting_items.text',
      'champion_meeting_items.due_on',
      'champion_meeting_items.status',
      'champions.display_name as owner_name',
    ])
    .where('champion_meeting_items.meeting_id', '=', meetingId)
    .where('champion_meeting_items.organisation_id', 'in', inScope(scope))
    .orderBy('champion_meeting_items.created_at')
    .execute();
}

/** Adds a decision, idea or action to a meeting. */
export async function insertItem(
  db: Executor,
  scope: Scope,
  row: Insertable<Database['champion_meeting_items']>,
): Promise<void> {
  requireInScope(scope, row.organisation_id);
  await db.insertInto('champion_meeting_items').values(row).execute();
}

/** One item of a meeting. */
export async function findItem(
  db: Executor,
  scope: Scope,
  meetingId: string,
  itemId: string,
): Promise<{ id: string; kind: string } | undefined> {
  if (scope.organisationIds.length === 0) {
    return undefined;
  }
  return db
    .selectFrom('champion_meeting_items')
    .select(['id', 'kind'])
    .where('id', '=', itemId)
    .where('meeting_id', '=', meetingId)
    .where('organisation_id', 'in', inScope(scope))
    .executeTakeFirst();
}

/** Marks an item done, or an idea proposed as an activity. */
export async function updateItemStatus(
  db: Executor,
  scope: Scope,
  itemId: string,
  status: 'done' | 'proposed_activity',
): Promise<void> {
  if (scope.organisationIds.length === 0) {
    return;
  }
  await db
    .updateTable('champion_meeting_items')
    .set({ status })
    .where('id', '=', itemId)
    .where('organisation_id', 'in', inScope(scope))
    .execute();
}
