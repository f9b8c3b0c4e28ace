import type { FastifyInstance } from 'fastify';
import { requireUser } from '../../../platform/auth/plugin.ts';
import { contextFrom } from '../../../platform/context.ts';
import { ChampionSearchQuery } from '../shared/champions.schemas.ts';
import { CHOICES, pageLinks } from '../shared/champions.presenter.ts';
import { talentSearch } from './record.service.ts';

/** The talent register: who could do what, and when, across a practice or a network. */
export async function talentPages(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { organisationId: string }; Querystring: Record<string, string> }>(
    '/organisations/:organisationId/champions/talent',
    { preHandler: requireUser },
    async (request, reply) => {
      const query = ChampionSearchQuery.parse(request.query ?? {});
      const data = await talentSearch(contextFrom(request), request.params.organisationId, query);
      const pages = pageLinks(`/organisations/${data.organisation.id}/champions/talent`, query, data.results.total);
      return reply.view('champions/record/views/talent.njk', {
        ...data,
        query,
        choices: CHOICES,
        pages,
        columnClass: 'nhsuk-grid-column-full',
      });
    },
  );
}
