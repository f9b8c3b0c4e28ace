import type { FastifyInstance } from 'fastify';

/** Quarterly sustain reviews and warm introductions waiting on an activity. */
export async function reviewPages(_app: FastifyInstance): Promise<void> {
  // Filled in by the engineer who owns this part of the activities module.
}
