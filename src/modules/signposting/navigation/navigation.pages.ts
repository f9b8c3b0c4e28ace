import type { FastifyInstance, FastifyReply } from 'fastify';
import { requireUser } from '../../../platform/auth/plugin.ts';
import { type ServiceContext, contextFrom } from '../../../platform/context.ts';
import { type FormState, keptValues, submitForm } from '../../../platform/http/forms.ts';
import { CHANNEL_LABELS, NavigationForm, SOURCE_LABELS } from './navigation.schemas.ts';
import { navigationPage, navigationScope, recordNavigation } from './navigation.service.ts';
import { destinationItems, labelItems, needItems } from './navigation.presenter.ts';

type OrganisationParams = { Params: { organisationId: string } };

const NOTICES: Record<string, string> = { recorded: 'Recorded. Ready for the next caller.' };

async function showForm(
  ctx: ServiceContext,
  reply: FastifyReply,
  organisationId: string,
  state: FormState,
  status = 200,
  flash?: string,
) {
  const values = state.values;
  const page = await navigationPage(ctx, organisationId, values);
  const errors = page.searchError ? { ...state.errors, q: page.searchError } : state.errors;
  return reply.view(
    'signposting/navigation/views/navigate.njk',
    {
      action: `/organisations/${organisationId}/signposting/navigate`,
      unmetHref: `/organisations/${organisationId}/unmet-needs/new`,
      values,
      errors,
      flash,
      searched: page.outcome !== null,
      sourceItems: labelItems(SOURCE_LABELS, values.source ?? 'phone'),
      needItems: needItems(page.needs, values.needs),
      destinationItems: destinationItems(page.chosen, page.outcome),
      channelItems: labelItems(CHANNEL_LABELS, values.channels),
    },
    status,
  );
}

/** Care navigation at reception (S4): one keyboard-friendly page, with the directory search inline. */
export async function navigationPages(app: FastifyInstance): Promise<void> {
  const base = '/organisations/:organisationId/signposting/navigate';

  app.get<OrganisationParams & { Querystring: { done?: string } }>(
    base,
    { preHandler: requireUser },
    async (request, reply) =>
      showForm(
        contextFrom(request),
        reply,
        request.params.organisationId,
        { errors: {}, values: {} },
        200,
        NOTICES[request.query.done ?? ''],
      ),
  );

  app.post<OrganisationParams>(base, { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    const { organisationId } = request.params;
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (body.action === 'search' && body.redFlag !== 'yes') {
      return showForm(ctx, reply, organisationId, { errors: {}, values: keptValues(body) });
    }
    return submitForm(reply, {
      schema: NavigationForm,
      body,
      submit: (form) => recordNavigation(ctx, organisationId, form),
      redirect: (recorded) =>
        `/organisations/${organisationId}/signposting/${recorded.outcome === 'red_flag' ? 'red-flag' : 'navigate?done=recorded'}`,
      show: (state, status) => showForm(ctx, reply, organisationId, state, status),
    });
  });

  app.get<OrganisationParams>(
    '/organisations/:organisationId/signposting/red-flag',
    { preHandler: requireUser },
    async (request, reply) => {
      await navigationScope(contextFrom(request), request.params.organisationId);
      return reply.view('signposting/navigation/views/red-flag.njk', {
        next: `/organisations/${request.params.organisationId}/signposting/navigate`,
      });
    },
  );
}
