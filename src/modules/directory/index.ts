import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { rolesGrant } from '../../platform/auth/roles.ts';
import { fhirApi } from './fhir/fhir.api.ts';
import { FRESHNESS_JOB, runFreshnessSweep } from './freshness/freshness.jobs.ts';
import { freshnessPages } from './freshness/freshness.pages.ts';
import { reviewIntervalPages } from './freshness/review-intervals.pages.ts';
import { orukApi } from './oruk/oruk.api.ts';
import { loadOutcodesIfEmpty } from './postcodes/postcodes.service.ts';
import { proposalPages } from './proposals/proposals.pages.ts';
import { providerLinkPages } from './provider-links/provider-links.pages.ts';
import { publicDirectoryPages } from './search/public-directory.pages.ts';
import { searchApi } from './search/search.api.ts';
import { searchPages } from './search/search.pages.ts';
import { serviceEditPages } from './services/service-edit.pages.ts';
import { serviceViewPages } from './services/service-view.pages.ts';
import { seedTaxonomies } from './shared/taxonomies.repo.ts';

// ---- What other modules (and the demo seed) may use ----
export type * from './shared/services.schemas.ts';
export {
  PUBLIC,
  type PageOf,
  type ServiceAudience,
  type ServiceFilter,
  audienceCondition,
  filterConditions,
  findService,
  findServices,
  iterateServices,
  listServices,
} from './shared/services.repo.ts';
export { findServiceOwner } from './shared/service-ownership.repo.ts';
export {
  type ChangeBy,
  type ChangeSource,
  type UpsertOutcome,
  newServiceContent,
  upsertService,
} from './shared/service-write.repo.ts';
export { insertServicesInBulk } from './shared/service-bulk.repo.ts';
export { normaliseDate, normaliseTime } from './shared/service-rows.rules.ts';
export { searchTextFor } from './shared/service-content.rules.ts';
export { importPostcodesCommand, locatePostcode } from './postcodes/postcodes.service.ts';
export { exportOrukCommand, importOrukCommand } from './oruk/oruk-commands.service.ts';
export {
  ACTIVITY_TAXONOMY,
  FIVE_WAYS_TAXONOMY,
  NEEDS_TAXONOMY,
  SEED_TAXONOMIES,
  seededTermId,
  stableId,
} from './shared/taxonomies.rules.ts';
export { seedTaxonomies } from './shared/taxonomies.repo.ts';
export { presentService as presentOrukService } from './oruk/oruk.presenter.ts';
export { presentHealthcareService } from './fhir/fhir.presenter.ts';
export { exportOruk, importOruk, type ImportSummary } from './oruk/oruk-import.service.ts';
export { runFreshnessSweep } from './freshness/freshness.jobs.ts';
export { type DirectoryResearchOrganisations, provideDirectoryResearch } from './shared/directory.policy.ts';
export { countOpenCheckingTasks, countPendingReviews } from './contracts/work-counts.repo.ts';
// For signposting: the staff search inline on the care-navigation page, and the need terms.
export { type SearchOutcome, type SearchResultItem, searchForStaff } from './search/directory-search.service.ts';
export { type SearchQuery, parseSearchQuery } from './search/directory-search.schemas.ts';
export { listNeeds } from './services/service-edit.service.ts';
export { type Freshness, freshnessOf } from './shared/directory.presenter.ts';

/**
 * The directory of local services: the Open Referral UK 3.0 read API (/oruk), the FHIR R4 read
 * API (/fhir), the shipped taxonomies and postcode districts, the staff search and service
 * pages, editing with review, provider links, freshness checks and each practice's and
 * network's public directory. The only file that registers the module's routes, job and
 * navigation (see README.md for which capability owns what).
 */
async function directory(app: FastifyInstance): Promise<void> {
  await seedTaxonomies(app.db);
  await loadOutcodesIfEmpty(app.db);

  await app.register(orukApi, { prefix: '/oruk' });
  await app.register(fhirApi, { prefix: '/fhir' });
  await searchApi(app);

  await searchPages(app);
  await serviceViewPages(app);
  await serviceEditPages(app);
  await proposalPages(app);
  await freshnessPages(app);
  await providerLinkPages(app);
  await publicDirectoryPages(app);
  await reviewIntervalPages(app);

  app.services.jobs.registerDaily(FRESHNESS_JOB, '03:15', async () => {
    await runFreshnessSweep(app.db, app.services.clock.now());
  });

  app.addNavigationItem({
    text: 'Directory',
    href: () => '/directory',
    visible: (_actor, active) => active !== null && rolesGrant(active.roles, 'directory:search'),
  });
  app.addNavigationItem({
    text: 'Directory checks',
    href: () => '/directory/taxonomies',
    visible: (actor) => actor.isSystemAdmin,
  });
}

export default fp(directory, { name: 'directory', dependencies: ['database', 'organisations'] });
