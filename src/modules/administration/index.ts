import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { administrationPages } from './administration.pages.ts';

/** System administration: tenancy (organisations) and the email outbox. No business data. */
async function administration(app: FastifyInstance): Promise<void> {
  await administrationPages(app);
  app.addNavigationItem({ text: 'Administration', href: () => '/admin/organisations', visible: (actor) => actor.isSystemAdmin });
  app.addNavigationItem({ text: 'Outbox', href: () => '/admin/outbox', visible: (actor) => actor.isSystemAdmin });
}

export default fp(administration, { name: 'administration', dependencies: ['organisations', 'navigation'] });
