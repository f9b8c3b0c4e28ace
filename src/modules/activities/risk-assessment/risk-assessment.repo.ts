import { type Scope, requireInScope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { newId } from '../../../lib/ids.ts';
import type { RiskAssessmentForm } from './risk-assessment.schemas.ts';
import { scopeIds as inScope } from '../shared/activity-records.repo.ts';

/** An activity's risk assessments, newest first (the first one counts), with who assessed and approved each. */
export async function listRiskAssessments(db: Executor, scope: Scope, activityId: string) {
  return db
    .selectFrom('activity_risk_assessments as assessment')
    .leftJoin('users as assessor', 'assessor.id', 'assessment.assessed_by')
    .leftJoin('users as approver', 'approver.id', 'assessment.approved_by')
    .select([
      'assessment.id',
      'assessment.hazards',
      'assessment.controls',
      'assessment.safeguarding',
      'assessment.lone_working',
      'assessment.insurance',
      'assessment.assessed_on',
      'assessment.review_on',
      'assessment.approved_at',
      'assessment.created_at',
      'assessor.display_name as assessed_by_name',
      'approver.display_name as approved_by_name',
    ])
    .where('assessment.activity_id', '=', activityId)
    .where('assessment.organisation_id', 'in', inScope(scope))
    .orderBy('assessment.created_at', 'desc')
    .orderBy('assessment.id', 'desc')
    .limit(50)
    .execute();
}

/** Stores a new risk assessment; it supersedes earlier ones, which are kept. Returns its id. */
export async function insertRiskAssessment(
  db: Executor,
  scope: Scope,
  activity: { id: string; organisation_id: string },
  form: RiskAssessmentForm,
  userId: string | null,
): Promise<string> {
  requireInScope(scope, activity.organisation_id);
  const id = newId();
  await db
    .insertInto('activity_risk_assessments')
    .values({
      id,
      activity_id: activity.id,
      organisation_id: activity.organisation_id,
      hazards: form.hazards,
      controls: form.controls,
      safeguarding: form.safeguarding,
      lone_working: form.loneWorking,
      insurance: form.insurance,
      assessed_by: userId,
      assessed_on: form.assessedOn,
      review_on: form.reviewOn,
    })
    .execute();
  return id;
}
