import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { testWorld } from '../../../../test/helpers/test-app.ts';

const ENDPOINTS = [
  '/oruk/services',
  '/oruk/service_at_locations',
  '/oruk/organizations',
  '/oruk/taxonomies',
  '/oruk/taxonomy_terms',
  '/fhir/HealthcareService',
];
const PARAMETERS = [
  'search',
  'page',
  'per_page',
  'format',
  'taxonomy_term_id',
  'taxonomy_id',
  'organization_id',
  'modified_after',
  'minimal',
  'full',
  'full_service',
  'postcode',
  'proximity',
  'top_only',
  'parent_id',
  '_id',
  '_count',
  '_offset',
  '_include',
  'name',
];

const value = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.integer({ min: -5, max: 1_000_000_000 }).map(String),
  fc.constantFrom(
    'true',
    'false',
    'ndjson',
    'json',
    '2025-01-31',
    '0000-01-01',
    '9999-12-31T23:59:59Z',
    'LS28',
    'LS28 7AA',
    '1e400',
    'NaN',
    '',
    '%',
    '\\',
    "'",
    '00000000-0000-0000-0000-000000000000',
  ),
);

describe('ORUK and FHIR APIs: any query string', () => {
  test('property: every list endpoint answers any query string with 2xx or 4xx JSON, never 5xx', async () => {
    const { app } = await testWorld();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ENDPOINTS),
        fc.dictionary(fc.constantFrom(...PARAMETERS), value, { maxKeys: 4 }),
        async (endpoint, query) => {
          const url = `${endpoint}?${new URLSearchParams(query).toString()}`;
          const response = await app.inject({ method: 'GET', url });
          assert.ok(
            response.statusCode < 500,
            `${url} answered ${response.statusCode}: ${response.body.slice(0, 200)}`,
          );
          if (!String(response.headers['content-type']).includes('ndjson')) {
            assert.doesNotThrow(() => JSON.parse(response.body), url);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  test('property: any id in an {id} endpoint is found or is a 404, never 5xx', async () => {
    const { app } = await testWorld();
    const paths = [
      '/oruk/services/',
      '/oruk/service_at_locations/',
      '/oruk/organizations/',
      '/oruk/taxonomies/',
      '/oruk/taxonomy_terms/',
      '/fhir/HealthcareService/',
      '/fhir/Location/',
      '/fhir/Organization/',
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...paths),
        fc.oneof(fc.uuid(), fc.string({ minLength: 1, maxLength: 40 })),
        async (prefix, id) => {
          const response = await app.inject({ method: 'GET', url: `${prefix}${encodeURIComponent(id)}` });
          assert.ok([200, 400, 404].includes(response.statusCode), `${prefix}${id} answered ${response.statusCode}`);
        },
      ),
      { numRuns: 100 },
    );
  });
});
