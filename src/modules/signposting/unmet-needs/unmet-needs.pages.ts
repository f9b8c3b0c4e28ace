import type { FastifyInstance, FastifyReply } from 'fastify';
import { requireUser } from '../../../platform/auth/plugin.ts';
import { type ServiceContext, contextFrom } from '../../../platform/context.ts';
import { type FormState, submitForm } from '../../../platform/http/forms.ts';
import { UnmetNeedForm } from './unmet-needs.schemas.ts';
import { recordUnmetNeed, unmetNeedChoices } from './unmet-needs.service.ts';

type OrganisationParams = { Params: { organisationId: string } };

async function showForm(
  ctx: ServiceContext,
  reply: FastifyReply,
  organisationId: string,
  state: FormState,
  status = 200,
  flash?: string,
) {
  const needs = await unmetNeedChoices(ctx, organisationId);
  const needItems = [
    { value: '', text: 'Choose a need' },
    ...needs.map((need) => ({ value: need.id, text: need.name, selected: need.id === state.values.needTermId })),
  ];
  const action = `/organisations/${organisationId}/unmet-needs/new`;
  return reply.view('signposting/unmet-needs/views/unmet-need.njk', { ...state, needItems, action, flash }, status);
}

/** Unmet needs: what nothing in the directory meets, counted for the network and commissioners. */
export async function unmetNeedPages(app: FastifyInstance): Promise<void> {
  const path = '/organisations/:organisationId/unmet-needs/new';

  app.get<OrganisationParams & { Querystring: { done?: string } }>(
    path,
    { preHandler: requireUser },
    async (request, reply) => {
      const flash = request.query.done === 'recorded' ? 'Unmet need recorded. Thank you.' : undefined;
      return showForm(
        contextFrom(request),
        reply,
        request.params.organisationId,
        { errors: {}, values: {} },
        200,
        flash,
      );
    },
  );

  app.post<OrganisationParams>(path, { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    const { organisationId } = request.params;
    return submitForm(reply, {
      schema: UnmetNeedForm,
      body: request.body,
      submit: (form) => recordUnmetNeed(ctx, organisationId, form),
      redirect: () => `/organisations/${organisationId}/unmet-needs/new?done=recorded`,
      show: (state, status) => showForm(ctx, reply, organisationId, state, status),
    });
  });
}
