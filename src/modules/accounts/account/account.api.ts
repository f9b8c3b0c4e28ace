import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { currentActor, requireUser } from '../../../platform/auth/plugin.ts';
import { MeResponse } from '../shared/accounts.schemas.ts';

/** GET /api/me: who is signed in, their organisations, and the CSRF token for API writes. */
export async function accountApi(app: FastifyInstance): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/me',
    {
      preHandler: requireUser,
      schema: { tags: ['accounts'], summary: 'The signed-in person', response: { 200: MeResponse } },
    },
    async (request, reply) => {
      const actor = currentActor(request);
      return {
        id: actor.userId,
        email: actor.email,
        displayName: actor.displayName,
        isSystemAdmin: actor.isSystemAdmin,
        twoFactorEnabled: actor.totpEnabled,
        activeOrganisationId: actor.activeOrganisationId,
        csrfToken: reply.generateCsrf(),
        organisations: actor.memberships.map((membership) => ({
          id: membership.organisationId,
          name: membership.organisationName,
          kind: membership.organisationKind,
          roles: membership.roles,
        })),
      };
    },
  );
}
