import type { FastifyInstance } from 'fastify';
import { requireUser } from '../../../platform/auth/plugin.ts';
import { contextFrom } from '../../../platform/context.ts';
import { submitForm } from '../../../platform/http/forms.ts';
import { championForm } from '../shared/champions.schemas.ts';
import { EXIT_QUESTIONS, LeaveForm, PauseForm } from './exit.schemas.ts';
import { championForExit, leaveChampion, pauseChampion, referenceLetter } from './exit.service.ts';
import { presentChampionHeading } from '../shared/champions.presenter.ts';
import { withDateField } from '../../../lib/dates.ts';
import { presentReferenceLetter } from './exit.presenter.ts';

type ChampionParams = { Params: { organisationId: string; championId: string } };
const questions = Object.entries(EXIT_QUESTIONS).map(([name, question]) => ({
  name,
  label: question.label,
  answers: Object.entries(question.answers).map(([value, text]) => ({ value, text })),
}));

/** Pause (with a return date), leave (with an optional exit conversation) and the reference letter. */
export async function exitPages(app: FastifyInstance): Promise<void> {
  const base = '/organisations/:organisationId/champions/:championId';
  app.get<ChampionParams>(`${base}/pause`, { preHandler: requireUser }, async (request, reply) =>
    reply.view('champions/exit/views/exit-pause.njk', {
      ...presentChampionHeading(
        await championForExit(contextFrom(request), request.params.organisationId, request.params.championId),
      ),
      values: {},
    }),
  );

  app.post<ChampionParams>(`${base}/pause`, { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    const { organisationId, championId } = request.params;
    return submitForm(reply, {
      schema: championForm(PauseForm),
      body: withDateField(request.body, 'returnOn'),
      submit: (data) => pauseChampion(ctx, organisationId, championId, data.returnOn),
      redirect: () => `/organisations/${organisationId}/champions/${championId}?done=paused`,
      show: async (state, status) =>
        reply.view(
          'champions/exit/views/exit-pause.njk',
          { ...presentChampionHeading(await championForExit(ctx, organisationId, championId)), ...state },
          status,
        ),
    });
  });

  app.get<ChampionParams>(`${base}/leave`, { preHandler: requireUser }, async (request, reply) =>
    reply.view('champions/exit/views/exit-leave.njk', {
      ...presentChampionHeading(
        await championForExit(contextFrom(request), request.params.organisationId, request.params.championId),
      ),
      questions,
      values: {},
    }),
  );

  app.post<ChampionParams>(`${base}/leave`, { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    const { organisationId, championId } = request.params;
    return submitForm(reply, {
      schema: championForm(LeaveForm),
      body: withDateField(request.body, 'leftOn'),
      submit: (data) => leaveChampion(ctx, organisationId, championId, data),
      redirect: () => `/organisations/${organisationId}/champions/${championId}/reference-letter`,
      show: async (state, status) =>
        reply.view(
          'champions/exit/views/exit-leave.njk',
          { ...presentChampionHeading(await championForExit(ctx, organisationId, championId)), questions, ...state },
          status,
        ),
    });
  });

  app.get<ChampionParams>(`${base}/reference-letter`, { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    const letter = await referenceLetter(ctx, request.params.organisationId, request.params.championId);
    return reply.view('champions/exit/views/exit-reference.njk', presentReferenceLetter(letter, ctx.clock.now()));
  });
}
