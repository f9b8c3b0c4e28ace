import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';

/**
 * One log line per request, at info, when it has been answered: method, path (as logging.ts's
 * serialiser gives it), status and time. Fastify's own line on arrival is not written.
 */
export class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const fields = { req: request, res: reply, responseTime: Math.round(reply.elapsedTime * 100) / 100 };
    if (error) {
      reply.log.error({ ...fields, err: error }, 'request errored');
    } else {
      reply.log.info(fields, 'request completed');
    }
  }
}
