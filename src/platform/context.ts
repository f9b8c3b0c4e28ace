import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import { UnauthenticatedError } from '../lib/errors.ts';
import { type Clock, systemClock } from '../lib/dates.ts';
import { type AuditEntry, type AuditSource, recordAudit } from './audit/audit.ts';
import type { Actor } from './auth/policy.ts';
import { withTransaction } from './db/transaction.ts';
import type { Database } from './db/schema.ts';
import type { Notifier } from './notify/notifier.ts';

/**
 * Everything a service needs, with no HTTP in it: built per request, job or CLI command.
 * `db` is the database, or the open transaction inside `inTransaction`; repositories take it as is.
 */
export interface ServiceContext {
  db: Kysely<Database>;
  config: Config;
  notifier: Notifier;
  audit: AuditSource;
  actor: Actor | null;
  /** Where "now" comes from: tests and jobs inject their own. */
  clock: Clock;
  /** The request's (or job's) logger: personal data is redacted by the platform's options. */
  log: FastifyBaseLogger;
}

/** The service context for one request. */
export function contextFrom(request: FastifyRequest): ServiceContext {
  const { config, notifier, clock } = request.server.services;
  return {
    db: request.server.db,
    config,
    notifier,
    audit: { actorUserId: request.actor?.userId ?? null, requestId: request.id, ip: request.ip },
    actor: request.actor,
    clock: clock ?? systemClock,
    log: request.log,
  };
}

/** A context for work no person started (a nightly job, a CLI command): no actor, audited as the system. */
export function systemContext(parts: {
  db: Kysely<Database>;
  config: Config;
  notifier: Notifier;
  log: FastifyBaseLogger;
  clock?: Clock;
}): ServiceContext {
  return { ...parts, clock: parts.clock ?? systemClock, audit: { actorUserId: null }, actor: null };
}

/** The signed-in person behind a context; 401 when there is none. */
export function actorOf(ctx: ServiceContext): Actor {
  if (!ctx.actor) {
    throw new UnauthenticatedError();
  }
  return ctx.actor;
}

/**
 * Runs a use case in one transaction (reusing an open one) with a context whose `db` is that
 * transaction, so the change and its audit rows commit or roll back together.
 */
export function inTransaction<T>(ctx: ServiceContext, work: (ctx: ServiceContext) => Promise<T>): Promise<T> {
  return withTransaction(ctx.db, (tx) => work({ ...ctx, db: tx }));
}

/** Runs a write and records its audit event in the same transaction; returns what the write returned. */
export function writeAudited<T>(
  ctx: ServiceContext,
  entry: AuditEntry,
  write: (ctx: ServiceContext) => Promise<T>,
): Promise<T> {
  return inTransaction(ctx, async (tx) => {
    const result = await write(tx);
    await recordAudit(tx.db, tx.audit, entry);
    return result;
  });
}
