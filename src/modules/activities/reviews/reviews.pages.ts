import type { FastifyInstance, FastifyReply } from 'fastify';
import { requireUser } from '../../../platform/auth/plugin.ts';
import { type ServiceContext, contextFrom } from '../../../platform/context.ts';
import { readForm, submitForm } from '../../../platform/http/forms.ts';
import type { FieldErrors } from '../../../lib/errors.ts';
import { type Period, defaultPeriod, londonToday } from './review-figures.rules.ts';
import { figureRows, presentReview } from './reviews.presenter.ts';
import { OUTCOME_LABELS, PeriodForm, ReviewForm, dateParts, withDateFields } from './reviews.schemas.ts';
import { reviewFormContext, reviewsOf, saveReview } from './reviews.service.ts';

type ActivityParams = { Params: { activityId: string } };
const NOTICES: Record<string, string> = {
  continue: 'Review saved. The activity carries on.',
  adapt: 'Review saved. The activity carries on with the changes you noted.',
  pause: 'Review saved. The activity is paused and shows as temporarily closed in the directory.',
  close:
    'Review saved. The activity is closed: its future sessions are cancelled, it has left the directory and staff with people waiting have been told.',
};

interface FormState {
  period: Period;
  periodValues: Record<string, unknown>;
  periodErrors?: FieldErrors;
  values: Record<string, unknown>;
  errors?: FieldErrors;
}

async function showReviewForm(
  ctx: ServiceContext,
  reply: FastifyReply,
  activityId: string,
  state: FormState,
  status = 200,
) {
  const context = await reviewFormContext(ctx, activityId, state.period);
  const values = { ...dateParts('nextReviewOn', context.defaultNextReview), ...state.values };
  const outcomeItems = Object.entries(OUTCOME_LABELS).map(([value, text]) => ({
    value,
    text,
    checked: values.outcome === value,
  }));
  const errors = state.periodErrors || state.errors ? { ...state.periodErrors, ...state.errors } : undefined;
  return reply.view(
    'activities/reviews/views/review-new.njk',
    {
      ...context,
      rows: figureRows(context.figures),
      period: state.period,
      periodValues: state.periodValues,
      values,
      outcomeItems,
      errors,
      periodErrors: state.periodErrors,
    },
    status,
  );
}

/** Reads the period of the figures from the page's query (the three months to today by default). */
function periodFrom(query: unknown): Pick<FormState, 'period' | 'periodValues' | 'periodErrors'> {
  const fallback = defaultPeriod(londonToday());
  const raw = withDateFields(query, ['from', 'to']);
  if (raw.from === undefined && raw.to === undefined) {
    return { period: fallback, periodValues: { ...dateParts('from', fallback.from), ...dateParts('to', fallback.to) } };
  }
  const form = readForm(PeriodForm, { from: raw.from ?? '', to: raw.to ?? '' });
  const typed = query && typeof query === 'object' ? (query as Record<string, unknown>) : {};
  return form.ok
    ? { period: form.data, periodValues: typed }
    : { period: fallback, periodValues: typed, periodErrors: form.errors };
}

/** The period a submitted review covers: the page's, or the default when it is unusable. */
function submittedPeriod(values: Record<string, unknown>): Pick<FormState, 'period' | 'periodValues'> {
  const submitted = { from: String(values.periodStart ?? ''), to: String(values.periodEnd ?? '') };
  const period = PeriodForm.safeParse(submitted).success ? submitted : defaultPeriod(londonToday());
  return { period, periodValues: { ...dateParts('from', period.from), ...dateParts('to', period.to) } };
}

/**
 * Quarterly sustain reviews and warm introductions: the reviews of an activity, a new review
 * with its figures, the introduction pages, the daily reminder that a review is due, and the
 * public address directory listings link to.
 */
export async function reviewPages(app: FastifyInstance): Promise<void> {
  app.get<ActivityParams & { Querystring: { done?: string } }>(
    '/activities/:activityId/reviews',
    { preHandler: requireUser },
    async (request, reply) => {
      const overview = await reviewsOf(contextFrom(request), request.params.activityId);
      return reply.view('activities/reviews/views/review-list.njk', {
        ...overview,
        reviews: overview.reviews.map(presentReview),
        flash: NOTICES[request.query.done ?? ''],
      });
    },
  );

  app.get<ActivityParams>(
    '/activities/:activityId/reviews/new',
    { preHandler: requireUser },
    async (request, reply) => {
      const state = periodFrom(request.query);
      return showReviewForm(
        contextFrom(request),
        reply,
        request.params.activityId,
        { ...state, values: {} },
        state.periodErrors ? 400 : 200,
      );
    },
  );

  app.post<ActivityParams>(
    '/activities/:activityId/reviews/new',
    { preHandler: requireUser },
    async (request, reply) => {
      const ctx = contextFrom(request);
      const { activityId } = request.params;
      return submitForm(reply, {
        schema: ReviewForm,
        body: withDateFields(request.body, ['nextReviewOn']),
        submit: async (data) => ({ id: await saveReview(ctx, activityId, data), outcome: data.outcome }),
        redirect: ({ outcome }) => `/activities/${activityId}/reviews?done=${outcome}`,
        show: (state, status) =>
          showReviewForm(ctx, reply, activityId, { ...submittedPeriod(state.values), ...state }, status),
      });
    },
  );
}
