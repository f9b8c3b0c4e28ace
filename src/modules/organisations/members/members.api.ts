import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../../platform/auth/plugin.ts';
import { contextFrom } from '../../../platform/context.ts';
import {
  ErrorResponse,
  InviteMemberBody,
  MemberResponse,
  OrganisationParams,
} from '../shared/organisations.schemas.ts';
import { inviteMember, membersOf } from './members.service.ts';

const tags = ['organisations'];

/** JSON API for an organisation's members and inviting someone. */
export async function membersApi(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/organisations/:organisationId/members',
    {
      preHandler: requireUser,
      schema: {
        tags,
        summary: 'People and their roles',
        params: OrganisationParams,
        response: { 200: z.array(MemberResponse), 403: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => {
      const { members } = await membersOf(contextFrom(request), request.params.organisationId);
      return members.map(({ userId, displayName, email, roles }) => ({ userId, displayName, email, roles }));
    },
  );

  api.post(
    '/api/organisations/:organisationId/invitations',
    {
      preHandler: requireUser,
      schema: {
        tags,
        summary: 'Invite someone with a role',
        params: OrganisationParams,
        body: InviteMemberBody,
        response: {
          201: z.object({ id: z.uuid() }),
          400: ErrorResponse,
          403: ErrorResponse,
          404: ErrorResponse,
          409: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const { invitationId } = await inviteMember(contextFrom(request), request.params.organisationId, request.body);
      return reply.code(201).send({ id: invitationId });
    },
  );
}
