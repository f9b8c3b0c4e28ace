import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireUser } from '../../platform/auth/plugin.ts';
import { ROLES, roleLabel } from '../../platform/auth/roles.ts';
import { contextFrom } from '../../platform/context.ts';
import { readForm } from '../../platform/http/forms.ts';
import { AppError, ValidationError } from '../../lib/errors.ts';
import { grantRole, inviteMember, membersOf, removeRole, rolesOnOffer, withdrawInvitation } from './members.service.ts';
import { InviteMemberBody } from './organisations.schemas.ts';
import { viewOrganisation } from './organisations.service.ts';

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
  app.get<OrgParams & { Querystring: { done?: string } }>('/organisations/:organisationId/members', { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    const { organisation, abilities } = await viewOrganisation(ctx, request.params.organisationId);
    const { members, invitations } = await membersOf(ctx, organisation.id);
    const roleChoices = Object.entries(ROLES)
      .filter(([, definition]) => (definition.kinds as readonly string[]).includes(organisation.kind))
      .map(([value, definition]) => ({ value, text: definition.label }));
    return reply.view('organisations/views/members.njk', { organisation, abilities, members, invitations, roleChoices, flash: NOTICES[request.query.done ?? ''], backHref: `/organisations/${organisation.id}` });
  });

  app.get<OrgParams>('/organisations/:organisationId/members/invite', { preHandler: requireUser }, async (request, reply) => {
    const { organisation, roles } = await rolesOnOffer(contextFrom(request), request.params.organisationId);
    return reply.view('organisations/views/invite.njk', { organisation, roleItems: roleItems(roles), values: {} });
  });

  app.post<OrgParams>('/organisations/:organisationId/members/invite', { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    const { organisation, roles } = await rolesOnOffer(ctx, request.params.organisationId);
    const form = readForm(InviteMemberBody, request.body);
    const again = (errors: Record<string, string>, status: number) =>
      reply.view('organisations/views/invite.njk', { organisation, roleItems: roleItems(roles), values: form.ok ? form.data : form.values, errors }, status);
    if (!form.ok) {
      return again(form.errors, 400);
    }
    try {
      await inviteMember(ctx, organisation.id, form.data);
    } catch (error) {
      // Refusals about the person or role belong next to the field, with the form kept.
      if (error instanceof ValidationError) {
        return again(error.errors, 400);
      }
      if (error instanceof AppError && error.status < 500 && error.status !== 404) {
        return again({ email: error.message }, error.status);
      }
      throw error;
    }
    return reply.redirect(`/organisations/${organisation.id}/members?done=invited`, 303);
  });

  app.post<MemberParams>('/organisations/:organisationId/members/:userId/roles', { preHandler: requireUser }, async (request, reply) => {
    const form = RoleForm.safeParse(request.body);
    if (!form.success) {
      throw new ValidationError({ role: 'Select a role' });
    }
    await grantRole(contextFrom(request), request.params.organisationId, request.params.userId, form.data.role);
    return reply.redirect(`/organisations/${request.params.organisationId}/members?done=role-granted`, 303);
  });

  app.post<MemberParams>('/organisations/:organisationId/members/:userId/roles/remove', { preHandler: requireUser }, async (request, reply) => {
    const form = RoleForm.safeParse(request.body);
    if (!form.success) {
      throw new ValidationError({ role: 'Select a role' });
    }
    await removeRole(contextFrom(request), request.params.organisationId, request.params.userId, form.data.role);
    return reply.redirect(`/organisations/${request.params.organisationId}/members?done=role-removed`, 303);
  });

  app.post<{ Params: { organisationId: string; invitationId: string } }>(
    '/organisations/:organisationId/invitations/:invitationId/withdraw',
    { preHandler: requireUser },
    async (request, reply) => {
      await withdrawInvitation(contextFrom(request), request.params.organisationId, request.params.invitationId);
      return reply.redirect(`/organisations/${request.params.organisationId}/members?done=withdrawn`, 303);
    },
  );
}

function roleItems(roles: string[]) {
  return roles.map((role) => ({ value: role, text: roleLabel(role) }));
}
