import { recordAudit } from '../../../platform/audit/audit.ts';
import type { ServiceContext } from '../../../platform/context.ts';
import { withTransaction } from '../../../platform/db/transaction.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../lib/errors.ts';
import { activityAccess } from '../shared/activities.policy.ts';
import { findOrganisation, lockActivity } from '../shared/activity-records.repo.ts';
import type { ActivityStatus } from '../activities.tables.ts';
import { transitionActivity } from '../lifecycle/lifecycle.service.ts';
import { insertRiskAssessment, listRiskAssessments } from './risk-assessment.repo.ts';
import type { RiskAssessmentForm } from './risk-assessment.schemas.ts';

/** Why a risk assessment cannot be recorded now, or null when it can. */
function notNow(status: ActivityStatus): string | null {
  if (status === 'idea') {
    return 'Submit the proposal before recording a risk assessment';
  }
  if (status === 'closed') {
    return 'This activity is closed, so its risk assessment cannot be changed';
  }
  return null;
}

async function managedActivity(ctx: ServiceContext, activityId: string) {
  const access = await activityAccess(ctx, activityId);
  if (!access.can.manage) {
    throw new ForbiddenError();
  }
  return access;
}

/** The risk assessment page: the activity, its assessments (newest first) and whether one can be recorded now. */
export async function riskAssessmentPage(ctx: ServiceContext, activityId: string) {
  const { activity, scope } = await managedActivity(ctx, activityId);
  const organisation = await findOrganisation(ctx.db, scope, activity.organisation_id);
  if (!organisation) {
    throw new NotFoundError();
  }
  const assessments = await listRiskAssessments(ctx.db, scope, activity.id);
  // Each assessment names who assessed and approved it: an audited read.
  await recordAudit(ctx.db, ctx.audit, {
    action: 'activity.risk-assessment-viewed',
    subjectType: 'activity',
    subjectId: activity.id,
    organisationId: activity.organisation_id,
  });
  return { activity, organisation, assessments, refusal: notNow(activity.status) };
}

/**
 * Records a risk assessment (activities:manage). It supersedes the earlier ones, which are
 * kept; a proposed activity (or one already risk assessed) moves to risk assessed through the
 * lifecycle, and an approved or running one keeps its status with the new assessment on file.
 */
export async function recordRiskAssessment(
  ctx: ServiceContext,
  activityId: string,
  form: RiskAssessmentForm,
): Promise<string> {
  const { activity, scope } = await managedActivity(ctx, activityId);
  const refusal = notNow(activity.status);
  if (refusal) {
    throw new ConflictError(refusal, { hazards: refusal });
  }
  try {
    return await withTransaction(ctx.db, async (tx) => {
      const row = await lockActivity(tx, scope, activity.id);
      const stillRefused = notNow(row.status);
      if (stillRefused) {
        throw new ConflictError(stillRefused);
      }
      const assessmentId = await insertRiskAssessment(tx, scope, row, form, ctx.actor?.userId ?? null);
      await recordAudit(tx, ctx.audit, {
        action: 'activity.risk-assessment-recorded',
        subjectType: 'activity',
        subjectId: row.id,
        organisationId: row.organisation_id,
        details: { riskAssessmentId: assessmentId },
      });
      if (row.status === 'proposed' || row.status === 'risk_assessed') {
        await transitionActivity(
          tx,
          ctx,
          row,
          'risk_assessed',
          row.status === 'risk_assessed' ? 'A new risk assessment replaced the earlier one' : '',
        );
      }
      return assessmentId;
    });
  } catch (error) {
    // Refusals from the lifecycle name no field: the page shows them against the hazards.
    if (error instanceof ConflictError) {
      throw new ConflictError(error.message, { hazards: error.message });
    }
    if (error instanceof ValidationError) {
      throw new ValidationError({ hazards: error.message }, error.message);
    }
    throw error;
  }
}
