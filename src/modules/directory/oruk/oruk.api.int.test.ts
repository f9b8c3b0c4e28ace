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
import { newId } from '../../../lib/ids.ts';
import { NEEDS_TAXONOMY, seededTermId } from '../shared/taxonomies.rules.ts';

type Page = {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: { id: string; [key: string]: unknown }[];
};

async function getJson<T = Page>(app: FastifyInstance, url: string, status = 200): Promise<T> {
  const response = await app.inject({ method: 'GET', url });
  assert.equal(response.statusCode, status, `${url}: ${response.body.slice(0, 300)}`);
  return response.json() as T;
}

/** A practice with three services under one unique word: two public (one near, one far), one draft. */
async function practiceWithServices(app: FastifyInstance) {
  const practiceId = await buildPractice(app.db);
  const word = uniqueWord();
  const near = await buildDirectoryService(app.db, practiceId, {
    name: `Near walk ${word}`,
    attributes: [{ id: newId(), taxonomyTermId: seededTermId('needs', 'food'), term: null }],
  });
  const farContent = sampleServiceContent();
  const farLocation = farContent.serviceAtLocations[0]?.location ?? assert.fail('no location');
  const far = await buildDirectoryService(app.db, practiceId, {
    name: `Far walk ${word}`,
    serviceAtLocations: [
      {
        ...(farContent.serviceAtLocations[0] ?? assert.fail('no sal')),
        location: { ...farLocation, latitude: 53.95, longitude: -1.2 },
      },
    ],
  });
  const draft = await buildDirectoryService(app.db, practiceId, { name: `Draft walk ${word}`, published: false });
  return { practiceId, word, near, far, draft };
}

