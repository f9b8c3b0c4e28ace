import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { contextFrom } from '../../platform/context.ts';
import { presentStartPage } from './home.presenter.ts';
import { startPageWork } from './home.service.ts';

/** The home page (a start page of the person's work), and the accessibility and privacy statements every NHS service publishes. */
async function home(app: FastifyInstance): Promise<void> {
  app.get('/', async (request, reply) => {
    if (request.actor?.isSystemAdmin && !request.actor.totpEnabled) {
      return reply.redirect('/account/two-factor', 303);
    }
    const work = presentStartPage(await startPageWork(contextFrom(request)));
    return reply.view('home/views/home.njk', { columnClass: 'nhsuk-grid-column-full', work });
  });
  app.get('/accessibility', async (_request, reply) => reply.view('home/views/accessibility.njk', {}));
  app.get('/privacy', async (_request, reply) => reply.view('home/views/privacy.njk', {}));
  app.addNavigationItem({ text: 'Home', href: () => '/', visible: () => true });
}

export default fp(home, { name: 'home', dependencies: ['navigation', 'views'] });
