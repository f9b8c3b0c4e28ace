import type { Scope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';

// Read contract for other modules (activities): ideas from champion meetings that were marked
// to become an activity, and the meeting an idea came from.

const NO_ORGANISATION = '00000000-0000-0000-0000-000000000000';

function scopeIds(scope: Scope): string[] {
  return scope.organisationIds.length > 0 ? [...scope.organisationIds] : [NO_ORGANISATION];
}

/**
 * The organisation's meeting ideas marked for an activity, newest meeting first, leaving out
 * those already taken up (`takenIds`, which the caller knows); just `itemId` when given.
 */
export async function listActivityIdeas(
  db: Executor,
  scope: Scope,
  organisationId: string,
  takenIds: readonly string[],
  options: { itemId?: string; limit?: number } = {},
) {
  let query = db
    .selectFrom('champion_meeting_items as item')
    .innerJoin('champion_meetings as meeting', 'meeting.id', 'item.meeting_id')
    .select(['item.id', 'item.text', 'item.organisation_id', 'meeting.title as meeting_title', 'meeting.held_on'])
    .where('item.organisation_id', '=', organisationId)
    .where('item.organisation_id', 'in', scopeIds(scope))
    .where('item.kind', '=', 'idea')
    .where('item.status', '=', 'proposed_activity');
  if (takenIds.length > 0) {
    query = query.where('item.id', 'not in', [...takenIds]);
  }
  if (options.itemId !== undefined) {
    query = query.where('item.id', '=', options.itemId);
  }
  return query
    .orderBy('meeting.held_on', 'desc')
    .orderBy('item.created_at')
    .limit(options.limit ?? 100)
    .execute();
}

/** The meeting an idea came from, whatever the idea's status now. */
export async function findIdeaOrigin(db: Executor, scope: Scope, itemId: string) {
  return db
    .selectFrom('champion_meeting_items as item')
    .innerJoin('champion_meetings as meeting', 'meeting.id', 'item.meeting_id')
    .select(['item.text', 'meeting.title', 'meeting.held_on'])
    .where('item.id', '=', itemId)
    .where('item.organisation_id', 'in', scopeIds(scope))
    .executeTakeFirst();
}
