import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { requireUser } from '../../../platform/auth/plugin.ts';
import { contextFrom } from '../../../platform/context.ts';
import { initialValues, presentRecordScreen } from './session-record.presenter.ts';
import { recordFromForm } from './session-record.schemas.ts';
import { recordScreen, submitSessionRecord } from './session-record.service.ts';

type SessionParams = { Params: { sessionId: string } };
const TEMPLATE = 'activities/session-record/views/session-record.njk';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** The form body as a plain object of fields (anything else is treated as an empty form). */
function fieldsOf(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    return {};
  }
  const fields = { ...(body as Record<string, unknown>) };
  delete fields._csrf;
  return fields;
}

/** Session delivery on a phone, with offline capture: the record screen and its service worker. */
export async function sessionRecordPages(app: FastifyInstance): Promise<void> {
  app.get<SessionParams>('/sessions/:sessionId/record', { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    const screen = await recordScreen(ctx, request.params.sessionId);
    return reply.view(TEMPLATE, presentRecordScreen(screen, initialValues(screen), undefined, ctx.actor?.userId));
  });

  app.post<SessionParams>('/sessions/:sessionId/record', { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    const fields = fieldsOf(request.body);
    const result = await submitSessionRecord(ctx, request.params.sessionId, recordFromForm(fields));
    if (!result.ok) {
      return reply.view(TEMPLATE, presentRecordScreen(result.screen, fields, result.errors, ctx.actor?.userId), 400);
    }
    return reply.redirect(`${result.access.listPath}?done=${result.outcome.applied ? 'recorded' : 'late'}`, 303);
  });

  // The service worker that keeps the session screens working offline. Served from the root
  // so its scope can cover /sessions/ and /champion/; a script from 'self', as the CSP allows.
  const worker = readFileSync(path.join(root, 'public/session-record.worker.js'), 'utf8');
  app.get('/session-worker.js', async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('service-worker-allowed', '/').header('cache-control', 'no-cache').send(worker),
  );
}
