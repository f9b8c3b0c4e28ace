import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { fhirApi } from './fhir.api.ts';
import { orukApi } from './oruk.api.ts';
import { registerCuration } from './curation.ts';
import { seedTaxonomies } from './taxonomies.seed.ts';

// ---- What other modules (and the directory's own pages) may use ----
export type * from './services.types.ts';
export { PUBLIC, type PageOf, type ServiceAudience, type ServiceFilter, audienceCondition, filterConditions, findService, findServices, findServiceOwner, iterateServices, listServices } from './services.repo.ts';
export { type ChangeBy, type ChangeSource, type UpsertOutcome, newServiceContent, upsertService } from './services.write.ts';
export { insertServicesInBulk } from './services.bulk.ts';
export { normaliseDate, normaliseTime, searchTextFor } from './services.rows.ts';
export { locatePostcode } from './postcodes.ts';
export { ACTIVITY_TAXONOMY, FIVE_WAYS_TAXONOMY, NEEDS_TAXONOMY, SEED_TAXONOMIES, seedTaxonomies, seededTermId, stableId } from './taxonomies.seed.ts';
export { presentService as presentOrukService } from './oruk.presenter.ts';
export { presentHealthcareService } from './fhir.presenter.ts';
export { exportOruk, importOruk, type ImportSummary } from './oruk-import.ts';
export { runFreshnessSweep } from './freshness.service.ts';
export { countOpenCheckingTasks, countPendingReviews } from './work-counts.repo.ts';

/**
 * The directory of local services: Open Referral UK 3.0 read API (/oruk), FHIR R4 read API
 * (/fhir), the shipped taxonomies, and the directory's staff and public pages.
 */
async function directory(app: FastifyInstance): Promise<void> {
  await seedTaxonomies(app.db);
  await app.register(orukApi, { prefix: '/oruk' });
  await app.register(fhirApi, { prefix: '/fhir' });

  // ---- Directory search, staff and public pages, editing with review, freshness ----
  // (the search/pages engineer's part: curation.ts registers every page, the nightly job and
  //  the postcode districts)
  await registerCuration(app);
}

export default fp(directory, { name: 'directory', dependencies: ['database', 'organisations'] });
