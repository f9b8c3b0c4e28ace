import type { FastifyError, FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, NotFoundError } from '../../../lib/errors.ts';
import {
  type FhirObject,
  operationOutcome,
  presentBundle,
  presentFhirLocation,
  presentFhirOrganization,
  presentHealthcareService,
  UK_CORE,
} from './fhir.presenter.ts';
import { publicReadHeaders } from '../oruk/oruk.api.ts';
import { SearchText } from '../oruk/oruk.schemas.ts';
import { findPublicOrganization, isPublicLocation } from '../oruk/oruk.repo.ts';
import { loadLocations } from '../shared/service-parts.repo.ts';
import { PUBLIC, findService, findServices, listServices } from '../shared/services.repo.ts';

const FHIR_JSON = 'application/fhir+json; charset=utf-8';
const IdParams = z.object({ id: z.string().max(64) });
const SearchQuery = z.object({
  _id: z.string().max(2000).optional(),
  name: SearchText.optional(),
  _include: z.union([z.string(), z.array(z.string())]).optional(),
  _count: z.coerce.number().int().min(1).max(100).default(20),
  _offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

/** The FHIR R4 read API for the directory (mounted under /fhir): public, GET only. */
export async function fhirApi(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { baseUrl } = app.services.config;
  await publicReadHeaders(app);
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('content-type', FHIR_JSON);
    return payload;
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    // A value PostgreSQL could not read (class 22) is the caller's mistake, not ours.
    const badValue = typeof error.code === 'string' && error.code.startsWith('22');
    const status =
      error instanceof AppError ? error.status : error.validation || badValue ? 400 : (error.statusCode ?? 500);
    if (status >= 500) {
      request.log.error({ err: error }, 'FHIR request failed');
    }
    const code = status === 404 ? 'not-found' : status < 500 ? 'invalid' : 'exception';
    const message =
      status >= 500
        ? 'Sorry, there is a problem with the service'
        : error.validation || badValue
          ? 'A search parameter was not in the expected form'
          : error.message;
    return reply.code(status).send(operationOutcome(code, message));
  });
  app.setNotFoundHandler(async (_request, reply) =>
    reply
      .code(404)
      .send(operationOutcome('not-supported', 'This server offers HealthcareService, Location and Organization')),
  );

  api.get('/metadata', async () => capabilityStatement(baseUrl));

  api.get('/HealthcareService/:id', { schema: { params: IdParams } }, async (request) => {
    const service = await findService(app.db, PUBLIC, request.params.id);
    if (!service) {
      throw new NotFoundError('No published service has this id');
    }
    return presentHealthcareService(service, baseUrl);
  });

  api.get('/HealthcareService', { schema: { querystring: SearchQuery } }, async (request) => {
    const query = request.query;
    const ids = query._id ? query._id.split(',').map((id) => id.trim()) : undefined;
    const page = await listServices(
      app.db,
      PUBLIC,
      { ids, search: query.name },
      { number: 1 + Math.floor(query._offset / query._count), size: query._count },
    );
    const services = await findServices(
      app.db,
      PUBLIC,
      page.items.map((item) => item.id),
    );
    const includes = new Set([query._include ?? []].flat());
    const included: FhirObject[] = [];
    if (includes.has('HealthcareService:location') || includes.has('*')) {
      const locations = await loadLocations(
        app.db,
        services.flatMap((service) => service.serviceAtLocations.map((sal) => sal.location.id)),
      );
      included.push(...[...locations.values()].map(presentFhirLocation));
    }
    if (
      includes.has('HealthcareService:organization') ||
      includes.has('HealthcareService:providedBy') ||
      includes.has('*')
    ) {
      const providers = new Map(
        services.flatMap((service) =>
          service.organization ? [[service.organization.id, service.organization] as const] : [],
        ),
      );
      included.push(...[...providers.values()].map(presentFhirOrganization));
    }
    const matches = services.map((service) => presentHealthcareService(service, baseUrl));
    return presentBundle(matches, included, page.total, `${baseUrl}${request.url}`, baseUrl);
  });

  api.get('/Location/:id', { schema: { params: IdParams } }, async (request) => {
    const location = (await isPublicLocation(app.db, request.params.id))
      ? (await loadLocations(app.db, [request.params.id])).get(request.params.id)
      : undefined;
    if (!location) {
      throw new NotFoundError('No location of a published service has this id');
    }
    return presentFhirLocation(location);
  });

  api.get('/Organization/:id', { schema: { params: IdParams } }, async (request) => {
    const found = await findPublicOrganization(app.db, request.params.id);
    if (!found) {
      throw new NotFoundError('No provider of a published service has this id');
    }
    return presentFhirOrganization(found.organization);
  });
}

/** What this FHIR server offers, for clients that ask first. */
function capabilityStatement(baseUrl: string): FhirObject {
  const resource = (type: string, profile: string, search: boolean): FhirObject => ({
    type,
    profile,
    interaction: [{ code: 'read' }, ...(search ? [{ code: 'search-type' }] : [])],
    ...(search
      ? {
          searchInclude: ['HealthcareService:location', 'HealthcareService:organization'],
          searchParam: [
            { name: '_id', type: 'token' },
            { name: 'name', type: 'string' },
          ],
        }
      : {}),
  });
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-11-23',
    kind: 'instance',
    fhirVersion: '4.0.1',
    format: ['application/fhir+json'],
    implementation: { description: 'Thirdspace directory of local services', url: `${baseUrl}/fhir` },
    rest: [
      {
        mode: 'server',
        resource: [
          resource('HealthcareService', UK_CORE.healthcareService, true),
          resource('Location', UK_CORE.location, false),
          resource('Organization', UK_CORE.organization, false),
        ],
      },
    ],
  };
}
