import type { FastifyInstance } from 'fastify';

/** Session delivery on a phone, with offline capture, and the session totals. */
export async function sessionRecordPages(_app: FastifyInstance): Promise<void> {
  // Filled in by the engineer who owns this part of the activities module.
}
