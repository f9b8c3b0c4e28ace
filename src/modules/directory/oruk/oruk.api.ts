import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  type Lister,
  everyItem,
  onePage,
  organizationById,
  organizationsLister,
  pageRequest,
  serviceAtLocationById,
  serviceAtLocationsLister,
  serviceById,
  servicesLister,
  servicesPage,
} from './oruk-feed.service.ts';
import { taxonomiesLister, taxonomyById, taxonomyTermById, taxonomyTermsLister } from './oruk-taxonomies.service.ts';
import { ORUK_PROFILE, ORUK_VERSION } from './oruk.presenter.ts';
import {
  IdParams,
  OrganizationListQuery,
  OrganizationQuery,
  ServiceAtLocationListQuery,
  ServiceListQuery,
  TaxonomyListQuery,
  TaxonomyTermListQuery,
} from './oruk.schemas.ts';

const OPENAPI_FILE = new URL('./data/openapi.json', import.meta.url);

/** Headers every ORUK and FHIR response carries: public data, readable from any web page. */
export async function publicReadHeaders(app: FastifyInstance): Promise<void> {
  // Every read here answers everyone alike: kept rendered, with ETag and 304 (platform/http/public-cache.ts).
  app.addHook('onRoute', (route) => {
    route.config = { ...route.config, publicCache: [route.method].flat().includes('GET') };
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('access-control-allow-origin', '*');
    reply.header('cross-origin-resource-policy', 'cross-origin');
    reply.header('cache-control', reply.statusCode < 400 ? 'public, max-age=60' : 'no-store');
    return payload;
  });
  // CORS preflight for any path under the prefix; only GET is offered.
  const preflight = async (request: FastifyRequest, reply: FastifyReply) => {
    const asked = request.headers['access-control-request-headers'];
    return reply
      .code(204)
      .header('access-control-allow-methods', 'GET, HEAD, OPTIONS')
      .header(
        'access-control-allow-headers',
        typeof asked === 'string' && /^[\w\s,-]*$/.test(asked) ? asked : 'accept, content-type',
      )
      .header('access-control-max-age', '86400')
      .send();
  };
  app.options('/', { config: { csrf: false } }, preflight);
  app.options('/*', { config: { csrf: false } }, preflight);
}

/** Sends a whole list as newline-delimited JSON, streamed a page at a time. */
function sendNdjson(reply: FastifyReply, lister: Lister): FastifyReply {
  async function* lines(): AsyncGenerator<string> {
    for await (const item of everyItem(lister)) {
      yield `${JSON.stringify(item)}\n`;
    }
  }
  return reply.type('application/x-ndjson; charset=utf-8').send(Readable.from(lines()));
}

/** Sends one page as JSON, or everything as ndjson when the query asks for it. */
async function sendList(
  reply: FastifyReply,
  lister: Lister,
  query: { format: 'json' | 'ndjson'; page: number; per_page?: number },
  page = pageRequest(query),
) {
  if (query.format === 'ndjson') {
    return sendNdjson(reply, lister);
  }
  return reply.send(await onePage(lister, page));
}

/** The Open Referral UK 3.0 read API (mounted under /oruk): public, GET only, CORS open. */
export async function orukApi(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { baseUrl } = app.services.config;
  const openapi = {
    ...(JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')) as Record<string, unknown>),
    servers: [{ url: `${baseUrl}/oruk`, description: 'This Thirdspace directory' }],
  };
  await publicReadHeaders(app);

  api.get('/', async () => ({
    version: ORUK_VERSION,
    profile: ORUK_PROFILE,
    openapi_url: `${baseUrl}/oruk/openapi.json`,
  }));
  api.get('/openapi.json', async () => openapi);

  api.get('/services', { schema: { querystring: ServiceListQuery } }, async (request, reply) =>
    sendList(reply, servicesLister(app.db, request.query), request.query, servicesPage(request.query)),
  );
  api.get('/services/:id', { schema: { params: IdParams } }, async (request) => serviceById(app.db, request.params.id));

  api.get('/service_at_locations', { schema: { querystring: ServiceAtLocationListQuery } }, async (request, reply) =>
    sendList(reply, await serviceAtLocationsLister(app.db, request.query), request.query),
  );
  api.get('/service_at_locations/:id', { schema: { params: IdParams } }, async (request) =>
    serviceAtLocationById(app.db, request.params.id),
  );

  api.get('/organizations', { schema: { querystring: OrganizationListQuery } }, async (request, reply) =>
    sendList(reply, organizationsLister(app.db, request.query), request.query),
  );
  api.get('/organizations/:id', { schema: { params: IdParams, querystring: OrganizationQuery } }, async (request) =>
    organizationById(app.db, request.params.id, request.query.full_service ?? false),
  );

  api.get('/taxonomies', { schema: { querystring: TaxonomyListQuery } }, async (request, reply) =>
    sendList(reply, taxonomiesLister(app.db, request.query.search), request.query),
  );
  api.get('/taxonomies/:id', { schema: { params: IdParams } }, async (request) =>
    taxonomyById(app.db, request.params.id),
  );

  api.get('/taxonomy_terms', { schema: { querystring: TaxonomyTermListQuery } }, async (request, reply) =>
    sendList(reply, taxonomyTermsLister(app.db, request.query), request.query),
  );
  api.get('/taxonomy_terms/:id', { schema: { params: IdParams } }, async (request) =>
    taxonomyTermById(app.db, request.params.id),
  );
}
