import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { AuditSource } from './audit/audit.ts';
import type { Actor } from './auth/policy.ts';
import type { Database } from './db/schema.ts';
import type { Notifier } from './notify/notifier.ts';

/** Everything a service needs, with no HTTP in it: built per request, job or CLI command. */
export interface ServiceContext {
  db: Kysely<Database>;
  config: Config;
  notifier: Notifier;
  audit: AuditSource;
  actor: Actor | null;
}

/** The service context for one request. */
export function contextFrom(request: FastifyRequest): ServiceContext {
  const { config, notifier } = request.server.services;
  return {
    db: request.server.db,
    config,
    notifier,
    audit: { actorUserId: request.actor?.userId ?? null, requestId: request.id, ip: request.ip },
    actor: request.actor,
  };
}
