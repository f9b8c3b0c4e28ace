import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { MOCKS_DIR } from '../../../../test/helpers/feed-server.ts';
import { orukErrors } from '../../../../test/helpers/oruk-validator.ts';
import { mapOrukService } from './oruk-import-map.rules.ts';
import { isServiceFile, readFileRecords } from './oruk-import-sources.service.ts';
import { pageRequest } from './oruk-feed.service.ts';
import { OrukServiceImport } from './oruk-import.schemas.ts';
import { ServiceAtLocationListQuery, ServiceListQuery } from './oruk.schemas.ts';

function mockServices(): { where: string; value: unknown }[] {
  const out: { where: string; value: unknown }[] = [];
  for (const feed of ['V3.0-UK-Default', 'V3.0-UK-Warn', 'V3.0-UK-Fail']) {
    out.push({
      where: `${feed}/service_full`,
      value: JSON.parse(readFileSync(path.join(MOCKS_DIR, feed, 'service_full.json'), 'utf8')),
    });
    const list = JSON.parse(readFileSync(path.join(MOCKS_DIR, feed, 'service_list.json'), 'utf8')) as {
      contents: unknown[];
    };
    for (const [index, value] of list.contents.entries()) {
      out.push({ where: `${feed}/service_list[${index}]`, value });
    }
  }
  return out;
}

describe('ORUK import schema', () => {
  test('accepts and refuses exactly the mock services the official schema accepts and refuses', () => {
    const services = mockServices();
    assert.ok(services.length >= 8);
    for (const { where, value } of services) {
      const official = orukErrors('service.json', value).length === 0;
      assert.equal(OrukServiceImport.safeParse(value).success, official, where);
    }
    assert.ok(
      services.some(
        ({ where }) =>
          where.startsWith('V3.0-UK-Fail') &&
          !OrukServiceImport.safeParse(services.find((item) => item.where === where)?.value).success,
      ),
    );
  });

  test('reads null as absent, as many real feeds send it', () => {
    const parsed = OrukServiceImport.safeParse({
      id: '2bdb7a0e-4d3e-4e35-9d4b-5b8d6fbd1a11',
      name: 'Knit and natter',
      status: 'active',
      url: null,
      email: null,
      schedules: null,
    });
    assert.equal(parsed.success, true);
  });

  test('values the database would refuse are dropped with a warning, not the whole record', () => {
    const parsed = OrukServiceImport.parse({
      id: '2bdb7a0e-4d3e-4e35-9d4b-5b8d6fbd1a11',
      name: 'Knit and natter',
      status: 'active',
      minimum_age: 200,
      schedules: [
        {
          id: '0f9b0d7e-8a55-4f1a-9b53-2f2b7f3c9a01',
          freq: 'WEEKLY',
          byday: 'tu',
          opens_at: '10am',
          closes_at: '11:30Z',
        },
      ],
      service_at_locations: [
        {
          id: '7e0d0f4e-2b8e-4c1b-8f1e-6a7f3b2c1d00',
          location: {
            id: '5c1b8a2e-7d6f-4e3a-9b1c-2d3e4f5a6b7c',
            location_type: 'physical',
            latitude: 100,
            longitude: 101,
          },
        },
      ],
    });
    const warnings: string[] = [];
    const { input } = mapOrukService(parsed, 'owner', warnings);
    assert.equal(input.minimumAge, null);
    assert.equal(input.schedules[0]?.opensAt, null);
    assert.equal(input.schedules[0]?.closesAt, '11:30:00');
    assert.equal(input.schedules[0]?.byday, 'TU');
    assert.equal(input.serviceAtLocations[0]?.location.latitude, null);
    assert.equal(warnings.length, 3, warnings.join('\n'));
  });
});

describe('ORUK query strings', () => {
  test('per_page is capped at 200, defaults to 50, and page starts at 1', () => {
    assert.deepEqual(pageRequest(ServiceListQuery.parse({ per_page: '500' })), { number: 1, size: 200 });
    assert.deepEqual(pageRequest(ServiceListQuery.parse({ page: '3' })), { number: 3, size: 50 });
    for (const bad of [
      { page: '0' },
      { page: 'two' },
      { per_page: '0' },
      { per_page: '1.5' },
      { format: 'xml' },
      { minimal: 'maybe' },
      { modified_after: 'yesterday' },
      { taxonomy_id: 'walking' },
    ]) {
      assert.equal(ServiceListQuery.safeParse(bad).success, false, JSON.stringify(bad));
    }
    assert.equal(
      ServiceListQuery.parse({ modified_after: '2025-01-31' }).modified_after?.toISOString(),
      '2025-01-31T00:00:00.000Z',
    );
    assert.equal(ServiceListQuery.parse({ full: 'true', minimal: '0' }).full, true);
  });

  test('postcodes and proximity are checked', () => {
    assert.equal(ServiceAtLocationListQuery.safeParse({ postcode: 'LS28 7AA', proximity: '1500' }).success, true);
    assert.equal(ServiceAtLocationListQuery.safeParse({ postcode: 'BD10' }).success, true);
    assert.equal(ServiceAtLocationListQuery.safeParse({ postcode: 'not a postcode' }).success, false);
    assert.equal(ServiceAtLocationListQuery.safeParse({ postcode: 'LS28 7AA', proximity: '-5' }).success, false);
  });
});

describe('ORUK import sources', () => {
  test('a page, an array, a single service and ndjson lines are all read', () => {
    assert.equal(readFileRecords('a.json', '{"total_items":2,"contents":[{"id":"x"},{"id":"y"}]}').records.length, 2);
    assert.equal(readFileRecords('a.json', '[{"id":"x"}]').records.length, 1);
    assert.equal(readFileRecords('a.json', '{"id":"x","name":"n"}').records.length, 1);
    const lines = readFileRecords('a.ndjson', '{"id":"x"}\n\nnot json\n{"id":"y"}\n').records;
    assert.deepEqual(
      lines.map((record) => record.error ?? 'ok'),
      ['ok', 'not valid JSON', 'ok'],
    );
    assert.throws(() => readFileRecords('a.json', '{"version":"HSDS-UK-3.0"}'), /holds no ORUK services/);
    assert.throws(() => readFileRecords('a.json', '{oops'), /not valid JSON/);
  });

  test('in a folder, only service files are read', () => {
    for (const name of ['service_full.json', 'service_list.json', 'services.json', 'export.ndjson']) {
      assert.equal(isServiceFile(name), true, name);
    }
    for (const name of ['service_at_location_full.json', 'organization.json', 'taxonomy.json', 'notes.txt']) {
      assert.equal(isServiceFile(name), false, name);
    }
  });
});