describe('ORUK API: GET /oruk and the service endpoints', () => {
  test('GET /oruk names the version, the profile and our own copy of the OpenAPI document', async () => {
    const { app, config } = await testWorld();
    const root = await getJson<Record<string, string>>(app, '/oruk');
    assert.deepEqual(root, {
      version: 'HSDS-UK-3.0',
      profile: 'https://openreferraluk.org/specifications/3.0/',
      openapi_url: `${config.baseUrl}/oruk/openapi.json`,
    });
    assert.deepEqual(orukErrors('api_details.json', root), []);
    const openapi = await getJson<{
      info: { version: string };
      paths: Record<string, unknown>;
      servers: { url: string }[];
    }>(app, '/oruk/openapi.json');
    assert.equal(openapi.info.version, 'HSDS-UK-3.0');
    assert.ok('/services/{id}' in openapi.paths);
    assert.equal(openapi.servers[0]?.url, `${config.baseUrl}/oruk`);
  });

  test('lists show only active, published services; filters add up; pages are numbered from 1', async () => {
    const { app } = await testWorld();
    const { word, near, far } = await practiceWithServices(app);
    const all = await getJson(app, `/oruk/services?search=${word}`);
    assert.deepEqual(all.contents.map((item) => item.id).sort(), [near.id, far.id].sort());
    assert.deepEqual(orukErrors('service_list.json', all), []);
    const first = await getJson(app, `/oruk/services?search=${word}&per_page=1`);
    assert.deepEqual(
      { ...first, contents: first.contents.length },
      {
        total_items: 2,
        total_pages: 2,
        page_number: 1,
        size: 1,
        first_page: true,
        last_page: false,
        empty: false,
        contents: 1,
      },
    );
    const second = await getJson(app, `/oruk/services?search=${word}&per_page=1&page=2`);
    assert.equal(second.last_page, true);
    assert.notEqual(second.contents[0]?.id, first.contents[0]?.id);
    // ORUK's `empty` is "is this page empty": a page past the end has no contents, so it is.
    const beyond = await getJson(app, `/oruk/services?search=${word}&per_page=1&page=3`);
    assert.deepEqual(
      { ...beyond },
      {
        total_items: 2,
        total_pages: 2,
        page_number: 3,
        size: 0,
        first_page: false,
        last_page: true,
        empty: true,
        contents: [],
      },
    );
    assert.deepEqual(orukErrors('service_list.json', beyond), []);
    const food = await getJson(app, `/oruk/services?search=${word}&taxonomy_term_id=${seededTermId('needs', 'food')}`);
    assert.deepEqual(
      food.contents.map((item) => item.id),
      [near.id],
    );
    const needs = await getJson(app, `/oruk/services?search=${word}&taxonomy_id=${NEEDS_TAXONOMY.id}`);
    assert.equal(needs.total_items, 2);
    const byProvider = await getJson(app, `/oruk/services?organization_id=${far.organization?.id}`);
    assert.deepEqual(
      byProvider.contents.map((item) => item.id),
      [far.id],
    );
    const future = await getJson(app, `/oruk/services?search=${word}&modified_after=2999-01-01T00:00:00Z`);
    assert.deepEqual(
      { total: future.total_items, empty: future.empty, pages: future.total_pages },
      { total: 0, empty: true, pages: 1 },
    );
    const full = await getJson(app, `/oruk/services?search=${word}&full=true`);
    assert.ok(full.contents.every((item) => Array.isArray(item.service_at_locations) && Array.isArray(item.schedules)));
    assert.deepEqual(orukErrors('service_list.json', full), []);
  });

  test('per_page is capped at 200 and minimal lists just ids and dates', async () => {
    const { app } = await testWorld();
    const { word } = await practiceWithServices(app);
    const big = await getJson(app, '/oruk/services?per_page=5000');
    assert.ok(big.size <= 200 && big.size === Math.min(200, big.total_items), `size ${big.size} of ${big.total_items}`);
    const minimal = await getJson(app, `/oruk/services?search=${word}&minimal=true`);
    assert.ok(minimal.contents.every((item) => Object.keys(item).sort().join() === 'id,last_modified,modified_date'));
  });

  test('GET /oruk/services/{id} gives the fully nested service; unknown, draft and malformed ids are 404 JSON', async () => {
    const { app } = await testWorld();
    const { near, draft } = await practiceWithServices(app);
    const service = await getJson<Record<string, unknown>>(app, `/oruk/services/${near.id}`);
    assert.deepEqual(orukErrors('service.json', service), []);
    assert.equal((service.attributes as unknown[]).length, 1);
    for (const id of [draft.id, newId(), 'not-a-uuid']) {
      const missing = await getJson<{ code: string; message: string }>(app, `/oruk/services/${id}`, 404);
      assert.equal(missing.code, 'not_found');
      assert.match(missing.message, /No published service/);
    }
  });

  test('bad query values are 400 JSON with the field named, never 500', async () => {
    const { app } = await testWorld();
    const cases: [string, string][] = [
      ['/oruk/services?page=0', 'page'],
      ['/oruk/services?per_page=lots', 'per_page'],
      ['/oruk/services?modified_after=last-tuesday', 'modified_after'],
      ['/oruk/services?taxonomy_term_id=walking', 'taxonomy_term_id'],
      ['/oruk/services?format=xml', 'format'],
      ['/oruk/services?full=perhaps', 'full'],
      ['/oruk/service_at_locations?proximity=500', 'proximity'],
      ['/oruk/service_at_locations?postcode=ZZ9%209ZZ', 'postcode'],
      ['/oruk/service_at_locations?postcode=hello', 'postcode'],
      ['/oruk/taxonomy_terms?parent_id=x', 'parent_id'],
    ];
    for (const [url, field] of cases) {
      const body = await getJson<{ code: string; errors?: Record<string, string> }>(app, url, 400);
      assert.equal(body.code, 'validation_failed', url);
      assert.ok(body.errors && field in body.errors, `${url}: ${JSON.stringify(body)}`);
    }
  });

  test('every answer, errors included, can be read from any web page (CORS), and preflight is answered', async () => {
    const { app } = await testWorld();
    for (const url of [
      '/oruk',
      '/oruk/services',
      `/oruk/services/${newId()}`,
      '/oruk/services?page=0',
      '/oruk/openapi.json',
    ]) {
      const response = await app.inject({ method: 'GET', url, headers: { origin: 'https://someone-else.example' } });
      assert.equal(response.headers['access-control-allow-origin'], '*', url);
    }
    const preflight = await app.inject({
      method: 'OPTIONS',
      url: '/oruk/services?page=2',
      headers: {
        origin: 'https://someone-else.example',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'accept',
      },
    });
    assert.equal(preflight.statusCode, 204);
    assert.equal(preflight.headers['access-control-allow-origin'], '*');
    assert.match(String(preflight.headers['access-control-allow-methods']), /GET/);
    const rootPreflight = await app.inject({
      method: 'OPTIONS',
      url: '/oruk',
      headers: { origin: 'https://x.example', 'access-control-request-method': 'GET' },
    });
    assert.equal(rootPreflight.statusCode, 204);
  });

  test('format=ndjson streams every match, one valid service a line, without pages', async () => {
    const { app } = await testWorld();
    const { word, near, far } = await practiceWithServices(app);
    const response = await app.inject({
      method: 'GET',
      url: `/oruk/services?search=${word}&format=ndjson&per_page=1&full=true`,
    });
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /application\/x-ndjson/);
    const lines = response.body
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string });
    assert.deepEqual(lines.map((line) => line.id).sort(), [near.id, far.id].sort());
    for (const line of lines) {
      assert.deepEqual(orukErrors('service.json', line), []);
    }
  });
});

