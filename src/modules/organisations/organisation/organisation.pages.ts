import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { currentActor, requireUser } from '../../../platform/auth/plugin.ts';
import { contextFrom } from '../../../platform/context.ts';
import { safeReturnPath } from '../../../platform/http/forms.ts';
import { ValidationError } from '../../../lib/errors.ts';
import { presentOrganisation } from './organisation.presenter.ts';
import { switchOrganisation, viewOrganisation } from './organisation.service.ts';

const SwitchForm = z.object({ organisationId: z.string().min(1), returnTo: z.string().max(500).optional() });

/** My organisations, one organisation's page, and switching the organisation I work in. */
export async function organisationPages(app: FastifyInstance): Promise<void> {
  app.get('/organisations', { preHandler: requireUser }, async (request, reply) => {
    currentActor(request);
    return reply.view('organisations/organisation/views/list.njk', {});
  });

  app.post('/organisations/switch', { preHandler: requireUser }, async (request, reply) => {
    const parsed = SwitchForm.safeParse(request.body);
    if (!parsed.success) {
      throw new ValidationError({ organisationId: 'Select an organisation' });
    }
    await switchOrganisation(contextFrom(request), parsed.data.organisationId);
    const back = safeReturnPath(parsed.data.returnTo);
    // The page they were on may belong to the organisation they just left.
    return reply.redirect(
      back.startsWith('/organisations/') ? `/organisations/${parsed.data.organisationId}` : back,
      303,
    );
  });

  app.get<{ Params: { organisationId: string } }>(
    '/organisations/:organisationId',
    { preHandler: requireUser },
    async (request, reply) => {
      const view = await viewOrganisation(contextFrom(request), request.params.organisationId);
      return reply.view('organisations/organisation/views/show.njk', presentOrganisation(view));
    },
  );
}
