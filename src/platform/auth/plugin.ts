import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../../config.ts';
import { ForbiddenError, UnauthenticatedError } from '../../lib/errors.ts';
import type { AuditSource } from '../audit/audit.ts';
import { type Actor, loadMemberships } from './policy.ts';
import { roleLabel } from './roles.ts';
import { type LoadedSession, SESSION_COOKIE, findSession, touchSession } from './session.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in person, or null. */
    actor: Actor | null;
    /** A session waiting for its second factor (sign-in not yet complete). */
    pendingSession: LoadedSession | null;
  }
  interface FastifyContextConfig {
    /** Pages a system administrator may use before setting up two-factor authentication. */
    allowBeforeSecondFactor?: boolean;
  }
}

/** The audit source for a request: who, which request, from where. */
export function auditSource(request: FastifyRequest): AuditSource {
  return { actorUserId: request.actor?.userId ?? null, requestId: request.id, ip: request.ip };
}

/** The signed-in person, or an Unauthenticated error (a redirect to sign in, for pages). */
export function currentActor(request: FastifyRequest): Actor {
  if (!request.actor) {
    throw new UnauthenticatedError();
  }
  return request.actor;
}

/** preHandler: the route needs a signed-in person who has finished setting up. */
export async function requireUser(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const actor = currentActor(request);
  if (actor.isSystemAdmin && !actor.totpEnabled && !request.routeOptions.config?.allowBeforeSecondFactor) {
    // NCSC: privileged accounts need a second factor before they can do anything.
    if (request.url.startsWith('/api/')) {
      throw new ForbiddenError('Set up two-factor authentication before using the service');
    }
    await reply.redirect('/account/two-factor', 303);
  }
}

/** preHandler: the route is for system administrators only. */
export async function requireSystemAdmin(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  await requireUser(request, reply);
  if (!reply.sent && !currentActor(request).isSystemAdmin) {
    throw new ForbiddenError();
  }
}

async function authentication(app: FastifyInstance, options: { config: Config }): Promise<void> {
  app.decorateRequest('actor', null);
  app.decorateRequest('pendingSession', null);

  app.addHook('onRequest', async (request) => {
    const token = request.cookies[SESSION_COOKIE];
    if (
      !token ||
      request.url.startsWith('/nhsuk/') ||
      request.url.startsWith('/assets/') ||
      request.url.startsWith('/static/')
    ) {
      return;
    }
    const session = await findSession(app.db, options.config, token);
    if (!session) {
      return;
    }
    await touchSession(app.db, session);
    if (session.secondFactorPending) {
      request.pendingSession = session;
      return;
    }
    const memberships = await loadMemberships(app.db, session.userId);
    const active =
      memberships.find((membership) => membership.organisationId === session.activeOrganisationId) ?? memberships[0];
    request.actor = {
      userId: session.userId,
      sessionId: session.id,
      email: session.email,
      displayName: session.displayName,
      isSystemAdmin: session.isSystemAdmin,
      totpEnabled: session.totpEnabled,
      memberships,
      activeOrganisationId: active?.organisationId ?? null,
    };
  });

  app.addPageLocals((request) => {
    const actor = request.actor;
    if (!actor) {
      return { actor: null };
    }
    const active =
      actor.memberships.find((membership) => membership.organisationId === actor.activeOrganisationId) ?? null;
    return {
      actor,
      activeMembership: active,
      activeRoleLabels: active ? active.roles.map(roleLabel).join(', ') : '',
    };
  });
}

export default fp(authentication, { name: 'authentication', dependencies: ['database', 'views', 'security'] });
