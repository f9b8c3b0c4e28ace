import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** The home page, and the accessibility and privacy statements every NHS service publishes. */
async function home(app: FastifyInstance): Promise<void> {
  app.get('/', async (request, reply) => {
    if (request.actor?.isSystemAdmin && !request.actor.totpEnabled) {
      return reply.redirect('/account/two-factor', 303);
    }
    return reply.view('home/views/home.njk', { columnClass: 'nhsuk-grid-column-full' });
  });
  app.get('/accessibility', async (_request, reply) => reply.view('home/views/accessibility.njk', {}));
  app.get('/privacy', async (_request, reply) => reply.view('home/views/privacy.njk', {}));
  app.addNavigationItem({ text: 'Home', href: () => '/', visible: () => true });
}

export default fp(home, { name: 'home', dependencies: ['navigation', 'views'] });
