import type { FastifyInstance } from 'fastify';
import { requireUser } from '../../../platform/auth/plugin.ts';
import { contextFrom } from '../../../platform/context.ts';
import { addDays, isIsoDate, londonDateOf } from '../../../lib/dates.ts';
import { countText } from '../shared/suppression.rules.ts';
import { signpostingFigures } from './figures.service.ts';

type FiguresRequest = { Params: { organisationId: string }; Querystring: { from?: string; to?: string } };

/** Signposting figures: declined %, by need, by destination, and unmet needs by area. */
export async function figuresPages(app: FastifyInstance): Promise<void> {
  app.get<FiguresRequest>(
    '/organisations/:organisationId/signposting/figures',
    { preHandler: requireUser },
    async (request, reply) => {
      const ctx = contextFrom(request);
      const today = londonDateOf(ctx.clock.now());
      const to = request.query.to && isIsoDate(request.query.to) ? request.query.to : today;
      const from =
        request.query.from && isIsoDate(request.query.from) && request.query.from <= to
          ? request.query.from
          : addDays(to, -29);
      const figures = await signpostingFigures(ctx, request.params.organisationId, { from, to });
      return reply.view('signposting/figures/views/figures.njk', { figures, from, to, countText });
    },
  );
}