describe('ORUK API: services at locations, providers and taxonomies', () => {
  test('from a postcode, nearest first, and only within the proximity in metres when given', async () => {
    const { app } = await testWorld();
    const { word, near, far } = await practiceWithServices(app);
    await app.db
      .insertInto('postcode_units')
      .values({ postcode: 'ZZ1 1ZZ', latitude: 53.7956, longitude: -1.6627 })
      .onConflict((conflict) => conflict.column('postcode').doNothing())
      .execute();
    const sorted = await getJson(app, `/oruk/service_at_locations?search=${word}&postcode=zz11zz`);
    assert.deepEqual(
      sorted.contents.map((item) => item.service_id),
      [near.id, far.id],
    );
    assert.deepEqual(orukErrors('service_at_location_list.json', sorted), []);
    const within = await getJson(app, `/oruk/service_at_locations?search=${word}&postcode=ZZ1%201ZZ&proximity=2000`);
    assert.deepEqual(
      within.contents.map((item) => item.service_id),
      [near.id],
    );
    assert.ok(Number(within.contents[0]?.distance) < 2000);
    const salId = within.contents[0]?.id ?? assert.fail('no sal');
    const one = await getJson<Record<string, unknown>>(app, `/oruk/service_at_locations/${salId}`);
    assert.deepEqual(orukErrors('service_at_location.json', one), []);
    assert.equal((one.service as { id: string }).id, near.id);
  });

  test('providers of public services, with their services; taxonomies with their terms', async () => {
    const { app } = await testWorld();
    const { near, draft } = await practiceWithServices(app);
    const provider = await getJson<Record<string, unknown>>(app, `/oruk/organizations/${near.organization?.id}`);
    assert.deepEqual(orukErrors('organization.json', provider), []);
    assert.deepEqual(
      (provider.services as { id: string }[]).map((service) => service.id),
      [near.id],
    );
    await getJson(app, `/oruk/organizations/${draft.organization?.id}`, 404);
    const withFull = await getJson<{ services: Record<string, unknown>[] }>(
      app,
      `/oruk/organizations/${near.organization?.id}?full_service=true`,
    );
    assert.ok(Array.isArray(withFull.services[0]?.service_at_locations));
    assert.deepEqual(orukErrors('organization.json', withFull), []);
    const taxonomy = await getJson<{ taxonomy_terms: unknown[] }>(app, `/oruk/taxonomies/${NEEDS_TAXONOMY.id}`);
    assert.deepEqual(orukErrors('taxonomy.json', taxonomy), []);
    assert.equal(taxonomy.taxonomy_terms.length, NEEDS_TAXONOMY.terms.length);
    const terms = await getJson(
      app,
      `/oruk/taxonomy_terms?taxonomy_id=${NEEDS_TAXONOMY.id}&top_only=true&per_page=200`,
    );
    assert.equal(terms.total_items, NEEDS_TAXONOMY.terms.length);
    assert.deepEqual(orukErrors('taxonomy_term_list.json', terms), []);
    const term = await getJson<Record<string, unknown>>(app, `/oruk/taxonomy_terms/${seededTermId('needs', 'carers')}`);
    assert.equal(term.name, 'Carers');
    await getJson(app, `/oruk/taxonomies/${newId()}`, 404);
    await getJson(app, `/oruk/taxonomy_terms/${newId()}`, 404);
    await getJson(app, `/oruk/service_at_locations/${newId()}`, 404);
  });
});
