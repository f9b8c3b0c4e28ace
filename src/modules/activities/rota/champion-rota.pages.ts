import type { FastifyInstance } from 'fastify';
import { requireUser } from '../../../platform/auth/plugin.ts';
import { contextFrom, type ServiceContext } from '../../../platform/context.ts';
import { submitForm } from '../../../platform/http/forms.ts';
import type { FieldErrors } from '../../../lib/errors.ts';
import { refusedOn } from '../shared/refusals.rules.ts';
import { PlaceButtonForm } from './rota.schemas.ts';
import { leavePlace, myRota, takePlace } from './champion-rota.service.ts';
import { sessionWhen, statusText } from '../schedules/schedules.presenter.ts';

type PlaceParams = { Params: { placeId: string } };

const NOTICES: Record<string, string> = {
  taken: 'Thank you. The place is yours: it is listed under "Your places".',
  left: 'You have left the place. It is open for someone else now.',
};

/** The champion's rota page, formatted for a phone. */
async function presentRota(ctx: ServiceContext, extra: { errors?: FieldErrors; flash?: string } = {}) {
  const rota = await myRota(ctx);
  const line = (place: (typeof rota.mine)[number]) => ({
    id: place.id,
    activity: place.activity_name,
    role: place.role_name,
    venue: place.venue_name,
    ...sessionWhen(place),
  });
  return {
    champion: rota.champion,
    mine: rota.mine.map((place) => ({
      ...line(place),
      cancelled: place.status === 'cancelled',
      statusText: statusText(place),
    })),
    open: rota.open.map((place) => ({ ...line(place), openCount: place.open_count })),
    more: rota.more,
    paused: rota.champion.stage !== 'active',
    errors: extra.errors,
    flash: extra.flash,
  };
}

/** "Your rota": the champion's places, leaving one, and taking an open place they are cleared for. */
export async function championRotaPages(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: { done?: string } }>('/champion/rota', { preHandler: requireUser }, async (request, reply) =>
    reply.view(
      'activities/rota/views/champion-rota.njk',
      await presentRota(contextFrom(request), { flash: NOTICES[request.query.done ?? ''] }),
    ),
  );

  app.post<PlaceParams>('/champion/rota/:placeId/take', { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    return submitForm(reply, {
      schema: PlaceButtonForm,
      body: request.body,
      submit: () => refusedOn('open-places', () => takePlace(ctx, request.params.placeId)),
      redirect: () => '/champion/rota?done=taken',
      show: async (state, status) =>
        reply.view('activities/rota/views/champion-rota.njk', await presentRota(ctx, state), status),
    });
  });

  app.post<PlaceParams>('/champion/rota/:placeId/leave', { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    return submitForm(reply, {
      schema: PlaceButtonForm,
      body: request.body,
      submit: () => refusedOn('your-places', () => leavePlace(ctx, request.params.placeId)),
      redirect: () => '/champion/rota?done=left',
      show: async (state, status) =>
        reply.view('activities/rota/views/champion-rota.njk', await presentRota(ctx, state), status),
    });
  });
}
