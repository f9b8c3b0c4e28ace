import type { Kysely } from 'kysely';
import type { Database } from '../../src/platform/db/schema.ts';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import type { FeedGetter } from './oruk-validator.ts';
import { mockFeedFile } from './oruk-validator.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The ORUK validator's mock feeds, copied as fixtures. */
export const MOCKS_DIR = path.join(here, '../fixtures/oruk-validator-mocks');

/** A feed answer: status and JSON body (or raw text). */
export interface FeedAnswer {
  status: number;
  body: unknown;
}

/** A running feed server on 127.0.0.1 and how to stop it. */
export interface FeedServer {
  url: string;
  /** Every path and query asked for, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** Serves `answer(pathAndQuery)` over real HTTP on a free loopback port. */
export async function startFeedServer(answer: (pathAndQuery: string) => FeedAnswer): Promise<FeedServer> {
  const app = Fastify({ logger: false });
  const requests: string[] = [];
  app.get('/*', async (request, reply) => {
    requests.push(request.url);
    const result = answer(request.url);
    reply.header('access-control-allow-origin', '*');
    return typeof result.body === 'string'
      ? reply.code(result.status).type('application/json').send(result.body)
      : reply.code(result.status).send(result.body);
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => app.close() };
}

/** Serves one of the validator's mock feeds (V3.0-UK-Default, -Warn or -Fail). */
export function startMockFeed(name: string): Promise<FeedServer> {
  const folder = path.join(MOCKS_DIR, name);
  return startFeedServer((pathAndQuery) => {
    const files = mockFeedFile(pathAndQuery)?.split('|') ?? [];
    const file = files.map((candidate) => path.join(folder, candidate)).find((candidate) => existsSync(candidate));
    return file
      ? { status: 200, body: readFileSync(file, 'utf8') }
      : { status: 404, body: { code: 'not_found', message: 'Not found' } };
  });
}

/** A crawler getter that uses real HTTP against a base URL. */
export function httpGetter(baseUrl: string): FeedGetter {
  return async (pathAndQuery) => {
    const response = await fetch(`${baseUrl}${pathAndQuery === '/' ? '' : pathAndQuery}`);
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    return { status: response.status, body, headers: Object.fromEntries(response.headers.entries()) };
  };
}

/**
 * The validator's mocks use fixed ids for their service, provider and location, and those ids are unique across
 * the database: a test that imports them starts from a clean slate, whichever test imported them before.
 */
export async function forgetValidatorMocks(db: Kysely<Database>): Promise<void> {
  const organizationId = 'd9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610';
  await db
    .deleteFrom('dir_services')
    .where((where) =>
      where.or([
        where('id', '=', 'ac148810-d857-441c-9679-408f346de14b'),
        where('organization_id', '=', organizationId),
      ]),
    )
    .execute();
  await db.deleteFrom('dir_locations').where('id', '=', '3a19ff88-4620-4d17-9830-ac1d859eb5d5').execute();
  await db.deleteFrom('dir_organizations').where('id', '=', organizationId).execute();
}
