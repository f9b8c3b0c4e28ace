import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { DestinationStream, Logger } from 'pino';
import type { Config } from './config.ts';
import { type Clock, systemClock } from './lib/dates.ts';
import { newId } from './lib/ids.ts';
import authentication from './platform/auth/plugin.ts';
import { type DatabaseHandle, openDatabase } from './platform/db/database.ts';
import database from './platform/db/plugin.ts';
import { migrateConfigured } from './platform/db/migrate.ts';
import { checkReadiness, migratedTables } from './platform/db/readiness.ts';
import assets, { buildManifest, layoutAssetSources, nhsukStylesheet } from './platform/http/assets.ts';
import compression from './platform/http/compression.ts';
import { trackDataChanges } from './platform/http/data-version.repo.ts';
import errors, { rewriteBadAddress } from './platform/http/errors.ts';
import publicCache from './platform/http/public-cache.ts';
import { OneLinePerRequest } from './platform/http/request-log.ts';
import sanitise from './platform/http/sanitise.ts';
import security from './platform/http/security.ts';
import { JobQueue } from './platform/jobs/queue.ts';
import { loggerOptions } from './platform/logging.ts';
import { type EmailTransport, Notifier, transportFromConfig } from './platform/notify/notifier.ts';
import navigation from './platform/views/navigation.ts';
import views from './platform/views/index.ts';
import accounts from './modules/accounts/index.ts';
import administration from './modules/administration/index.ts';
import home from './modules/home/index.ts';
import organisations from './modules/organisations/index.ts';
import champions from './modules/champions/index.ts';
import directory from './modules/directory/index.ts';
import activities from './modules/activities/index.ts';
import signposting from './modules/signposting/index.ts';
import { registerSweeps } from './platform/jobs/sweeps.ts';
import { type SmsTransport, smsTransportFromConfig } from './platform/notify/sms.ts';
import { keyRingOf } from './platform/crypto.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The shared services every module is handed. */
export interface Services {
  config: Config;
  notifier: Notifier;
  jobs: JobQueue;
  /** Where "now" comes from (tests pass a fixed clock). */
  clock: Clock;
}

/** What tests and the CLI may swap for fakes. */
export interface AppOverrides {
  database?: DatabaseHandle;
  emailTransport?: EmailTransport;
  smsTransport?: SmsTransport;
  /** false silences logging (tests). */
  logger?: false;
  /** Where log lines go instead of standard output (tests that read them). */
  logStream?: DestinationStream;
  /** Start the job worker (default: config.jobsEnabled). Tests drain the queue by hand. */
  startJobs?: boolean;
  /** A clock other than the system's (tests). */
  clock?: Clock;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
}

/** What an incoming request id may look like: short, and nothing that could break a log line or a page. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * The id a request is known by in logs, pages and audit_events. A client's own X-Request-Id is
 * taken only from a trusted proxy (TRUST_PROXY), which sets it for tracing; anyone else could
 * pick an id that makes their audit rows look like another request's, so they get a fresh one.
 */
export function requestIdFor(given: string | string[] | undefined, trustProxy: boolean): string {
  return trustProxy && typeof given === 'string' && SAFE_REQUEST_ID.test(given) ? given : newId();
}

