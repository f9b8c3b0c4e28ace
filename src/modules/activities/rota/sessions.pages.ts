import type { FastifyInstance } from 'fastify';
import { requireUser } from '../../../platform/auth/plugin.ts';
import { contextFrom, type ServiceContext } from '../../../platform/context.ts';
import { submitForm } from '../../../platform/http/forms.ts';
import { refusedOn } from '../shared/refusals.rules.ts';
import type { FieldErrors } from '../../../lib/errors.ts';
import { fillText, sessionWhen, statusText } from '../schedules/schedules.presenter.ts';
import { AssignForm, CancelSessionForm } from '../schedules/schedules.schemas.ts';
import { assignPlace, cancelSession, reinstateSession, releasePlace, sessionPage } from './sessions.service.ts';

type SessionParams = { Params: { activityId: string; sessionId: string } };
type PlaceParams = { Params: { activityId: string; sessionId: string; placeId: string } };

const NOTICES: Record<string, string> = {
  assigned: 'The champion has been put on the rota.',
  released: 'The place is open again.',
  cancelled: 'The session has been cancelled.',
  reinstated: 'The session is going ahead again.',
};

/** The session page's view: the rota grouped by role, with choices for each open place. */
async function presentSession(
  ctx: ServiceContext,
  activityId: string,
  sessionId: string,
  extra: { values?: Record<string, unknown>; errors?: FieldErrors; flash?: string } = {},
) {
  const page = await sessionPage(ctx, activityId, sessionId);
  const roles: {
    name: string;
    places: { id: string; position: number; championName: string | null; choices: { value: string; text: string }[] }[];
  }[] = [];
  for (const place of page.places) {
    let role = roles.find((entry) => entry.name === place.role_name);
    if (!role) {
      role = { name: place.role_name, places: [] };
      roles.push(role);
    }
    const choices = (page.choices.get(place.role_template_id) ?? []).map((choice) => ({
      value: choice.id,
      text: choice.cleared ? `${choice.name} (cleared)` : `${choice.name} (not cleared: ${choice.missing.join('; ')})`,
    }));
    role.places.push({ id: place.id, position: place.position, championName: place.champion_name, choices });
  }
  const filled = page.places.filter((place) => place.champion_id !== null).length;
  return {
    activity: page.activity,
    session: { ...page.session, ...sessionWhen(page.session), statusText: statusText(page.session) },
    fill: fillText(page.places.length, filled),
    roles,
    canManage: page.canManage,
    canChange: page.canChange,
    canCancel: page.canCancel,
    canReinstate: page.canReinstate,
    canRecord: page.canRecord,
    values: extra.values ?? {},
    errors: extra.errors,
    flash: extra.flash,
  };
}

/** One session: its details and rota; assigning and releasing places; cancelling and reinstating. */
export async function sessionPages(app: FastifyInstance): Promise<void> {
  const base = '/activities/:activityId/sessions/:sessionId';

  app.get<SessionParams & { Querystring: { done?: string } }>(
    base,
    { preHandler: requireUser },
    async (request, reply) =>
      reply.view(
        'activities/rota/views/session.njk',
        await presentSession(contextFrom(request), request.params.activityId, request.params.sessionId, {
          flash: NOTICES[request.query.done ?? ''],
        }),
      ),
  );

  app.post<PlaceParams>(`${base}/rota/:placeId/assign`, { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    const { activityId, sessionId, placeId } = request.params;
    const field = `champion-${placeId}`;
    return submitForm(reply, {
      schema: AssignForm,
      body: request.body,
      submit: (data) => refusedOn(field, () => assignPlace(ctx, activityId, sessionId, placeId, data.championId)),
      redirect: () => `/activities/${activityId}/sessions/${sessionId}?done=assigned`,
      show: async (state, status) => {
        // A refusal already names the place's field; a form error names the champion chosen.
        const errors = state.errors[field]
          ? state.errors
          : { [field]: state.errors.championId ?? 'Choose a champion for this place' };
        const values = {
          [field]: state.errors[field] && typeof state.values.championId === 'string' ? state.values.championId : '',
        };
        return reply.view(
          'activities/rota/views/session.njk',
          await presentSession(ctx, activityId, sessionId, { values, errors }),
          status,
        );
      },
    });
  });

  app.post<PlaceParams>(`${base}/rota/:placeId/release`, { preHandler: requireUser }, async (request, reply) => {
    await releasePlace(
      contextFrom(request),
      request.params.activityId,
      request.params.sessionId,
      request.params.placeId,
    );
    return reply.redirect(
      `/activities/${request.params.activityId}/sessions/${request.params.sessionId}?done=released`,
      303,
    );
  });

  app.post<SessionParams>(`${base}/cancel`, { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    const { activityId, sessionId } = request.params;
    return submitForm(reply, {
      schema: CancelSessionForm,
      body: request.body,
      submit: (data) => refusedOn('reason', () => cancelSession(ctx, activityId, sessionId, data.reason)),
      redirect: () => `/activities/${activityId}/sessions/${sessionId}?done=cancelled`,
      show: async (state, status) =>
        reply.view(
          'activities/rota/views/session.njk',
          await presentSession(ctx, activityId, sessionId, state),
          status,
        ),
    });
  });

  app.post<SessionParams>(`${base}/reinstate`, { preHandler: requireUser }, async (request, reply) => {
    await reinstateSession(contextFrom(request), request.params.activityId, request.params.sessionId);
    return reply.redirect(
      `/activities/${request.params.activityId}/sessions/${request.params.sessionId}?done=reinstated`,
      303,
    );
  });
}
