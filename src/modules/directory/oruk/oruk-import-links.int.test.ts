import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildPractice } from '../../../../test/helpers/factories.ts';
import { crawlFeed, orukErrors } from '../../../../test/helpers/oruk-validator.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { newId } from '../../../lib/ids.ts';
import { importOruk } from './oruk-import.service.ts';

// What an ORUK feed says about how things hang together, beyond each service: a term's parent
// term, a term's taxonomy given only in words (ORUK `taxonomy`, HSDS `vocabulary`), a provider's
// parent and every identifier it has. Each is kept whichever order the feed gives them in, is
// served back by /oruk, and a re-run writes nothing twice.

/** A small generated feed: the children come before their parents. */
function generatedFeed() {
  const ids = {
    childService: newId(),
    parentService: newId(),
    childTerm: newId(),
    parentTerm: newId(),
    wordsTerm: newId(),
    orphanTerm: newId(),
    missingParent: newId(),
    taxonomy: newId(),
    childOrg: newId(),
    parentOrg: newId(),
    companyNumber: newId(),
    charityNumber: newId(),
  };
  const vocabulary = `Test vocabulary ${ids.wordsTerm.slice(0, 8)}`;
  const service = (
    id: string,
    name: string,
    organization: Record<string, unknown>,
    terms: Record<string, unknown>[],
  ) => ({
    id,
    name,
    description: `${name}, generated for a test`,
    status: 'active',
    organization,
    // A place, so the crawl below has service_at_locations to judge even in an otherwise empty database.
    service_at_locations: [
      {
        id: newId(),
        location: {
          id: newId(),
          location_type: 'physical',
          name: `${name} venue`,
          addresses: [
            {
              id: newId(),
              address_1: '1 Park Lane',
              city: 'Pudsey',
              state_province: 'England',
              postal_code: 'LS28 7AA',
              country: 'GB',
              address_type: 'physical',
            },
          ],
        },
      },
    ],
    attributes: terms.map((term) => ({
      id: newId(),
      link_id: id,
      link_type: 'service',
      taxonomy_term_id: term.id,
      taxonomy_term: term,
    })),
  });
  const childOrg = {
    id: ids.childOrg,
    name: 'Test Walking Group',
    description: 'A branch of the test trust',
    parent_organization_id: ids.parentOrg,
    organization_identifiers: [
      { id: ids.companyNumber, identifier_scheme: 'GB-COH', identifier_type: 'Company number', identifier: '09876543' },
      { id: ids.charityNumber, identifier_scheme: 'GB-CHC', identifier_type: 'Charity number', identifier: '1199999' },
    ],
  };
  const services = [
    service(ids.childService, 'Test health walks', childOrg, [
      {
        id: ids.childTerm,
        name: 'Walking',
        description: 'Walking groups',
        parent_id: ids.parentTerm,
        taxonomy_id: ids.taxonomy,
        taxonomy: 'Test activities',
      },
      { id: ids.wordsTerm, name: 'Outdoors', description: 'Outdoor activity', vocabulary },
      {
        id: ids.orphanTerm,
        name: 'Rambling',
        description: 'Longer walks',
        parent_id: ids.missingParent,
        taxonomy_id: ids.taxonomy,
      },
    ]),
    service(
      ids.parentService,
      'Test trust helpline',
      { id: ids.parentOrg, name: 'Test Trust', description: 'The parent organisation' },
      [
        {
          id: ids.parentTerm,
          name: 'Physical activity',
          description: 'Being active',
          taxonomy_id: ids.taxonomy,
          taxonomy: 'Test activities',
        },
      ],
    ),
  ];
  return {
    ids,
    vocabulary,
    page: {
      total_items: 2,
      total_pages: 1,
      page_number: 1,
      size: 2,
      first_page: true,
      last_page: true,
      empty: false,
      contents: services,
    },
  };
}

async function getOruk(app: FastifyInstance, url: string): Promise<Record<string, unknown>> {
  const response = await app.inject({ method: 'GET', url: `/oruk${url}` });
  assert.equal(response.statusCode, 200, `${url}: ${response.body}`);
  return response.json() as Record<string, unknown>;
}

