import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sampleServiceRecord } from '../../../../test/helpers/directory-factories.ts';
import { orukErrors } from '../../../../test/helpers/oruk-validator.ts';
import {
  asEmail,
  asUri,
  presentPage,
  presentService,
  presentServiceAtLocation,
  presentServiceSummary,
  presentTaxonomyTerm,
} from './oruk.presenter.ts';

function hasNull(value: unknown): boolean {
  if (value === null) {
    return true;
  }
  if (Array.isArray(value)) {
    return value.some(hasNull);
  }
  return typeof value === 'object' && value !== undefined && Object.values(value as object).some(hasNull);
}

describe('ORUK presenter', () => {
  test('a fully nested service matches the ORUK service schema and has no nulls', () => {
    const service = sampleServiceRecord();
    const presented = presentService(service);
    assert.deepEqual(orukErrors('service.json', presented), []);
    assert.equal(hasNull(presented), false);
    assert.equal(presented.organization_id, service.organization?.id);
    assert.equal((presented.schedules as { opens_at: string }[])[0]?.opens_at, '10:00');
    assert.equal((presented.cost_options as { amount: number }[])[0]?.amount, 1.5);
    assert.equal(
      (presented.service_at_locations as { location: { addresses: unknown[] } }[])[0]?.location.addresses.length,
      1,
    );
    assert.deepEqual(
      (presented.organization as { organization_identifiers: { identifier: string }[] }).organization_identifiers[0]
        ?.identifier,
      '1234567',
    );
  });

  test('absent optional fields are left out, and unusable links and emails are dropped', () => {
    const service = {
      ...sampleServiceRecord({ url: 'not a link', email: 'nobody', fees: null, minimumAge: null }),
      assurerEmail: null,
    };
    const presented = presentService(service);
    assert.deepEqual(orukErrors('service.json', presented), []);
    for (const key of ['url', 'email', 'fees', 'minimum_age', 'assurer_email']) {
      assert.equal(key in presented, false, key);
    }
  });

  test('list items, pages, services at locations and terms match their list schemas', () => {
    const service = sampleServiceRecord();
    assert.deepEqual(orukErrors('service_list.json', presentPage([presentServiceSummary(service)], 1, 1, 50)), []);
    const sal = service.serviceAtLocations[0] ?? assert.fail('no location');
    assert.deepEqual(orukErrors('service_at_location.json', presentServiceAtLocation(sal, service.id)), []);
    const term = service.attributes[0]?.term ?? assert.fail('no term');
    assert.deepEqual(orukErrors('taxonomy_term_list.json', presentPage([presentTaxonomyTerm(term)], 1, 1, 50)), []);
  });

  test('page fields agree with each other, including an empty result and the last page', () => {
    assert.deepEqual(presentPage([], 0, 1, 50), {
      total_items: 0,
      total_pages: 1,
      page_number: 1,
      size: 0,
      first_page: true,
      last_page: true,
      empty: true,
      contents: [],
    });
    const last = presentPage(['a', 'b'], 102, 3, 50);
    assert.deepEqual(
      { ...last, contents: undefined },
      {
        total_items: 102,
        total_pages: 3,
        page_number: 3,
        size: 2,
        first_page: false,
        last_page: true,
        empty: false,
        contents: undefined,
      },
    );
    assert.equal(presentPage(['a'], 102, 2, 50).last_page, false);
  });

  test('a page past the end is empty (ORUK: "Is this page empty"), though the list is not', () => {
    const beyond = presentPage([], 102, 4, 50);
    assert.deepEqual(beyond, {
      total_items: 102,
      total_pages: 3,
      page_number: 4,
      size: 0,
      first_page: false,
      last_page: true,
      empty: true,
      contents: [],
    });
    assert.deepEqual(orukErrors('service_list.json', beyond), []);
  });

  test('links become absolute URIs where they can, and emails must look like emails', () => {
    const cases: [string | null, string | null][] = [
      ['https://example.org/a', 'https://example.org/a'],
      ['www.example.org', 'https://www.example.org'],
      ['example.org/page', 'https://example.org/page'],
      ['mailto:walk@example.org', 'mailto:walk@example.org'],
      ['see our leaflet', null],
      ['', null],
      [null, null],
    ];
    for (const [given, expected] of cases) {
      assert.equal(asUri(given), expected, String(given));
    }
    assert.equal(asEmail('sue@example.org'), 'sue@example.org');
    assert.equal(asEmail('email-example_com'), null);
    assert.equal(asEmail('sue@localhost'), null);
  });
});
