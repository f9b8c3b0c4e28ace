import { type Scope, trustedScope } from '../../../platform/auth/policy.ts';
import { recordAudit } from '../../../platform/audit/audit.ts';
import type { ServiceContext } from '../../../platform/context.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { ConflictError, ValidationError } from '../../../lib/errors.ts';
import type { ActivityRow, ActivityStatus } from '../activities.tables.ts';
import { cleanMultiline } from '../shared/text.rules.ts';
import { closePendingIntroductions } from '../introductions/introductions.service.ts';
import { syncActivityListing } from '../whats-on/publishing.service.ts';
import { MOVE_VERBS, canMove, proposalFieldsOf, proposalGaps, refusalFor } from './lifecycle.rules.ts';
import {
  approveLatestRiskAssessment,
  cancelFutureSessions,
  hasActiveSchedule,
  hasRiskAssessment,
  insertStatusHistory,
  moveActivityStatus,
} from './lifecycle.repo.ts';

/** The scope of an activity the caller has already loaded and authorised. */
function ownScope(activity: ActivityRow): Scope {
  return trustedScope([activity.organisation_id], 'linked');
}

/** What is missing before an activity may move to `to`: empty when nothing is. */
export async function missingFor(db: Executor, activity: ActivityRow, to: ActivityStatus): Promise<string[]> {
  const missing: string[] = [];
  if (to === 'proposed' || to === 'risk_assessed') {
    missing.push(...Object.values(proposalGaps(proposalFieldsOf(activity))));
  }
  if (
    (to === 'risk_assessed' || to === 'approved') &&
    !(await hasRiskAssessment(db, ownScope(activity), activity.id))
  ) {
    missing.push('Complete a risk assessment');
  }
  if (to === 'active' && !(await hasActiveSchedule(db, ownScope(activity), activity.id))) {
    missing.push('Add a schedule of sessions');
  }
  return missing;
}

/**
 * Moves an activity through its lifecycle inside the caller's transaction: checks the move
 * is allowed and nothing is missing, records the history and an audit event, keeps the
 * directory entry in step, and on closing cancels future sessions (which frees their rota)
 * and tells referrers with pending introductions. The caller has already authorised.
 */
export async function transitionActivity(
  tx: Executor,
  ctx: ServiceContext,
  activity: ActivityRow,
  to: ActivityStatus,
  note = '',
): Promise<ActivityRow> {
  if (!canMove(activity.status, to)) {
    throw new ConflictError(refusalFor(activity.status, to));
  }
  const missing = await missingFor(tx, activity, to);
  if (missing.length > 0) {
    const message = `Before it can be ${MOVE_VERBS[to]}: ${missing.map((item) => item.charAt(0).toLowerCase() + item.slice(1)).join('; ')}`;
    throw new ValidationError({ status: message }, message);
  }
  const scope = ownScope(activity);
  const userId = ctx.actor?.userId ?? null;
  const updated = await moveActivityStatus(tx, scope, activity, to);
  if (!updated) {
    throw new ConflictError('Someone else changed this activity at the same time. Refresh the page and try again.');
  }
  await insertStatusHistory(tx, scope, {
    activityId: activity.id,
    organisationId: activity.organisation_id,
    from: activity.status,
    to,
    changedBy: userId,
    note: cleanMultiline(note).slice(0, 500),
  });
  if (to === 'approved') {
    await approveLatestRiskAssessment(tx, scope, activity.id, userId);
  }
  if (to === 'closed') {
    await cancelFutureSessions(tx, scope, activity.id, 'The activity has closed');
    await closePendingIntroductions(tx, ctx, updated);
  }
  await syncActivityListing(tx, activity.id, { userId });
  await recordAudit(tx, ctx.audit, {
    action: `activity.${to === 'risk_assessed' ? 'risk-assessed' : to}`,
    subjectType: 'activity',
    subjectId: activity.id,
    organisationId: activity.organisation_id,
    details: { from: activity.status, to },
  });
  return updated;
}
