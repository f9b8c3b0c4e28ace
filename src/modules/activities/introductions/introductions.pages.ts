import type { FastifyInstance, FastifyReply } from 'fastify';
import { requireUser } from '../../../platform/auth/plugin.ts';
import { type ServiceContext, contextFrom } from '../../../platform/context.ts';
import { type FormState, submitForm } from '../../../platform/http/forms.ts';
import type { FieldErrors } from '../../../lib/errors.ts';
import type { ReferralRoute } from '../activities.tables.ts';
import {
  INTRODUCTION_STATUS_LABELS,
  IntroductionForm,
  IntroductionStatusForm,
  ROUTE_LABELS,
} from './introductions.schemas.ts';
import {
  createIntroduction,
  introductionFormContext,
  listIntroductions,
  setIntroductionStatus,
} from './introductions.service.ts';

type ActivityParams = { Params: { activityId: string } };
type IntroductionParams = { Params: { activityId: string; introductionId: string } };
const NOTICES: Record<string, string> = {
  introduced: 'Thank you. The activity lead will get in touch with them.',
  status: 'Updated.',
};

async function showForm(
  ctx: ServiceContext,
  reply: FastifyReply,
  activityId: string,
  state: FormState | null,
  status = 200,
) {
  const { activity, routes, defaultRoute } = await introductionFormContext(ctx, activityId);
  const chosen = state ? state.values.route : defaultRoute;
  const routeItems = routes.map((route: ReferralRoute) => ({
    value: route,
    text: ROUTE_LABELS[route],
    checked: route === chosen,
  }));
  return reply.view(
    'activities/introductions/views/introduction-new.njk',
    { activity, routeItems, values: state?.values ?? {}, errors: state?.errors },
    status,
  );
}

async function showList(
  ctx: ServiceContext,
  reply: FastifyReply,
  activityId: string,
  extra: { flash?: string; errors?: FieldErrors } = {},
  status = 200,
) {
  const list = await listIntroductions(ctx, activityId);
  const own = list.own.map((item) => ({
    ...item,
    routeLabel: ROUTE_LABELS[item.route],
    statusLabel: INTRODUCTION_STATUS_LABELS[item.status],
  }));
  const pending = list.pending.map((item) => ({ ...item, routeLabel: ROUTE_LABELS[item.route] }));
  return reply.view('activities/introductions/views/introductions.njk', { ...list, own, pending, ...extra }, status);
}

/** Warm introductions: staff introduce someone to an activity; its coordinators and leads follow them up. */
export async function introductionPages(app: FastifyInstance): Promise<void> {
  const base = '/activities/:activityId/introductions';

  app.get<ActivityParams>(`${base}/new`, { preHandler: requireUser }, async (request, reply) =>
    showForm(contextFrom(request), reply, request.params.activityId, null),
  );

  app.post<ActivityParams>(`${base}/new`, { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    const { activityId } = request.params;
    return submitForm(reply, {
      schema: IntroductionForm,
      body: request.body,
      submit: (data) => createIntroduction(ctx, activityId, data),
      redirect: () => `/activities/${activityId}/introductions?done=introduced`,
      show: (state, status) => showForm(ctx, reply, activityId, state, status),
    });
  });

  app.get<ActivityParams & { Querystring: { done?: string } }>(
    base,
    { preHandler: requireUser },
    async (request, reply) =>
      showList(contextFrom(request), reply, request.params.activityId, { flash: NOTICES[request.query.done ?? ''] }),
  );

  app.post<IntroductionParams>(
    `${base}/:introductionId/status`,
    { preHandler: requireUser },
    async (request, reply) => {
      const ctx = contextFrom(request);
      const { activityId, introductionId } = request.params;
      return submitForm(reply, {
        schema: IntroductionStatusForm,
        body: request.body,
        submit: (data) => setIntroductionStatus(ctx, activityId, introductionId, data.status),
        redirect: () => `/activities/${activityId}/introductions?done=status`,
        show: (state, status) => showList(ctx, reply, activityId, { errors: state.errors }, status),
      });
    },
  );
}
