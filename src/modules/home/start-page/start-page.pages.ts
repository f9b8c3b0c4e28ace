import type { FastifyInstance } from 'fastify';
import { contextFrom } from '../../../platform/context.ts';
import { presentStartPage } from './start-page.presenter.ts';
import { startPageWork } from './start-page.service.ts';

/** The home page: a start page of the person's work in their active organisation. */
export async function startPagePages(app: FastifyInstance): Promise<void> {
  app.get('/', async (request, reply) => {
    if (request.actor?.isSystemAdmin && !request.actor.totpEnabled) {
      return reply.redirect('/account/two-factor', 303);
    }
    const work = presentStartPage(await startPageWork(contextFrom(request)));
    return reply.view('home/start-page/views/home.njk', { columnClass: 'nhsuk-grid-column-full', work });
  });
}
