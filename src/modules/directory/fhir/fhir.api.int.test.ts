import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildDirectoryService } from '../../../../test/helpers/directory-factories.ts';
import { buildPractice } from '../../../../test/helpers/factories.ts';
import { fhirErrors } from '../../../../test/helpers/fhir-validator.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { newId } from '../../../lib/ids.ts';

type Resource = { resourceType: string; id?: string; [key: string]: unknown };

describe('FHIR API: directory entries as UK Core HealthcareService, Location and Organization', () => {
  test('a public service, its location and its provider are valid FHIR R4 resources with UK Core profiles', async () => {
    const { app, config } = await testWorld();
    const practiceId = await buildPractice(app.db);
    const service = await buildDirectoryService(app.db, practiceId);
    const response = await app.inject({ method: 'GET', url: `/fhir/HealthcareService/${service.id}` });
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^application\/fhir\+json/);
    assert.equal(response.headers['access-control-allow-origin'], '*');
    const resource = response.json() as Resource;
    assert.deepEqual(fhirErrors(resource), []);
    assert.deepEqual((resource.meta as { profile: string[] }).profile, [
      'https://fhir.hl7.org.uk/StructureDefinition/UKCore-HealthcareService',
    ]);
    assert.equal((resource.providedBy as { reference: string }).reference, `Organization/${service.organization?.id}`);
    assert.ok((resource.type as unknown[]).length > 0);
    const locationId = service.serviceAtLocations[0]?.location.id;
    const location = await app.inject({ method: 'GET', url: `/fhir/Location/${locationId}` });
    assert.equal(location.statusCode, 200);
    assert.deepEqual(fhirErrors(location.json() as Resource), []);
    const organization = await app.inject({ method: 'GET', url: `/fhir/Organization/${service.organization?.id}` });
    assert.equal(organization.statusCode, 200);
    assert.deepEqual(fhirErrors(organization.json() as Resource), []);

    const bundle = await app.inject({
      method: 'GET',
      url: `/fhir/HealthcareService?_id=${service.id}&_include=HealthcareService:location&_include=HealthcareService:organization`,
    });
    const body = bundle.json() as {
      total: number;
      entry: { fullUrl: string; resource: Resource; search: { mode: string } }[];
    };
    assert.deepEqual(fhirErrors(body as unknown as Resource), []);
    assert.equal(body.total, 1);
    assert.deepEqual(body.entry.map((entry) => `${entry.search.mode}:${entry.resource.resourceType}`).sort(), [
      'include:Location',
      'include:Organization',
      'match:HealthcareService',
    ]);
    assert.equal(
      body.entry.find((entry) => entry.search.mode === 'match')?.fullUrl,
      `${config.baseUrl}/fhir/HealthcareService/${service.id}`,
    );
  });

  test('every public service in the directory is valid FHIR R4 (whatever other tests left there)', async () => {
    const { app } = await testWorld();
    const search = await app.inject({ method: 'GET', url: '/fhir/HealthcareService?_count=100&_include=*' });
    const bundle = search.json() as Resource;
    assert.deepEqual(fhirErrors(bundle), []);
  });

  test('unknown, draft and malformed ids are 404 OperationOutcomes; bad search parameters are 400', async () => {
    const { app } = await testWorld();
    const practiceId = await buildPractice(app.db);
    const draft = await buildDirectoryService(app.db, practiceId, { published: false });
    for (const url of [
      `/fhir/HealthcareService/${draft.id}`,
      `/fhir/HealthcareService/${newId()}`,
      '/fhir/HealthcareService/not-an-id',
      `/fhir/Location/${draft.serviceAtLocations[0]?.location.id}`,
      `/fhir/Organization/${newId()}`,
      '/fhir/Patient/1',
    ]) {
      const response = await app.inject({ method: 'GET', url });
      assert.equal(response.statusCode, 404, url);
      const outcome = response.json() as Resource;
      assert.equal(outcome.resourceType, 'OperationOutcome');
      assert.deepEqual(fhirErrors(outcome), []);
    }
    const bad = await app.inject({ method: 'GET', url: '/fhir/HealthcareService?_count=lots' });
    assert.equal(bad.statusCode, 400);
    assert.equal((bad.json() as Resource).resourceType, 'OperationOutcome');
    const capability = (await app.inject({ method: 'GET', url: '/fhir/metadata' })).json() as Resource;
    assert.equal(capability.fhirVersion, '4.0.1');
    // The packaged fhir.schema.json predates R4's 4.0.1 technical correction, so its enumeration stops at 4.0.0.
    assert.deepEqual(fhirErrors({ ...capability, fhirVersion: '4.0.0' }), []);
  });
});
