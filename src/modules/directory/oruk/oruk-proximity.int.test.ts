import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import {
  buildDirectoryService,
  sampleServiceContent,
  uniqueWord,
} from '../../../../test/helpers/directory-factories.ts';
import { buildPractice } from '../../../../test/helpers/factories.ts';
import { orukErrors } from '../../../../test/helpers/oruk-validator.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';

// GET /oruk/service_at_locations from a postcode district (an outcode such as LS28): nearest
// first across pages, only those within `proximity` metres when given, and every page valid.

type Item = { id: string; service_id: string; distance?: number };
type Page = {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: Item[];
};

/** The centre of the LS28 district in the shipped outcode table (data/uk-outcode-centroids.csv). */
const LS28 = { latitude: 53.806574, longitude: -1.671105 };
/** Metres in one degree of latitude on the sphere earth_distance uses. */
const METRES_PER_DEGREE = 111_318;

async function getPage(app: FastifyInstance, url: string): Promise<Page> {
  const response = await app.inject({ method: 'GET', url });
  assert.equal(response.statusCode, 200, `${url}: ${response.body.slice(0, 300)}`);
  return response.json() as Page;
}

/**
 * Five services due north of the LS28 centre, about 220 m, 670 m, 1.1 km, 1.6 km and 2 km
 * away, and one in York (about 40 km): built in a shuffled order, so order comes from distance.
 */
async function servicesAroundLs28(app: FastifyInstance) {
  const practiceId = await buildPractice(app.db);
  const word = uniqueWord();
  const steps = [3, 0, 4, 1, 2];
  const byDistance: string[] = [];
  for (const step of steps) {
    const content = sampleServiceContent();
    const sal = content.serviceAtLocations[0] ?? assert.fail('no place');
    const location = { ...sal.location, latitude: LS28.latitude + 0.002 + step * 0.004, longitude: LS28.longitude };
    const service = await buildDirectoryService(app.db, practiceId, {
      name: `Pudsey group ${step} ${word}`,
      serviceAtLocations: [{ ...sal, location }],
    });
    byDistance[step] = service.id;
  }
  const yorkContent = sampleServiceContent();
  const yorkSal = yorkContent.serviceAtLocations[0] ?? assert.fail('no place');
  const york = await buildDirectoryService(app.db, practiceId, {
    name: `York group ${word}`,
    serviceAtLocations: [{ ...yorkSal, location: { ...yorkSal.location, latitude: 53.96, longitude: -1.08 } }],
  });
  return { word, nearestFirst: [...byDistance, york.id] };
}

describe('ORUK API: services at locations near a postcode district', () => {
  test('an outcode orders every page nearest first; the first, middle and last pages are valid and agree', async () => {
    const { app } = await testWorld();
    const { word, nearestFirst } = await servicesAroundLs28(app);
    const base = `/oruk/service_at_locations?search=${word}&postcode=ls28&per_page=2`;
    const pages: Page[] = [];
    for (const number of [1, 2, 3]) {
      const page = await getPage(app, `${base}&page=${number}`);
      assert.deepEqual(orukErrors('service_at_location_list.json', page), [], `page ${number}`);
      assert.deepEqual(
        {
          total: page.total_items,
          pages: page.total_pages,
          number: page.page_number,
          size: page.size,
          first: page.first_page,
          last: page.last_page,
          empty: page.empty,
        },
        { total: 6, pages: 3, number, size: 2, first: number === 1, last: number === 3, empty: false },
        `page ${number}`,
      );
      pages.push(page);
    }
    const items = pages.flatMap((page) => page.contents);
    assert.deepEqual(
      items.map((item) => item.service_id),
      nearestFirst,
    );
    const distances = items.map((item) => Number(item.distance));
    assert.deepEqual(
      [...distances].sort((a, b) => a - b),
      distances,
      'distances only grow from page to page',
    );
    const nearest = distances[0] ?? assert.fail('no distance');
    assert.ok(Math.abs(nearest - 0.002 * METRES_PER_DEGREE) < 15, `the nearest is about 220 m away (${nearest})`);
    assert.ok(Number(distances[5]) > 35_000, 'York is far away');

    // The same district written as a full postcode the directory has no unit for: its district's centre.
    const fromFullPostcode = await getPage(
      app,
      `/oruk/service_at_locations?search=${word}&postcode=LS28%209QQ&per_page=6`,
    );
    assert.deepEqual(
      fromFullPostcode.contents.map((item) => item.service_id),
      nearestFirst,
    );
    const beyond = await getPage(app, `${base}&page=4`);
    assert.deepEqual(
      {
        empty: beyond.empty,
        size: beyond.size,
        contents: beyond.contents,
        last: beyond.last_page,
        total: beyond.total_items,
      },
      { empty: true, size: 0, contents: [], last: true, total: 6 },
    );
    assert.deepEqual(orukErrors('service_at_location_list.json', beyond), []);
  });

  test('proximity keeps only places within that many metres of the district, nearest first, on every page', async () => {
    const { app } = await testWorld();
    const { word, nearestFirst } = await servicesAroundLs28(app);
    const base = `/oruk/service_at_locations?search=${word}&postcode=LS28&proximity=1500&per_page=2`;
    const first = await getPage(app, `${base}&page=1`);
    const last = await getPage(app, `${base}&page=2`);
    for (const page of [first, last]) {
      assert.deepEqual(orukErrors('service_at_location_list.json', page), [], `page ${page.page_number}`);
      assert.ok(
        page.contents.every((item) => Number(item.distance) <= 1500),
        `page ${page.page_number}: all within 1,500 m`,
      );
    }
    assert.deepEqual(
      { total: first.total_items, pages: first.total_pages, lastIsLast: last.last_page, lastSize: last.size },
      { total: 3, pages: 2, lastIsLast: true, lastSize: 1 },
    );
    assert.deepEqual(
      [...first.contents, ...last.contents].map((item) => item.service_id),
      nearestFirst.slice(0, 3),
    );
    const everything = await getPage(
      app,
      `/oruk/service_at_locations?search=${word}&postcode=LS28&proximity=50000&per_page=10`,
    );
    assert.equal(everything.total_items, 6, 'York is within 50 km');
  });

  test('a provider with its services in full (full_service=true) matches the ORUK organisation schema', async () => {
    const { app } = await testWorld();
    const practiceId = await buildPractice(app.db);
    const service = await buildDirectoryService(app.db, practiceId);
    const providerId = service.organization?.id ?? assert.fail('no provider');
    const response = await app.inject({ method: 'GET', url: `/oruk/organizations/${providerId}?full_service=true` });
    assert.equal(response.statusCode, 200);
    const provider = response.json() as {
      id: string;
      services: { id: string; service_at_locations?: unknown[]; schedules?: unknown[] }[];
    };
    assert.deepEqual(orukErrors('organization.json', provider), []);
    assert.deepEqual(
      provider.services.map((item) => item.id),
      [service.id],
    );
    assert.ok(
      Array.isArray(provider.services[0]?.service_at_locations) && Array.isArray(provider.services[0]?.schedules),
      'each service is given in full',
    );
    for (const item of provider.services) {
      assert.deepEqual(orukErrors('service.json', item), [], 'each nested service is a valid full service');
    }
  });
});
