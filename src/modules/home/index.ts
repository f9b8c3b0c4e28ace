import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { startPagePages } from './start-page/start-page.pages.ts';
import { statementPages } from './statements/statements.pages.ts';

/** The home page (a start page of the person's work), and the accessibility and privacy statements every NHS service publishes. */
async function home(app: FastifyInstance): Promise<void> {
  await startPagePages(app);
  await statementPages(app);
  app.addNavigationItem({ text: 'Home', href: () => '/', visible: () => true });
}

export default fp(home, { name: 'home', dependencies: ['navigation', 'views'] });
