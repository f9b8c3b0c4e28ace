import type { FastifyInstance } from 'fastify';

/** The public "what's on" per practice and network, and the iCalendar feeds. */
export async function whatsOnPages(_app: FastifyInstance): Promise<void> {
  // Filled in by the engineer who owns this part of the activities module.
}
