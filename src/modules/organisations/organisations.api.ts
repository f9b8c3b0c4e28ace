import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentActor, requireUser } from '../../platform/auth/plugin.ts';
import { contextFrom } from '../../platform/context.ts';
import { searchAuditLog } from './audit-log.service.ts';
import { inviteMember, membersOf } from './members.service.ts';
import { AuditEventResponse, AuditQuery, InviteMemberBody, MemberResponse, OrganisationParams, OrganisationResponse } from './organisations.schemas.ts';
import { viewOrganisation } from './organisations.service.ts';

const tags = ['organisations'];
const ErrorResponse = z.object({ code: z.string(), message: z.string(), errors: z.record(z.string(), z.string()).optional() });

/** JSON API for organisations, members, invitations and the audit log. */
export async function organisationsApi(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/api/organisations', { preHandler: requireUser, schema: { tags, summary: 'Organisations you belong to', response: { 200: z.array(OrganisationResponse.pick({ id: true, name: true, kind: true, yourRoles: true })) } } }, async (request) =>
    currentActor(request).memberships.map((membership) => ({ id: membership.organisationId, name: membership.organisationName, kind: membership.organisationKind, yourRoles: membership.roles })),
  );

  api.get(
    '/api/organisations/:organisationId',
    { preHandler: requireUser, schema: { tags, summary: 'One organisation', params: OrganisationParams, response: { 200: OrganisationResponse, 404: ErrorResponse } } },
    async (request) => {
      const { organisation, yourRoles } = await viewOrganisation(contextFrom(request), request.params.organisationId);
      return { id: organisation.id, name: organisation.name, kind: organisation.kind, subtype: organisation.subtype, odsCode: organisation.ods_code, parentId: organisation.parent_id, yourRoles };
    },
  );

  api.get(
    '/api/organisations/:organisationId/members',
    { preHandler: requireUser, schema: { tags, summary: 'People and their roles', params: OrganisationParams, response: { 200: z.array(MemberResponse), 403: ErrorResponse, 404: ErrorResponse } } },
    async (request) => {
      const { members } = await membersOf(contextFrom(request), request.params.organisationId);
      return members.map(({ userId, displayName, email, roles }) => ({ userId, displayName, email, roles }));
    },
  );

  api.post(
    '/api/organisations/:organisationId/invitations',
    {
      preHandler: requireUser,
      schema: { tags, summary: 'Invite someone with a role', params: OrganisationParams, body: InviteMemberBody, response: { 201: z.object({ id: z.uuid() }), 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse } },
    },
    async (request, reply) => {
      const { invitationId } = await inviteMember(contextFrom(request), request.params.organisationId, request.body);
      return reply.code(201).send({ id: invitationId });
    },
  );

  api.get(
    '/api/organisations/:organisationId/audit-events',
    {
      preHandler: requireUser,
      schema: {
        tags,
        summary: 'Search the audit log',
        params: OrganisationParams,
        querystring: AuditQuery,
        response: { 200: z.object({ total: z.number(), page: z.number(), pages: z.number(), events: z.array(AuditEventResponse) }), 403: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => {
      const result = await searchAuditLog(contextFrom(request), request.params.organisationId, request.query);
      return {
        total: result.total,
        page: result.page,
        pages: result.pages,
        events: result.events.map((event) => ({
          id: event.id,
          at: event.at.toISOString(),
          actorUserId: event.actorUserId,
          actorEmail: event.actorEmail,
          action: event.action,
          organisationId: event.organisationId,
          organisationName: event.organisationName,
          subjectType: event.subjectType,
          subjectId: event.subjectId,
          requestId: event.requestId,
        })),
      };
    },
  );
}
