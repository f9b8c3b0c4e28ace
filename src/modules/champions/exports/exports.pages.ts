import type { FastifyInstance } from 'fastify';
import { requireUser } from '../../../platform/auth/plugin.ts';
import { contextFrom } from '../../../platform/context.ts';
import { NotFoundError } from '../../../lib/errors.ts';
import { ExportRange, expensesExport, hoursExport, toCsv, toXlsx } from './exports.service.ts';
import { organisationName, staffScope } from '../self-service/self-service.service.ts';
import { readChampionForm } from '../shared/champions.schemas.ts';

type ExportParams = { Params: { organisationId: string; file: string }; Querystring: Record<string, string> };
const EXPORTERS = { hours: hoursExport, expenses: expensesExport } as const;

/** Hours and expenses exports for finance and funders, as CSV or XLSX, by date range. */
export async function exportPages(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { organisationId: string }; Querystring: Record<string, string> }>(
    '/organisations/:organisationId/champion-exports',
    { preHandler: requireUser },
    async (request, reply) => {
      const ctx = contextFrom(request);
      const { organisationId } = request.params;
      await staffScope(ctx, 'champions:verify-hours', organisationId);
      const form = readChampionForm(ExportRange, request.query);
      const range = form.ok ? form.data : { from: '', to: '' };
      const query = new URLSearchParams(Object.entries(range).filter(([, value]) => value !== '')).toString();
      return reply.view(
        'champions/exports/views/exports.njk',
        {
          organisation: { id: organisationId, name: await organisationName(ctx, organisationId) },
          values: form.ok ? form.data : form.values,
          errors: form.ok ? undefined : form.errors,
          query: query ? `?${query}` : '',
        },
        form.ok ? 200 : 400,
      );
    },
  );

  app.get<ExportParams>(
    '/organisations/:organisationId/champion-exports/:file',
    { preHandler: requireUser },
    async (request, reply) => {
      const match = /^(hours|expenses)\.(csv|xlsx)$/.exec(request.params.file);
      const ctx = contextFrom(request);
      await staffScope(ctx, 'champions:verify-hours', request.params.organisationId);
      if (!match) {
        throw new NotFoundError();
      }
      const form = readChampionForm(ExportRange, request.query);
      if (!form.ok) {
        const organisation = {
          id: request.params.organisationId,
          name: await organisationName(ctx, request.params.organisationId),
        };
        return reply.view(
          'champions/exports/views/exports.njk',
          { organisation, values: form.values, errors: form.errors, query: '' },
          400,
        );
      }
      const [, kind, format] = match as unknown as [string, keyof typeof EXPORTERS, 'csv' | 'xlsx'];
      const table = await EXPORTERS[kind](ctx, request.params.organisationId, form.data);
      const name = `champion-${kind}${form.data.from ? `-from-${form.data.from}` : ''}${form.data.to ? `-to-${form.data.to}` : ''}.${format}`;
      reply.header('content-disposition', `attachment; filename="${name}"`);
      if (format === 'csv') {
        return reply.type('text/csv; charset=utf-8').send(toCsv(table));
      }
      return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await toXlsx(table));
    },
  );
}
