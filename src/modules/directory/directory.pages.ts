import type { FastifyInstance } from 'fastify';
import { requireUser } from '../../platform/auth/plugin.ts';
import { scopeFor } from '../../platform/auth/policy.ts';
import { type ServiceContext, contextFrom } from '../../platform/context.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import { actorOf, verifierScope } from './curation.policy.ts';
import { parsePrintIds, parseSearchQuery } from './directory-search.schemas.ts';
import { runSearch, staffSearchScope } from './directory-search.service.ts';
import { countOpenTasks } from './freshness.service.ts';
import { serviceVisibleTo } from './proposals.service.ts';
import { showSearchPage } from './search-page.ts';
import { type ServiceView, loadServiceView, viewServiceForStaff } from './service-view.service.ts';

type ServiceParams = { Params: { serviceId: string }; Querystring: { done?: string } };

const NOTICES: Record<string, string> = {
  edited: 'Your changes have been saved.',
  unchanged: 'Nothing was changed.',
  created: 'The service has been added to the directory.',
  proposed: 'Thank you. Your suggested change has been sent for review.',
  'link-sent': 'We have emailed the provider a link to update this entry.',
  verified: 'Thank you. The entry has been marked as checked.',
};

/** Links from the search page to the person's other directory work. */
async function workLinks(ctx: ServiceContext): Promise<{ text: string; href: string }[]> {
  const actor = actorOf(ctx);
  const [verify, review, edit] = await Promise.all([verifierScope(ctx), scopeFor(ctx.db, actor, 'directory:review'), scopeFor(ctx.db, actor, 'directory:edit')]);
  const links: { text: string; href: string }[] = [];
  if (verify.organisationIds.length > 0) {
    const open = await countOpenTasks(ctx);
    links.push({ text: `Checking tasks (${open} open)`, href: '/directory/tasks' });
  }
  if (review.organisationIds.length > 0) {
    links.push({ text: 'Changes waiting for review', href: '/directory/reviews' }, { text: 'How up to date the directory is', href: '/directory/freshness' });
  }
  if (edit.organisationIds.length > 0) {
    links.push({ text: 'Add a service', href: '/directory/services/new' });
  }
  return links;
}

/**
 * Services chosen for printing that this person may see, in the order chosen. Entries they
 * may not see are left out; when none of the chosen entries may be seen the answer is
 * NotFound, as for each entry's own page, so the print view never confirms an entry exists.
 */
export async function printableViews(ids: readonly string[], canSee: (id: string) => Promise<boolean>, load: (id: string) => Promise<ServiceView>): Promise<ServiceView[]> {
  const views: ServiceView[] = [];
  for (const id of ids) {
    if (await canSee(id)) {
      views.push(await load(id));
    }
  }
  if (ids.length > 0 && views.length === 0) {
    throw new NotFoundError();
  }
  return views;
}

/** Staff directory pages: search, a service's page, the print view and the JSON search. */
export async function directoryPages(app: FastifyInstance): Promise<void> {
  app.get('/directory', { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    const scopeIds = await staffSearchScope(ctx);
    return showSearchPage(ctx.db, reply, request.query, {
      template: 'directory/views/search.njk',
      action: '/directory',
      context: { links: await workLinks(ctx), serviceHref: '/directory/services/', printAction: '/directory/print' },
      run: (query) => runSearch(ctx.db, { kind: 'staff', scopeIds }, query),
    });
  });

  app.get(
    '/api/directory/search',
    {
      preHandler: requireUser,
      schema: {
        tags: ['directory'],
        summary: 'Search the directory (staff)',
        description:
          'The same search as the /directory page. Query parameters: q (words; typos are corrected), near (postcode or outcode), within (miles: 1, 3, 5, 10 or 25), need (taxonomy term id), day (monday … sunday), time (morning, afternoon, evening, or HH:MM), free (yes), age, access, language, page. Bad values give 400 with `errors` naming each field.',
      },
    },
    async (request) => {
    const ctx = contextFrom(request);
    const scopeIds = await staffSearchScope(ctx);
    const parsed = parseSearchQuery(request.query);
    if (!parsed.ok) {
      throw new ValidationError(parsed.errors);
    }
    const outcome = await runSearch(ctx.db, { kind: 'staff', scopeIds }, parsed.query);
    return { total: outcome.total, capped: outcome.capped, page: outcome.page, pages: outcome.pages, results: outcome.results };
    },
  );

  app.get<ServiceParams>('/directory/services/:serviceId', { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    await staffSearchScope(ctx);
    const page = await viewServiceForStaff(ctx, request.params.serviceId);
    return reply.view('directory/views/service.njk', { ...page, flash: NOTICES[request.query.done ?? ''], backHref: '/directory' });
  });

  app.get<{ Querystring: { ids?: string | string[] } }>('/directory/print', { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    await staffSearchScope(ctx);
    const ids = parsePrintIds(request.query.ids);
    const canSee = (id: string) => serviceVisibleTo(ctx, id).then(() => true, () => false);
    const services = await printableViews(ids, canSee, (id) => loadServiceView(ctx.db, id));
    const context = { services, heading: 'Local services', footer: 'From the Thirdspace directory', printedAt: new Date(), backHref: '/directory' };
    return reply.view('directory/views/print.njk', context, services.length === 0 ? 400 : 200);
  });
}
