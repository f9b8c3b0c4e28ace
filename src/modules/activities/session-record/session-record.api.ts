import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../../platform/auth/plugin.ts';
import { contextFrom } from '../../../platform/context.ts';
import { SessionRecordBody, SessionRecordResponse, type RawRecord } from './session-record.schemas.ts';
import { submitSessionRecord } from './session-record.service.ts';

const tags = ['activities'];
const ErrorResponse = z.object({
  code: z.string(),
  message: z.string(),
  errors: z.record(z.string(), z.string()).optional(),
});

/** The API body as a raw record, with the idempotency key from the header when one is sent. */
function rawFrom(body: SessionRecordBody, headerKey: string | undefined): RawRecord {
  const { champions, idempotencyKey, ...counts } = body;
  return {
    ...counts,
    champions: (champions ?? []).map((time) => ({
      championId: time.championId,
      hours: time.hours,
      minutes: time.minutes,
    })),
    idempotencyKey: headerKey ?? idempotencyKey,
  };
}

/**
 * POST /api/sessions/:sessionId/record: the phone's way of recording a session (the offline
 * script sends what it kept). Same rules as the form; errors are keyed by the form's field names.
 */
export async function sessionRecordApi(app: FastifyInstance): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/api/sessions/:sessionId/record',
    {
      preHandler: requireUser,
      schema: {
        tags,
        summary: 'Record a session (safe to retry with the same Idempotency-Key)',
        description:
          'Applies the record unless the same Idempotency-Key was seen before (then the earlier outcome is ' +
          'returned; a different body under the same key is 409). A record made earlier than the one ' +
          "already kept is stored but not applied (applied: false). Errors are keyed by the record form's " +
          'field names (headCount, newAttendees, referredSelf, hours-<championId>, register, …).',
        params: z.object({ sessionId: z.string().max(100) }),
        headers: z.looseObject({ 'idempotency-key': z.string().max(40).optional() }),
        body: SessionRecordBody,
        response: {
          200: SessionRecordResponse,
          400: ErrorResponse,
          403: ErrorResponse,
          404: ErrorResponse,
          409: ErrorResponse,
        },
      },
    },
    async (request) => {
      const result = await submitSessionRecord(
        contextFrom(request),
        request.params.sessionId,
        rawFrom(request.body, request.headers['idempotency-key']),
      );
      return {
        applied: result.outcome.applied,
        sessionId: result.outcome.sessionId,
        recordedAt: result.outcome.recordedAt,
      };
    },
  );
}
