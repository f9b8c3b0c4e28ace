import type { FastifyInstance } from 'fastify';

/** Schedules with recurrence, exceptions and cancellations; sessions and their rota; the champion's own rota. */
export async function schedulePages(_app: FastifyInstance): Promise<void> {
  // Filled in by the engineer who owns this part of the activities module.
}
