import type { FastifyInstance } from 'fastify';
import { requireSystemAdmin } from '../../../platform/auth/plugin.ts';
import { contextFrom } from '../../../platform/context.ts';
import { shownValues, submitForm } from '../../../platform/http/forms.ts';
import {
  CreateOrganisationForm,
  InviteMemberBody,
  KIND_LABELS,
  SUBTYPES,
  createOrganisation,
  inviteMember,
  roleItems,
  rolesOnOffer,
} from '../../organisations/index.ts';
import { presentParentChoices, presentTenancy } from '../shared/tenancy.presenter.ts';
import { listAllOrganisations, tenancyOverview } from './organisations.service.ts';

const guard = { preHandler: requireSystemAdmin };

const FLASHES: Record<string, string> = {
  created: 'Organisation created.',
  invited: 'Invitation sent.',
  linked: 'Practice added to the programme.',
};

function subtypeItems(selected?: string) {
  return Object.entries(SUBTYPES).flatMap(([kind, subtypes]) =>
    Object.entries(subtypes).map(([value, text]) => ({
      value,
      text: `${KIND_LABELS[kind as keyof typeof KIND_LABELS]}: ${text}`,
      selected: value === selected,
    })),
  );
}

/** System administration of tenancy: every organisation, adding one, and inviting its first manager. */
export async function organisationPages(app: FastifyInstance): Promise<void> {
  app.get('/admin', guard, async (_request, reply) => reply.redirect('/admin/organisations', 303));

  app.get<{ Querystring: { done?: string } }>('/admin/organisations', guard, async (request, reply) => {
    const overview = await tenancyOverview(contextFrom(request));
    return reply.view(
      'administration/organisations/views/organisations.njk',
      presentTenancy(overview, { flash: FLASHES[request.query.done ?? ''] }),
    );
  });

  app.get('/admin/organisations/new', guard, async (request, reply) => {
    const organisations = presentParentChoices(await listAllOrganisations(contextFrom(request)));
    return reply.view('administration/organisations/views/new-organisation.njk', {
      values: {},
      subtypeItems: subtypeItems(),
      organisations,
    });
  });

  app.post('/admin/organisations/new', guard, async (request, reply) => {
    const ctx = contextFrom(request);
    return submitForm(reply, {
      schema: CreateOrganisationForm,
      body: request.body,
      submit: (form) => createOrganisation(ctx, form),
      redirect: () => '/admin/organisations?done=created',
      show: async ({ errors, values }) => {
        const shown = shownValues(CreateOrganisationForm, values);
        const organisations = presentParentChoices(await listAllOrganisations(ctx));
        return reply.view(
          'administration/organisations/views/new-organisation.njk',
          { values: shown, errors, subtypeItems: subtypeItems(String(shown.subtype ?? '')), organisations },
          400,
        );
      },
    });
  });

  app.get<{ Params: { organisationId: string } }>(
    '/admin/organisations/:organisationId/invite',
    guard,
    async (request, reply) => {
      const { organisation, roles } = await rolesOnOffer(contextFrom(request), request.params.organisationId);
      return reply.view('administration/organisations/views/invite.njk', {
        organisation: { id: organisation.id, name: organisation.name },
        roleItems: roleItems(roles),
        values: {},
      });
    },
  );

  app.post<{ Params: { organisationId: string } }>(
    '/admin/organisations/:organisationId/invite',
    guard,
    async (request, reply) => {
      const ctx = contextFrom(request);
      const { organisation, roles } = await rolesOnOffer(ctx, request.params.organisationId);
      return submitForm(reply, {
        schema: InviteMemberBody,
        body: request.body,
        submit: (form) => inviteMember(ctx, organisation.id, form),
        redirect: () => '/admin/organisations?done=invited',
        // Any refusal (the role, the person, a clash) is told next to the email, always as a 400.
        refusal: (error) => (error.status < 500 ? { email: error.message } : undefined),
        show: ({ errors, values }) =>
          reply.view(
            'administration/organisations/views/invite.njk',
            {
              organisation: { id: organisation.id, name: organisation.name },
              roleItems: roleItems(roles),
              values: shownValues(InviteMemberBody, values),
              errors,
            },
            400,
          ),
      });
    },
  );
}
