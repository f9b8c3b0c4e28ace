import type { FastifyInstance } from 'fastify';

/** The accessibility and privacy statements every NHS service publishes. */
export async function statementPages(app: FastifyInstance): Promise<void> {
  app.get('/accessibility', async (_request, reply) => reply.view('home/statements/views/accessibility.njk', {}));
  app.get('/privacy', async (_request, reply) => reply.view('home/statements/views/privacy.njk', {}));
}
