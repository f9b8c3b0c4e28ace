import type { Executor } from '../../platform/db/transaction.ts';

/**
 * Keeps an activity's directory entry in step with the activity: an active, public activity
 * is a published, active directory service (with its schedules, venue, cost and taxonomy
 * terms); a paused one is "temporarily closed"; a closed or private one is unpublished.
 * Idempotent; call it inside the transaction of any change to an activity or its schedules.
 */
export async function syncActivityListing(_db: Executor, _activityId: string, _by: { userId: string | null }): Promise<void> {
  // Filled in by the engineer who owns publishing.
}
