import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import helmet from '@fastify/helmet';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Config } from '../../config.ts';
import { CSRF_PLACEHOLDER, isSharedRender } from './public-cache.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set false on routes that take no cookie-authenticated state change (public read APIs). */
    csrf?: boolean;
  }
}

/**
 * The NHS.UK page template's one inline script (it marks the body `js-enabled`), allowed by its hash: pages
 * rendered once for every visitor carry no nonce, and the script must still run on them.
 */
function nhsukInlineScriptHashes(): string[] {
  const template = readFileSync(
    createRequire(import.meta.url).resolve('nhsuk-frontend/dist/nhsuk/template.njk'),
    'utf8',
  );
  return [...template.matchAll(/<script[^>]*>([^<]+)<\/script>/g)].map(
    (match) =>
      `'sha256-${createHash('sha256')
        .update(match[1] ?? '')
        .digest('base64')}'`,
  );
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Reads the CSRF token from a form field or, for the JSON API, a header. */
function tokenFrom(request: FastifyRequest): string | undefined {
  const body = request.body as Record<string, unknown> | undefined;
  const fromBody = body && typeof body === 'object' ? body._csrf : undefined;
  const fromHeader = request.headers['x-csrf-token'];
  return typeof fromBody === 'string' ? fromBody : typeof fromHeader === 'string' ? fromHeader : undefined;
}

/**
 * The CSRF token, made (and its cookie set) only when a template prints it: a page without a
 * form sets no cookie, so nothing on it is the visitor's own.
 */
function lazyCsrfToken(reply: FastifyReply): { toString(): string } {
  let token: string | undefined;
  return {
    toString: () => {
      token ??= reply.generateCsrf();
      return token;
    },
  };
}

async function security(app: FastifyInstance, options: { config: Config }): Promise<void> {
  await app.register(cookie, { secret: options.config.security.sessionSecret });
  await app.register(helmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...nhsukInlineScriptHashes()],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
      },
    },
    strictTransportSecurity: options.config.security.secureCookies
      ? { maxAge: 31_536_000, includeSubDomains: true }
      : false,
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: 'ts_csrf',
    cookieOpts: {
      signed: true,
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure: options.config.security.secureCookies,
    },
    getToken: tokenFrom,
  });

  app.addHook('preValidation', (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) => {
    if (!UNSAFE_METHODS.has(request.method) || request.routeOptions.config?.csrf === false) {
      done();
      return;
    }
    app.csrfProtection(request, reply, done);
  });

  app.addPageLocals((request, reply) =>
    isSharedRender(request)
      ? // Rendered once for every visitor: no nonce (the scripts are files from 'self'), and the
        // token of a form is put in per answer by the public cache.
        { csrfToken: CSRF_PLACEHOLDER, cspNonce: undefined }
      : { csrfToken: lazyCsrfToken(reply), cspNonce: reply.cspNonce?.script },
  );

  app.addHook('onSend', async (request, reply, payload) => {
    // Pages can show personal data: never keep them in shared or browser caches (public
    // routes get their caching from the public cache).
    if (!reply.hasHeader('cache-control') && !request.routeOptions.config?.publicCache) {
      reply.header('cache-control', 'no-store');
    }
    return payload;
  });
}

export default fp(security, { name: 'security', dependencies: ['views'] });
