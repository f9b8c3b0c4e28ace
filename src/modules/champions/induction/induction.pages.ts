import type { FastifyInstance, FastifyReply } from 'fastify';
import { requireUser } from '../../../platform/auth/plugin.ts';
import { contextFrom, type ServiceContext } from '../../../platform/context.ts';
import { type FormState, submitForm } from '../../../platform/http/forms.ts';
import {
  addInductionItem,
  InductionItemForm,
  listInductionItems,
  removeInductionItem,
  tickInduction,
} from './induction.service.ts';
import { presentInductionList } from './induction.presenter.ts';

type OrgParams = { Params: { organisationId: string } };

/** The induction checklist page, with a notice or a failed form. */
async function showChecklist(
  ctx: ServiceContext,
  reply: FastifyReply,
  organisationId: string,
  extra: Partial<FormState> & { flash?: string },
  status = 200,
) {
  return reply.view(
    'champions/induction/views/induction.njk',
    { ...presentInductionList(await listInductionItems(ctx, organisationId)), values: {}, ...extra },
    status,
  );
}

/** A practice's induction checklist, and ticking an item off on a champion's record. */
export async function inductionPages(app: FastifyInstance): Promise<void> {
  app.get<OrgParams & { Querystring: { done?: string } }>(
    '/organisations/:organisationId/champions/induction',
    { preHandler: requireUser },
    async (request, reply) => {
      const flash =
        request.query.done === 'added' ? 'Item added.' : request.query.done === 'removed' ? 'Item removed.' : undefined;
      return showChecklist(contextFrom(request), reply, request.params.organisationId, { flash });
    },
  );

  app.post<OrgParams>(
    '/organisations/:organisationId/champions/induction',
    { preHandler: requireUser },
    async (request, reply) => {
      const ctx = contextFrom(request);
      const { organisationId } = request.params;
      return submitForm(reply, {
        schema: InductionItemForm,
        body: request.body,
        submit: (data) => addInductionItem(ctx, organisationId, data.label),
        redirect: () => `/organisations/${organisationId}/champions/induction?done=added`,
        show: (state, status) => showChecklist(ctx, reply, organisationId, state, status),
      });
    },
  );

  app.post<OrgParams & { Params: { itemId: string } }>(
    '/organisations/:organisationId/champions/induction/:itemId/remove',
    { preHandler: requireUser },
    async (request, reply) => {
      await removeInductionItem(contextFrom(request), request.params.organisationId, request.params.itemId);
      return reply.redirect(`/organisations/${request.params.organisationId}/champions/induction?done=removed`, 303);
    },
  );

  app.post<{ Params: { organisationId: string; championId: string; itemId: string } }>(
    '/organisations/:organisationId/champions/:championId/induction/:itemId',
    { preHandler: requireUser },
    async (request, reply) => {
      const { organisationId, championId, itemId } = request.params;
      await tickInduction(contextFrom(request), organisationId, championId, itemId);
      return reply.redirect(`/organisations/${organisationId}/champions/${championId}?done=ticked#induction`, 303);
    },
  );
}
