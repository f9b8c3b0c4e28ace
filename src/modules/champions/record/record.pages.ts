import type { FastifyInstance } from 'fastify';
import { requireUser } from '../../../platform/auth/plugin.ts';
import { contextFrom } from '../../../platform/context.ts';
import { presentRecord, RECORD_NOTICES } from './record.presenter.ts';
import { applicantRecord } from './record.service.ts';

type ChampionParams = { Params: { organisationId: string; championId: string } };

/** One applicant's or champion's record: stages, checks, roles, agreements and induction. */
export async function recordPages(app: FastifyInstance): Promise<void> {
  app.get<ChampionParams & { Querystring: { done?: string } }>(
    '/organisations/:organisationId/champions/:championId',
    { preHandler: requireUser },
    async (request, reply) => {
      const record = await applicantRecord(
        contextFrom(request),
        request.params.organisationId,
        request.params.championId,
      );
      return reply.view(
        'champions/record/views/record.njk',
        presentRecord(record, { flash: RECORD_NOTICES[request.query.done ?? ''] }),
      );
    },
  );
}