/** Builds the whole app: platform first, then the feature modules. Migrates the database. */
export async function buildApp(config: Config, overrides: AppOverrides = {}): Promise<FastifyInstance> {
  const handle =
    overrides.database ??
    (await openDatabase({
      url: config.database.url,
      dataDir: config.database.dataDir,
      poolSize: config.database.poolSize,
    }));
  await migrateConfigured(
    handle.db,
    config.database.migrationUrl,
    (url) => openDatabase({ url, dataDir: config.database.dataDir, poolSize: 1 }),
    trackDataChanges,
  );
  const expectedTables = migratedTables();

  const app = Fastify({
    logger:
      overrides.logger === false
        ? false
        : overrides.logStream
          ? { ...loggerOptions(config.logLevel, { pretty: false }), stream: overrides.logStream }
          : loggerOptions(config.logLevel),
    genReqId: (request) => requestIdFor(request.headers['x-request-id'], config.security.trustProxy),
    requestIdHeader: false,
    rewriteUrl: (request) => rewriteBadAddress(request.url ?? '/'),
    trustProxy: config.security.trustProxy,
    bodyLimit: 1_048_576,
    routerOptions: { ignoreTrailingSlash: true },
    // One line per request, written when it is answered (platform/http/request-log.ts).
    logController: new OneLinePerRequest(),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-request-id', request.id);
    return payload;
  });

  const jobs = new JobQueue(handle.db, app.log as unknown as Logger);
  const notifier = new Notifier(
    overrides.emailTransport ?? transportFromConfig(config),
    config.security.encryptionKey,
    {
      transport: overrides.smsTransport ?? smsTransportFromConfig(config),
      ring: keyRingOf(config.security),
    },
  );
  app.decorate('services', { config, notifier, jobs, clock: overrides.clock ?? systemClock });
  notifier.registerJobs(jobs, handle.db, app.log as unknown as Logger);
  registerSweeps(jobs, handle.db, { outboxRetentionDays: config.outboxRetentionDays });

  await app.register(compression);
  await app.register(database, { handle, closeOnExit: overrides.database === undefined });
  await app.register(formbody, { bodyLimit: 102_400 });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Thirdspace API',
        version: '0.1.0',
        description:
          'JSON API for Collaborative Practice. Session cookie authentication; unsafe methods need the x-csrf-token header from GET /api/me.',
      },
    },
    transform: jsonSchemaTransform,
    hideUntagged: true,
  });
  // The layout's files under fingerprinted addresses, kept for a year; the usual addresses stay
  // (cached briefly) for the session screens' service worker and anything that names them.
  const manifest = buildManifest(layoutAssetSources(root));
  await app.register(assets, { manifest });
  const stylesheet = nhsukStylesheet(root);
  app.get('/nhsuk/nhsuk-frontend.min.css', async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=86400').type('text/css; charset=utf-8').send(stylesheet),
  );
  await app.register(fastifyStatic, {
    root: path.join(root, 'node_modules/nhsuk-frontend/dist/nhsuk'),
    prefix: '/nhsuk/',
    allowedPath: (pathName) => /^\/nhsuk-frontend\.min\.(css|js)(\.map)?$/.test(pathName),
    maxAge: '1d',
  });
  await app.register(fastifyStatic, {
    root: path.join(root, 'node_modules/nhsuk-frontend/dist/nhsuk/assets'),
    prefix: '/assets/',
    decorateReply: false,
    maxAge: '7d',
  });
  await app.register(fastifyStatic, {
    root: path.join(root, 'public'),
    prefix: '/static/',
    decorateReply: false,
    maxAge: '1h',
  });
  await app.register(views, { assets: manifest });
  await app.register(sanitise);
  await app.register(security, { config });
  await app.register(authentication, { config });
  await app.register(publicCache);
  await app.register(navigation);
  await app.register(errors);

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const readiness = await checkReadiness(app.db, expectedTables);
    return reply.code(readiness.ready ? 200 : 503).send({ status: readiness.ready ? 'ok' : readiness.reason });
  });
  app.get('/api/openapi.json', { config: { csrf: false } }, async () => app.swagger());

  await app.register(home);
  await app.register(accounts);
  await app.register(organisations);
  await app.register(champions);
  await app.register(directory);
  await app.register(activities);
  await app.register(signposting);
  await app.register(administration);

  if (overrides.startJobs ?? config.jobsEnabled) {
    app.addHook('onReady', async () => {
      await jobs.start();
    });
  }
  app.addHook('preClose', async () => {
    await jobs.stop();
  });
  return app;
}
