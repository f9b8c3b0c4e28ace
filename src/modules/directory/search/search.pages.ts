import type { FastifyInstance } from 'fastify';
import { requireUser } from '../../../platform/auth/plugin.ts';
import { scopeFor } from '../../../platform/auth/policy.ts';
import { type ServiceContext, actorOf, contextFrom } from '../../../platform/context.ts';
import { verifierScope } from '../shared/directory.policy.ts';
import { parsePrintIds } from './directory-search.schemas.ts';
import { runSearch, staffSearchScope } from './directory-search.service.ts';
import { countOpenTasks } from '../freshness/freshness.service.ts';
import { serviceVisibleTo } from '../proposals/proposals.service.ts';
import { printableViews } from './print.service.ts';
import { buildSearchPage } from './search-page.service.ts';
import { loadServiceView } from '../services/service-view.service.ts';

/** Links from the search page to the person's other directory work. */
async function workLinks(ctx: ServiceContext): Promise<{ text: string; href: string }[]> {
  const actor = actorOf(ctx);
  const [verify, review, edit] = await Promise.all([
    verifierScope(ctx),
    scopeFor(ctx.db, actor, 'directory:review'),
    scopeFor(ctx.db, actor, 'directory:edit'),
  ]);
  const links: { text: string; href: string }[] = [];
  if (verify.organisationIds.length > 0) {
    const open = await countOpenTasks(ctx);
    links.push({ text: `Checking tasks (${open} open)`, href: '/directory/tasks' });
  }
  if (review.organisationIds.length > 0) {
    links.push(
      { text: 'Changes waiting for review', href: '/directory/reviews' },
      { text: 'How up to date the directory is', href: '/directory/freshness' },
    );
  }
  if (edit.organisationIds.length > 0) {
    links.push({ text: 'Add a service', href: '/directory/services/new' });
  }
  return links;
}

/** Staff directory pages: the search and the print view. */
export async function searchPages(app: FastifyInstance): Promise<void> {
  app.get('/directory', { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    const scope = await staffSearchScope(ctx);
    const page = await buildSearchPage(ctx.db, request.query, {
      action: '/directory',
      context: { links: await workLinks(ctx), serviceHref: '/directory/services/', printAction: '/directory/print' },
      run: (query) => runSearch(ctx.db, { kind: 'staff', scope }, query, ctx.clock.now()),
    });
    return reply.view('directory/search/views/search.njk', page.context, page.status);
  });

  app.get<{ Querystring: { ids?: string | string[] } }>(
    '/directory/print',
    { preHandler: requireUser },
    async (request, reply) => {
      const ctx = contextFrom(request);
      await staffSearchScope(ctx);
      const ids = parsePrintIds(request.query.ids);
      const canSee = (id: string) =>
        serviceVisibleTo(ctx, id).then(
          () => true,
          () => false,
        );
      const services = await printableViews(ids, canSee, (id) => loadServiceView(ctx.db, id, ctx.clock.now()));
      const context = {
        services,
        heading: 'Local services',
        footer: 'From the Thirdspace directory',
        printedAt: ctx.clock.now(),
        backHref: '/directory',
      };
      return reply.view('directory/search/views/print.njk', context, services.length === 0 ? 400 : 200);
    },
  );
}
