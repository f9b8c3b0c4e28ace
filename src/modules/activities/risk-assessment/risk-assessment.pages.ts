import type { FastifyInstance, FastifyReply } from 'fastify';
import { requireUser } from '../../../platform/auth/plugin.ts';
import { type ServiceContext, contextFrom } from '../../../platform/context.ts';
import { submitForm } from '../../../platform/http/forms.ts';
import type { FieldErrors } from '../../../lib/errors.ts';
import { statusTag } from '../lifecycle/activities.presenter.ts';
import { orderErrors } from '../lifecycle/activity-form.presenter.ts';
import { dateParts, londonToday, withDateField } from '../../../lib/dates.ts';
import { recordRiskAssessment, riskAssessmentPage } from './risk-assessment.service.ts';
import { RiskAssessmentForm } from './risk-assessment.schemas.ts';

type ActivityParams = { Params: { activityId: string } };

const FIELDS = ['hazards', 'controls', 'safeguarding', 'loneWorking', 'insurance', 'assessedOn', 'reviewOn'];

async function showRiskAssessment(
  ctx: ServiceContext,
  reply: FastifyReply,
  activityId: string,
  extra: { errors?: FieldErrors; values?: Record<string, unknown> } = {},
  status = 200,
) {
  const page = await riskAssessmentPage(ctx, activityId);
  const latest = page.assessments[0];
  const today = dateParts(londonToday());
  const review = latest ? dateParts(latest.review_on) : { day: '', month: '', year: '' };
  // A new assessment starts from the latest one, so a review changes only what has changed.
  const values = extra.values ?? {
    hazards: latest?.hazards ?? '',
    controls: latest?.controls ?? '',
    safeguarding: latest?.safeguarding ?? '',
    loneWorking: latest?.lone_working ?? '',
    insurance: latest?.insurance ?? '',
    'assessedOn[day]': today.day,
    'assessedOn[month]': today.month,
    'assessedOn[year]': today.year,
    'reviewOn[day]': review.day,
    'reviewOn[month]': review.month,
    'reviewOn[year]': review.year,
  };
  return reply.view(
    'activities/risk-assessment/views/activity-risk-assessment.njk',
    { ...page, statusTag: statusTag(page.activity.status), values, errors: orderErrors(extra.errors, FIELDS) },
    status,
  );
}

/** Recording a risk assessment (activities:manage); a new one supersedes, and the old ones are kept. */
export async function riskAssessmentPages(app: FastifyInstance): Promise<void> {
  app.get<ActivityParams>(
    '/activities/:activityId/risk-assessment',
    { preHandler: requireUser },
    async (request, reply) => showRiskAssessment(contextFrom(request), reply, request.params.activityId),
  );

  app.post<ActivityParams>(
    '/activities/:activityId/risk-assessment',
    { preHandler: requireUser },
    async (request, reply) => {
      const ctx = contextFrom(request);
      const { activityId } = request.params;
      return submitForm(reply, {
        schema: RiskAssessmentForm,
        body: withDateField(withDateField(request.body, 'assessedOn'), 'reviewOn'),
        submit: (data) => recordRiskAssessment(ctx, activityId, data),
        redirect: () => `/activities/${activityId}?done=risk-assessed`,
        show: (state, status) => showRiskAssessment(ctx, reply, activityId, state, status),
      });
    },
  );
}