describe('ORUK import keeps term hierarchies, vocabularies, provider parents and identifiers', () => {
  test('a generated feed with children before parents is stored, served back valid, and re-imported without duplicates', async () => {
    const { app } = await testWorld();
    const practiceId = await buildPractice(app.db);
    const { ids, vocabulary, page } = generatedFeed();
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'oruk-links-')), 'services.json');
    await writeFile(file, JSON.stringify(page));

    const first = await importOruk(app.db, file, { ownerOrganisationId: practiceId });
    assert.deepEqual({ created: first.created, failed: first.failed }, { created: 2, failed: [] });
    assert.deepEqual(first.warnings, [
      `taxonomy term ${ids.orphanTerm} names parent term ${ids.missingParent}, ` +
        'which is neither in this feed nor in this directory, so the term was kept without a parent',
    ]);

    const childTerm = await getOruk(app, `/taxonomy_terms/${ids.childTerm}`);
    assert.equal(childTerm.parent_id, ids.parentTerm, 'the parent came later in the feed and is linked');
    assert.equal(childTerm.taxonomy_id, ids.taxonomy);
    assert.deepEqual(orukErrors('taxonomy_term.json', childTerm), []);
    const orphanTerm = await getOruk(app, `/taxonomy_terms/${ids.orphanTerm}`);
    assert.equal('parent_id' in orphanTerm, false, 'an unknown parent is left out, not null');

    const wordsTerm = await getOruk(app, `/taxonomy_terms/${ids.wordsTerm}`);
    assert.equal(wordsTerm.taxonomy, vocabulary);
    assert.equal(typeof wordsTerm.taxonomy_id, 'string');
    assert.deepEqual(orukErrors('taxonomy_term.json', wordsTerm), []);
    const taxonomy = await getOruk(app, `/taxonomies/${String(wordsTerm.taxonomy_id)}`);
    assert.equal(taxonomy.name, vocabulary);

    const childOrg = await getOruk(app, `/organizations/${ids.childOrg}`);
    assert.equal(childOrg.parent_organization_id, ids.parentOrg, 'the parent came later in the feed and is linked');
    assert.deepEqual(childOrg.organization_identifiers, [
      {
        id: ids.companyNumber,
        organization_id: ids.childOrg,
        identifier_scheme: 'GB-COH',
        identifier_type: 'Company number',
        identifier: '09876543',
      },
      {
        id: ids.charityNumber,
        organization_id: ids.childOrg,
        identifier_scheme: 'GB-CHC',
        identifier_type: 'Charity number',
        identifier: '1199999',
      },
    ]);
    assert.deepEqual(orukErrors('organization.json', childOrg), []);
    const parentOrg = await getOruk(app, `/organizations/${ids.parentOrg}`);
    assert.equal('parent_organization_id' in parentOrg, false);
    assert.equal('organization_identifiers' in parentOrg, false, 'no identifiers: left out, not null or []');
    const service = await getOruk(app, `/services/${ids.childService}`);
    assert.equal((service.organization as Record<string, unknown>).parent_organization_id, ids.parentOrg);
    assert.deepEqual(orukErrors('service.json', service), []);

    const again = await importOruk(app.db, file, { ownerOrganisationId: practiceId });
    assert.deepEqual(
      { created: again.created, updated: again.updated, unchanged: again.unchanged, failed: again.failed },
      { created: 0, updated: 0, unchanged: 2, failed: [] },
    );
    const taxonomies = await app.db.selectFrom('dir_taxonomies').select('id').where('name', '=', vocabulary).execute();
    assert.equal(taxonomies.length, 1, 'one taxonomy for the vocabulary');
    const stored = await app.db
      .selectFrom('dir_organizations')
      .select('identifiers')
      .where('id', '=', ids.childOrg)
      .executeTakeFirstOrThrow();
    assert.equal((stored.identifiers as unknown[]).length, 2, 'identifiers are not repeated');
    assert.deepEqual(
      (await getOruk(app, `/organizations/${ids.childOrg}`)).organization_identifiers,
      childOrg.organization_identifiers,
    );

    const report = await crawlFeed(
      async (pathAndQuery) => {
        const response = await app.inject({ method: 'GET', url: `/oruk${pathAndQuery === '/' ? '' : pathAndQuery}` });
        return {
          status: response.statusCode,
          body: response.json() as unknown,
          headers: response.headers as Record<string, string | string[] | undefined>,
        };
      },
      { idsPerEndpoint: 3 },
    );
    assert.deepEqual({ failures: report.failures, warnings: report.warnings }, { failures: [], warnings: [] });
  });
});
