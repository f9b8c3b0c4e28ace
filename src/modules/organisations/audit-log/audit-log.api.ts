import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../../platform/auth/plugin.ts';
import { contextFrom } from '../../../platform/context.ts';
import { AuditEventResponse, AuditQuery, ErrorResponse, OrganisationParams } from '../shared/organisations.schemas.ts';
import { searchAuditLog } from './audit-log.service.ts';

const tags = ['organisations'];

/** JSON API for searching an organisation's audit log. */
export async function auditLogApi(app: FastifyInstance): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/organisations/:organisationId/audit-events',
    {
      preHandler: requireUser,
      schema: {
        tags,
        summary: 'Search the audit log',
        params: OrganisationParams,
        querystring: AuditQuery,
        response: {
          200: z.object({
            total: z.number(),
            page: z.number(),
            pages: z.number(),
            events: z.array(AuditEventResponse),
          }),
          403: ErrorResponse,
          404: ErrorResponse,
        },
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
