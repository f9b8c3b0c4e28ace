import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { requireUser } from '../../../platform/auth/plugin.ts';
import { contextFrom } from '../../../platform/context.ts';
import { submitForm } from '../../../platform/http/forms.ts';
import { initialValues, presentRecordScreen } from './session-record.presenter.ts';
import { RecordFormFields, recordFromForm } from './session-record.schemas.ts';
import { recordScreen, recordScreenAgain } from './record-screen.service.ts';
import { submitSessionRecord } from './session-record.service.ts';

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
    const { sessionId } = request.params;
    return submitForm(reply, {
      schema: RecordFormFields,
      body: fieldsOf(request.body),
      submit: (fields) => submitSessionRecord(ctx, sessionId, recordFromForm(fields)),
      redirect: ({ access, outcome }) => `${access.listPath}?done=${outcome.applied ? 'recorded' : 'late'}`,
      show: async (state, status) =>
        reply.view(
          TEMPLATE,
          presentRecordScreen(await recordScreenAgain(ctx, sessionId), state.values, state.errors, ctx.actor?.userId),
          status,
        ),
    });
  });

  // The service worker that keeps the session screens working offline. Served from the root
  // so its scope can cover /sessions/ and /champion/; a script from 'self', as the CSP allows.
  const worker = readFileSync(path.join(root, 'public/session-record.worker.js'), 'utf8');
  app.get('/session-worker.js', async (_request, reply) =>
    reply
      .type('text/javascript; charset=utf-8')
      .header('service-worker-allowed', '/')
      .header('cache-control', 'no-cache')
      .send(worker),
  );
}
