import type { FastifyInstance } from 'fastify';

/** The lifecycle: list, propose (from a meeting idea too), edit, risk assessment, approval, pause, resume and close. */
export async function activityPages(_app: FastifyInstance): Promise<void> {
  // Filled in by the engineer who owns this part of the activities module.
}
