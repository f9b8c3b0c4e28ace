import type { FastifyInstance, FastifyReply } from 'fastify';
import { requireUser } from '../../../platform/auth/plugin.ts';
import { type ServiceContext, contextFrom } from '../../../platform/context.ts';
import { readForm } from '../../../platform/http/forms.ts';
import type { FieldErrors } from '../../../lib/errors.ts';
import type { ReferralRoute } from '../activities.tables.ts';
import { INTRODUCTION_STATUS_LABELS, IntroductionForm, IntroductionStatusForm, ROUTE_LABELS } from './introductions.schemas.ts';
import { createIntroduction, introductionFormContext, listIntroductions, setIntroductionStatus } from './introductions.service.ts';

type ActivityParams = { Params: { activityId: string } };
type IntroductionParams = { Params: { activityId: string; introductionId: string } };
const NOTICES: Record<string, string> = { introduced: 'Thank you. The activity lead will get in touch with them.', status: 'Updated.' };

async function showForm(ctx: ServiceContext, reply: FastifyReply, activityId: string, values: Record<string, unknown> | null, errors?: FieldErrors) {
  const { activity, routes, defaultRoute } = await introductionFormContext(ctx, activityId);
  const chosen = values ? values.route : defaultRoute;
  const routeItems = routes.map((route: ReferralRoute) => ({ value: route, text: ROUTE_LABELS[route], checked: route === chosen }));
  return reply.view('activities/introductions/views/introduction-new.njk', { activity, routeItems, values: values ?? {}, errors }, errors ? 400 : 200);
}

async function showList(ctx: ServiceContext, reply: FastifyReply, activityId: string, extra: { flash?: string; errors?: FieldErrors } = {}) {
  const list = await listIntroductions(ctx, activityId);
  const own = list.own.map((item) => ({ ...item, routeLabel: ROUTE_LABELS[item.route], statusLabel: INTRODUCTION_STATUS_LABELS[item.status] }));
  const pending = list.pending.map((item) => ({ ...item, routeLabel: ROUTE_LABELS[item.route] }));
  return reply.view('activities/introductions/views/introductions.njk', { ...list, own, pending, ...extra }, extra.errors ? 400 : 200);
}

/** Warm introductions: staff introduce someone to an activity; its coordinators and leads follow them up. */
export async function introductionPages(app: FastifyInstance): Promise<void> {
  const base = '/activities/:activityId/introductions';

  app.get<ActivityParams>(`${base}/new`, { preHandler: requireUser }, async (request, reply) => showForm(contextFrom(request), reply, request.params.activityId, null));

  app.post<ActivityParams>(`${base}/new`, { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    const form = readForm(IntroductionForm, request.body);
    if (!form.ok) {
      return showForm(ctx, reply, request.params.activityId, form.values, form.errors);
    }
    const { routes } = await introductionFormContext(ctx, request.params.activityId);
    if (!routes.includes(form.data.route)) {
      return showForm(ctx, reply, request.params.activityId, form.data, { route: 'This activity does not take introductions by this route' });
    }
    await createIntroduction(ctx, request.params.activityId, form.data);
    return reply.redirect(`/activities/${request.params.activityId}/introductions?done=introduced`, 303);
  });

  app.get<ActivityParams & { Querystring: { done?: string } }>(base, { preHandler: requireUser }, async (request, reply) =>
    showList(contextFrom(request), reply, request.params.activityId, { flash: NOTICES[request.query.done ?? ''] }),
  );

  app.post<IntroductionParams>(`${base}/:introductionId/status`, { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    const form = readForm(IntroductionStatusForm, request.body);
    if (!form.ok) {
      return showList(ctx, reply, request.params.activityId, { errors: form.errors });
    }
    await setIntroductionStatus(ctx, request.params.activityId, request.params.introductionId, form.data.status);
    return reply.redirect(`/activities/${request.params.activityId}/introductions?done=status`, 303);
  });
}
