import type { FastifyInstance } from 'fastify';
import { requireUser } from '../../../platform/auth/plugin.ts';
import { contextFrom } from '../../../platform/context.ts';
import { readForm } from '../../../platform/http/forms.ts';
import { presentAuditPages } from './audit-log.presenter.ts';
import { searchAuditLog } from './audit-log.service.ts';
import { viewOrganisation } from '../organisation/organisation.service.ts';
import { AuditQuery } from '../shared/organisations.schemas.ts';

/** The audit log page: search an organisation's trail by action, person, subject and dates. */
export async function auditLogPages(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { organisationId: string }; Querystring: Record<string, string> }>(
    '/organisations/:organisationId/audit',
    { preHandler: requireUser },
    async (request, reply) => {
      const ctx = contextFrom(request);
      const { organisation: found } = await viewOrganisation(ctx, request.params.organisationId);
      const organisation = { id: found.id, name: found.name };
      const form = readForm(AuditQuery, request.query);
      const backHref = `/organisations/${organisation.id}`;
      if (!form.ok) {
        return reply.view(
          'organisations/audit-log/views/audit.njk',
          { organisation, values: form.values, errors: form.errors, backHref },
          400,
        );
      }
      const result = await searchAuditLog(ctx, organisation.id, form.data);
      return reply.view('organisations/audit-log/views/audit.njk', {
        organisation,
        values: form.data,
        result,
        ...presentAuditPages(organisation.id, form.data, result),
        backHref,
      });
    },
  );
}
