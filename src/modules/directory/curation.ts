import type { FastifyInstance } from 'fastify';
import { rolesGrant } from '../../platform/auth/roles.ts';
import { directoryPages } from './directory.pages.ts';
import { freshnessPages } from './freshness.pages.ts';
import { proposalPages } from './proposals.pages.ts';
import { providerLinkPages } from './provider-links.pages.ts';
import { publicPages } from './public.pages.ts';
import { reviewIntervalPages } from './review-intervals.pages.ts';
import { serviceEditPages } from './service-edit.pages.ts';
import { FRESHNESS_JOB, runFreshnessSweep } from './freshness.service.ts';
import { loadOutcodesIfEmpty } from './postcodes.ts';

/**
 * The directory's search, pages, editing with review and freshness: registered by the
 * directory plugin (index.ts). Loads the shipped postcode districts on first start and
 * schedules the nightly freshness sweep.
 */
export async function registerCuration(app: FastifyInstance): Promise<void> {
  await loadOutcodesIfEmpty(app.db);
  app.services.jobs.registerDaily(FRESHNESS_JOB, '03:15', async () => {
    await runFreshnessSweep(app.db);
  });
  await directoryPages(app);
  await serviceEditPages(app);
  await proposalPages(app);
  await freshnessPages(app);
  await providerLinkPages(app);
  await publicPages(app);
  await reviewIntervalPages(app);
  app.addNavigationItem({
    text: 'Directory',
    href: () => '/directory',
    visible: (_actor, active) => active !== null && rolesGrant(active.roles, 'directory:search'),
  });
  app.addNavigationItem({ text: 'Directory checks', href: () => '/directory/taxonomies', visible: (actor) => actor.isSystemAdmin });
}
