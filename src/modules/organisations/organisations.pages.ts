import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { currentActor, requireUser } from '../../platform/auth/plugin.ts';
import { contextFrom } from '../../platform/context.ts';
import { safeReturnPath } from '../../platform/http/forms.ts';
import { ValidationError } from '../../lib/errors.ts';
import { KIND_LABELS, SUBTYPES } from './organisations.schemas.ts';
import { switchOrganisation, viewOrganisation } from './organisations.service.ts';

const SwitchForm = z.object({ organisationId: z.string().min(1), returnTo: z.string().max(500).optional() });

/** Label for an organisation's type, such as "Primary care network". */
export function subtypeLabel(kind: keyof typeof SUBTYPES, subtype: string): string {
  return (SUBTYPES[kind] as Record<string, string>)[subtype] ?? KIND_LABELS[kind];
}

/** My organisations, one organisation's page, and switching the organisation I work in. */
export async function organisationPages(app: FastifyInstance): Promise<void> {
  app.get('/organisations', { preHandler: requireUser }, async (request, reply) => {
    currentActor(request);
    return reply.view('organisations/views/list.njk', {});
  });

  app.post('/organisations/switch', { preHandler: requireUser }, async (request, reply) => {
    const parsed = SwitchForm.safeParse(request.body);
    if (!parsed.success) {
      throw new ValidationError({ organisationId: 'Select an organisation' });
    }
    await switchOrganisation(contextFrom(request), parsed.data.organisationId);
    const back = safeReturnPath(parsed.data.returnTo);
    // The page they were on may belong to the organisation they just left.
    return reply.redirect(back.startsWith('/organisations/') ? `/organisations/${parsed.data.organisationId}` : back, 303);
  });

  app.get<{ Params: { organisationId: string } }>('/organisations/:organisationId', { preHandler: requireUser }, async (request, reply) => {
    const view = await viewOrganisation(contextFrom(request), request.params.organisationId);
    return reply.view('organisations/views/show.njk', {
      ...view,
      typeLabel: subtypeLabel(view.organisation.kind, view.organisation.subtype),
    });
  });
}
