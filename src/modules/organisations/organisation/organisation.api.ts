import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentActor, requireUser } from '../../../platform/auth/plugin.ts';
import { contextFrom } from '../../../platform/context.ts';
import { ErrorResponse, OrganisationParams, OrganisationResponse } from '../shared/organisations.schemas.ts';
import { viewOrganisation } from './organisation.service.ts';

const tags = ['organisations'];

/** JSON API for the organisations you belong to and one organisation. */
export async function organisationApi(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/organisations',
    {
      preHandler: requireUser,
      schema: {
        tags,
        summary: 'Organisations you belong to',
        response: { 200: z.array(OrganisationResponse.pick({ id: true, name: true, kind: true, yourRoles: true })) },
      },
    },
    async (request) =>
      currentActor(request).memberships.map((membership) => ({
        id: membership.organisationId,
        name: membership.organisationName,
        kind: membership.organisationKind,
        yourRoles: membership.roles,
      })),
  );

  api.get(
    '/api/organisations/:organisationId',
    {
      preHandler: requireUser,
      schema: {
        tags,
        summary: 'One organisation',
        params: OrganisationParams,
        response: { 200: OrganisationResponse, 404: ErrorResponse },
      },
    },
    async (request) => {
      const { organisation, yourRoles } = await viewOrganisation(contextFrom(request), request.params.organisationId);
      return {
        id: organisation.id,
        name: organisation.name,
        kind: organisation.kind,
        subtype: organisation.subtype,
        odsCode: organisation.ods_code,
        parentId: organisation.parent_id,
        yourRoles,
      };
    },
  );
}
