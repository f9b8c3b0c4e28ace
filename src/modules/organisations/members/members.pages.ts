import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireUser } from '../../../platform/auth/plugin.ts';
import { ROLES } from '../../../platform/auth/roles.ts';
import { contextFrom } from '../../../platform/context.ts';
import { shownValues, submitForm } from '../../../platform/http/forms.ts';
import { ValidationError } from '../../../lib/errors.ts';
import { viewOrganisation } from '../organisation/organisation.service.ts';
import { InviteMemberBody } from '../shared/organisations.schemas.ts';
import { presentMembers, roleItems } from './members.presenter.ts';
import { grantRole, inviteMember, membersOf, removeRole, rolesOnOffer, withdrawInvitation } from './members.service.ts';

type OrgParams = { Params: { organisationId: string } };
type MemberParams = { Params: { organisationId: string; userId: string } };
const RoleForm = z.object({ role: z.string().min(1).max(50) });

const NOTICES: Record<string, string> = {
  invited: 'Invitation sent.',
  'role-granted': 'Role added.',
  'role-removed': 'Role removed.',
  withdrawn: 'Invitation withdrawn.',
};

/** People and roles in an organisation: list, invite, add and remove roles. */
export async function memberPages(app: FastifyInstance): Promise<void> {
  app.get<OrgParams & { Querystring: { done?: string } }>(
    '/organisations/:organisationId/members',
    { preHandler: requireUser },
    async (request, reply) => {
      const ctx = contextFrom(request);
      const { organisation, abilities } = await viewOrganisation(ctx, request.params.organisationId);
      const { members, invitations } = await membersOf(ctx, organisation.id);
      const roleChoices = Object.entries(ROLES)
        .filter(([, definition]) => (definition.kinds as readonly string[]).includes(organisation.kind))
        .map(([value, definition]) => ({ value, text: definition.label }));
      return reply.view('organisations/members/views/members.njk', {
        ...presentMembers(organisation, members, invitations),
        abilities,
        roleChoices,
        flash: NOTICES[request.query.done ?? ''],
        backHref: `/organisations/${organisation.id}`,
      });
    },
  );

  app.get<OrgParams>(
    '/organisations/:organisationId/members/invite',
    { preHandler: requireUser },
    async (request, reply) => {
      const { organisation, roles } = await rolesOnOffer(contextFrom(request), request.params.organisationId);
      return reply.view('organisations/members/views/invite.njk', {
        organisation: { id: organisation.id, name: organisation.name },
        roleItems: roleItems(roles),
        values: {},
      });
    },
  );

  app.post<OrgParams>(
    '/organisations/:organisationId/members/invite',
    { preHandler: requireUser },
    async (request, reply) => {
      const ctx = contextFrom(request);
      const { organisation, roles } = await rolesOnOffer(ctx, request.params.organisationId);
      return submitForm(reply, {
        schema: InviteMemberBody,
        body: request.body,
        submit: (form) => inviteMember(ctx, organisation.id, form),
        redirect: () => `/organisations/${organisation.id}/members?done=invited`,
        // Refusals about the person or role belong next to the field, with the form kept.
        refusal: (error) => (error.status < 500 && error.status !== 404 ? { email: error.message } : undefined),
        show: ({ errors, values }, status) =>
          reply.view(
            'organisations/members/views/invite.njk',
            {
              organisation: { id: organisation.id, name: organisation.name },
              roleItems: roleItems(roles),
              values: shownValues(InviteMemberBody, values),
              errors,
            },
            status,
          ),
      });
    },
  );

  app.post<MemberParams>(
    '/organisations/:organisationId/members/:userId/roles',
    { preHandler: requireUser },
    async (request, reply) => {
      const form = RoleForm.safeParse(request.body);
      if (!form.success) {
        throw new ValidationError({ role: 'Select a role' });
      }
      await grantRole(contextFrom(request), request.params.organisationId, request.params.userId, form.data.role);
      return reply.redirect(`/organisations/${request.params.organisationId}/members?done=role-granted`, 303);
    },
  );

  app.post<MemberParams>(
    '/organisations/:organisationId/members/:userId/roles/remove',
    { preHandler: requireUser },
    async (request, reply) => {
      const form = RoleForm.safeParse(request.body);
      if (!form.success) {
        throw new ValidationError({ role: 'Select a role' });
      }
      await removeRole(contextFrom(request), request.params.organisationId, request.params.userId, form.data.role);
      return reply.redirect(`/organisations/${request.params.organisationId}/members?done=role-removed`, 303);
    },
  );

  app.post<{ Params: { organisationId: string; invitationId: string } }>(
    '/organisations/:organisationId/invitations/:invitationId/withdraw',
    { preHandler: requireUser },
    async (request, reply) => {
      await withdrawInvitation(contextFrom(request), request.params.organisationId, request.params.invitationId);
      return reply.redirect(`/organisations/${request.params.organisationId}/members?done=withdrawn`, 303);
    },
  );
}
