import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildDirectoryService } from '../../../../test/helpers/directory-factories.ts';
import { buildPractice } from '../../../../test/helpers/factories.ts';
import { type FeedGetter, crawlFeed, orukErrors } from '../../../../test/helpers/oruk-validator.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { seedDemo } from '../../../demo/seed.ts';
import { importOruk } from './oruk-import.service.ts';
import { locationCopyId } from '../shared/service-rows.rules.ts';

const EXAMPLES_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../test/fixtures/oruk-3.0/examples',
);
/** The service id the published examples use. */
const EXAMPLE_SERVICE_ID = 'ac148810-d857-441c-9679-408f346de14b';

/** The ids the published example service gives its place, provider and taxonomy term. */
function exampleIds(): { serviceAtLocation: string; location: string; organisation: string; taxonomyTerm: string } {
  const example = JSON.parse(readFileSync(path.join(EXAMPLES_DIR, 'service_full.json'), 'utf8')) as {
    service_at_locations: { id: string; location: { id: string } }[];
    organization: { id: string };
    attributes: { taxonomy_term: { id: string } }[];
  };
  const [sal] = example.service_at_locations;
  const [attribute] = example.attributes;
  assert.ok(sal && attribute, 'the example has a place and a taxonomy term');
  return {
    serviceAtLocation: sal.id,
    location: sal.location.id,
    organisation: example.organization.id,
    taxonomyTerm: attribute.taxonomy_term.id,
  };
}

/** The crawler's GETs, answered by the app in process. */
function injectGetter(app: FastifyInstance): FeedGetter {
  return async (pathAndQuery) => {
    const response = await app.inject({
      method: 'GET',
      url: `/oruk${pathAndQuery === '/' ? '' : pathAndQuery}`,
      headers: { origin: 'https://validator.example' },
    });
    return {
      status: response.statusCode,
      body: response.json() as unknown,
      headers: response.headers as Record<string, string | string[] | undefined>,
    };
  };
}

describe('ORUK conformance: our feed judged as the official validator judges it', () => {
  test('/, the first, middle and last page of every list, and {id} endpoints all match the ORUK 3.0 schemas', async () => {
    const { app } = await testWorld();
    // Other tests share the database: this validates whatever is there, plus a few of our own.
    const practiceId = await buildPractice(app.db);
    for (let index = 0; index < 3; index += 1) {
      await buildDirectoryService(app.db, practiceId);
    }
    const report = await crawlFeed(injectGetter(app), { checkCors: true, strictPages: true, idsPerEndpoint: 3 });
    assert.deepEqual(report.failures, []);
    assert.deepEqual(report.warnings, []);
    assert.equal(report.passed, true);
    assert.ok(report.checked >= 20, `checked ${report.checked} responses`);
  });

  test('every page of /services, at the largest page size, is valid', async () => {
    const { app } = await testWorld();
    const get = injectGetter(app);
    const first = (await get('/services?per_page=200&full=true')).body as { total_pages: number };
    for (let page = 1; page <= first.total_pages; page += 1) {
      const response = await get(`/services?per_page=200&full=true&page=${page}`);
      assert.equal(response.status, 200);
      assert.deepEqual(orukErrors('service_list.json', response.body), [], `page ${page}`);
    }
  });

  test('the feed passes with the demo directory loaded and the published ORUK examples imported', async () => {
    const { app, config } = await testWorld();
    await seedDemo(app.db, config);
    await app.db.deleteFrom('dir_services').where('id', '=', EXAMPLE_SERVICE_ID).execute();
    const practiceId = await buildPractice(app.db);
    const imported = await importOruk(app.db, EXAMPLES_DIR, { ownerOrganisationId: practiceId });
    assert.deepEqual(imported.failed, []);
    assert.equal(imported.sourceError, null);
    assert.ok(imported.created >= 1);
    const demoServices = await app.db
      .selectFrom('dir_services')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('status', '=', 'active')
      .executeTakeFirst();
    assert.ok(Number(demoServices?.count) >= 250, 'the demo directory is loaded');
    // The crawl takes ids from the first, middle and last pages; the example's own place,
    // provider and term are fetched through their {id} endpoints too, wherever they fall.
    const ids = exampleIds();
    const wanted = {
      '/service_at_locations': [ids.serviceAtLocation],
      '/organizations': [ids.organisation],
      '/taxonomy_terms': [ids.taxonomyTerm],
    };
    const report = await crawlFeed(injectGetter(app), {
      checkCors: true,
      strictPages: true,
      idsPerEndpoint: 5,
      ids: wanted,
    });
    assert.deepEqual(report.failures, []);
    assert.deepEqual(report.warnings, [], 'the optional endpoints pass too');
    assert.equal(report.passed, true);
    for (const [list, [id]] of Object.entries(wanted)) {
      assert.ok(report.paths.includes(`${list}/${id}`), `${list}/${id} was fetched and validated`);
    }
    // ORUK 3.0 has no /locations: the example's place is the one its service-at-location nests
    // (this practice's own copy of it when another organisation already keeps that place).
    const place = await app.inject({ method: 'GET', url: `/oruk/service_at_locations/${ids.serviceAtLocation}` });
    const placeId = (place.json() as { location: { id: string } }).location.id;
    assert.ok(
      [ids.location, locationCopyId(practiceId, ids.location)].includes(placeId),
      `the example's place, not ${placeId}`,
    );
    const example = await app.inject({ method: 'GET', url: `/oruk/services/${EXAMPLE_SERVICE_ID}` });
    assert.equal(example.statusCode, 200);
    assert.deepEqual(orukErrors('service.json', example.json()), []);
  });
});
