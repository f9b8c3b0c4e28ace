import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { organisationPages } from './organisations/organisations.pages.ts';
import { outboxPages } from './outbox/outbox.pages.ts';
import { programmePages } from './programmes/programmes.pages.ts';

/** System administration: tenancy (organisations) and the email outbox. No business data. */
async function administration(app: FastifyInstance): Promise<void> {
  await organisationPages(app);
  await programmePages(app);
  await outboxPages(app);
  app.addNavigationItem({
    text: 'Administration',
    href: () => '/admin/organisations',
    visible: (actor) => actor.isSystemAdmin,
  });
  app.addNavigationItem({ text: 'Outbox', href: () => '/admin/outbox', visible: (actor) => actor.isSystemAdmin });
}

export default fp(administration, { name: 'administration', dependencies: ['organisations', 'navigation'] });
