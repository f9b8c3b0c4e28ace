import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireSystemAdmin } from '../../../platform/auth/plugin.ts';
import { contextFrom } from '../../../platform/context.ts';
import { submitForm } from '../../../platform/http/forms.ts';
import { ConflictError } from '../../../lib/errors.ts';
import { addProgrammePractice } from '../../organisations/index.ts';
import { tenancyOverview } from '../organisations/organisations.service.ts';
import { presentTenancy } from '../shared/tenancy.presenter.ts';

const ProgrammePracticeForm = z.object({
  practiceId: z.string({ error: 'Select a practice' }).min(1, 'Select a practice'),
});

/** The practices each programme supports: adding one, from the tenancy page. */
export async function programmePages(app: FastifyInstance): Promise<void> {
  app.post<{ Params: { organisationId: string } }>(
    '/admin/organisations/:organisationId/practices',
    { preHandler: requireSystemAdmin },
    async (request, reply) => {
      const ctx = contextFrom(request);
      const programmeId = request.params.organisationId;
      return submitForm(reply, {
        schema: ProgrammePracticeForm,
        body: request.body,
        submit: (form) => addProgrammePractice(ctx, programmeId, form.practiceId),
        redirect: () => '/admin/organisations?done=linked',
        refusal: (error) => (error instanceof ConflictError ? { practiceId: error.message } : undefined),
        // The refusal goes next to this programme's list, with the practice chosen kept.
        show: async ({ errors, values }, status) => {
          const refused = {
            programmeId,
            practiceId: String(values.practiceId ?? ''),
            message: Object.values(errors)[0] ?? 'Select a practice',
          };
          return reply.view(
            'administration/organisations/views/organisations.njk',
            presentTenancy(await tenancyOverview(ctx), { refused }),
            status,
          );
        },
      });
    },
  );
}
