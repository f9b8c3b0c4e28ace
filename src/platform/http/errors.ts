import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import {
  AppError,
  ConflictError,
  type FieldErrors,
  NotFoundError,
  TooManyRequestsError,
  ValidationError,
} from '../../lib/errors.ts';
import { safeReturnPath } from './forms.ts';
import { hitRateLimit } from './rate-limit.repo.ts';

/** The stable code of a form or API write whose CSRF token was missing or wrong. */
export const CSRF_FAILED = 'csrf_failed';

/** An address whose %-escapes cannot be decoded: the caller's mistake, answered like any bad request. */
class BadAddressError extends AppError {
  readonly code = 'bad_request';
  readonly status = 400;
  constructor() {
    super('This web address is not valid. Check it, or go back and try again');
  }
}

/** Where requests for undecodable addresses are sent, so they pass every hook and get the usual 400. */
const BAD_ADDRESS_PATHS = { page: '/_errors/bad-address', api: '/api/_errors/bad-address' } as const;

/**
 * For Fastify's `rewriteUrl`: a path with broken %-escapes (`/x/%ZZ`) would otherwise be
 * answered by the router itself, before any hook, with bare JSON and the framework's own code.
 */
export function rewriteBadAddress(url: string): string {
  const path = url.split('?')[0] ?? '';
  if (!path.includes('%')) {
    return url;
  }
  try {
    decodeURIComponent(path);
    return url;
  } catch {
    return path.startsWith('/api/') ? BAD_ADDRESS_PATHS.api : BAD_ADDRESS_PATHS.page;
  }
}

/** True for requests answered with JSON rather than pages. */
export function wantsJson(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') || request.url === '/api' || request.url.startsWith('/oruk');
}

interface PgError {
  code?: string;
  constraint?: string;
}

/** Maps database errors that are the caller's fault to app errors; everything else stays a 500. */
function fromDatabase(error: PgError): AppError | null {
  switch (error.code) {
    case '23505':
      return new ConflictError('This already exists');
    case '22P02':
    case '22007':
    case '22008':
      return new ValidationError({}, 'A value was not in the expected format');
    // A character the database cannot store (a NUL that slipped past the request sanitiser).
    case '22021':
    case '22P05':
      return new ValidationError({}, 'Remove any unusual characters and try again');
    default:
      return null;
  }
}

/** Field errors from Fastify's schema validation, keyed by field name. */
function fieldErrorsFrom(error: FastifyError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.validation ?? []) {
    const pathText = issue.instancePath.replace(/^\//, '').replace(/\//g, '.');
    const params = issue.params as { missingProperty?: string; issue?: { path?: (string | number)[] } };
    const field = pathText || params.missingProperty || params.issue?.path?.join('.') || 'body';
    errors[field] ??= issue.message ?? 'Enter a valid value';
  }
  return errors;
}

/** What status, code and message a thrown error gets; 5xx details never leave the server. */
function classify(error: FastifyError & PgError): {
  status: number;
  code: string;
  message: string;
  errors?: FieldErrors;
} {
  if (error instanceof ValidationError) {
    return { status: 400, code: error.code, message: error.message, errors: error.errors };
  }
  if (error instanceof ConflictError && error.errors) {
    return { status: 409, code: error.code, message: error.message, errors: error.errors };
  }
  if (error instanceof AppError) {
    return { status: error.status, code: error.code, message: error.message };
  }
  if (error.validation) {
    return {
      status: 400,
      code: 'validation_failed',
      message: 'There is a problem with the request',
      errors: fieldErrorsFrom(error),
    };
  }
  if (error.code === 'FST_CSRF_INVALID_TOKEN' || error.code === 'FST_CSRF_MISSING_SECRET') {
    return {
      status: 403,
      code: CSRF_FAILED,
      message: 'This form has expired or did not come from this service. Go back, refresh the page and try again.',
    };
  }
  const mapped = fromDatabase(error);
  if (mapped) {
    return classify(mapped as unknown as FastifyError & PgError);
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    // Our own stable codes, not the framework's internal names.
    const known: Record<number, { code: string; message: string }> = {
      400: { code: 'bad_request', message: 'The request was not in a form this service understands' },
      413: { code: 'payload_too_large', message: 'The request is too large' },
      415: { code: 'unsupported_media_type', message: 'This type of content is not accepted' },
    };
    const fallback = {
      code: status === 405 ? 'method_not_allowed' : 'bad_request',
      message: 'The request could not be handled',
    };
    return { status, ...(known[status] ?? fallback) };
  }
  return { status: 500, code: 'internal_error', message: 'Sorry, there is a problem with the service' };
}

/** The path of the page a form was sent from, when that page is on this site (from Referer). */
function sameSitePath(request: FastifyRequest): string | undefined {
  const referrer = request.headers.referer;
  if (typeof referrer !== 'string') {
    return undefined;
  }
  try {
    const from = new URL(referrer);
    const here = new URL(`${request.protocol}://${request.host}`);
    const path = `${from.pathname}${from.search}`;
    return from.origin === here.origin && safeReturnPath(path, '') === path ? path : undefined;
  } catch {
    return undefined;
  }
}

/** Sends an error as JSON for the API or as an NHS.UK error page. */
export function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  problem: { status: number; code: string; message: string; errors?: FieldErrors },
): FastifyReply {
  if (wantsJson(request)) {
    return reply
      .code(problem.status)
      .send({ code: problem.code, message: problem.message, ...(problem.errors ? { errors: problem.errors } : {}) });
  }
  if (problem.status === 401) {
    const returnTo = encodeURIComponent(request.url);
    return reply.redirect(`/sign-in?returnTo=${returnTo}`, 303);
  }
  if (problem.code === CSRF_FAILED) {
    // Not a permission problem: the form was stale or came from elsewhere. Offer the page it came from.
    return reply.view(
      'errors/csrf.njk',
      { problem, requestId: request.id, formHref: sameSitePath(request) },
      problem.status,
    );
  }
  const template = [403, 404, 429].includes(problem.status)
    ? `errors/${problem.status}.njk`
    : problem.status >= 500
      ? 'errors/500.njk'
      : 'errors/400.njk';
  return reply.view(template, { problem, requestId: request.id }, problem.status);
}

async function errorHandling(app: FastifyInstance): Promise<void> {
  app.setErrorHandler((error: FastifyError & PgError, request, reply) => {
    const problem = classify(error);
    if (problem.status >= 500) {
      request.log.error({ err: error }, 'request failed');
    } else {
      request.log.info({ code: problem.code, status: problem.status }, 'request refused');
    }
    if (error instanceof TooManyRequestsError) {
      reply.header('retry-after', String(error.retryAfterSeconds));
    }
    return sendError(request, reply, problem);
  });

  for (const url of Object.values(BAD_ADDRESS_PATHS)) {
    app.all(url, { config: { csrf: false } }, async () => {
      throw new BadAddressError();
    });
  }

  app.setNotFoundHandler(async (request, reply) => {
    // Guessing URLs is cheap for a scanner; make it slow without touching real pages.
    const limited = await hitRateLimit(app.db, `404:${request.ip}`, 120, 60);
    if (limited) {
      reply.header('retry-after', '60');
      return sendError(request, reply, {
        status: 429,
        code: 'too_many_requests',
        message: 'Too many requests. Try again in a minute.',
      });
    }
    const notFound = new NotFoundError();
    return sendError(request, reply, { status: 404, code: notFound.code, message: notFound.message });
  });
}

export default fp(errorHandling, { name: 'errors', dependencies: ['database', 'views'] });
