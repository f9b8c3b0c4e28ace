import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sampleServiceRecord } from '../../../../test/helpers/directory-factories.ts';
import { fhirErrors } from '../../../../test/helpers/fhir-validator.ts';
import {
  UK_CORE,
  operationOutcome,
  presentBundle,
  presentFhirLocation,
  presentFhirOrganization,
  presentHealthcareService,
} from './fhir.presenter.ts';

const BASE = 'https://thirdspace.example.org';

describe('FHIR presenter: directory entries as UK Core resources', () => {
  test('a fully nested service is valid R4 JSON with the UK Core must-support elements', () => {
    const service = sampleServiceRecord();
    const resource = presentHealthcareService(service, BASE);
    assert.deepEqual(fhirErrors(resource), []);
    assert.deepEqual(resource.meta, { profile: [UK_CORE.healthcareService], lastUpdated: '2026-11-02T10:00:00.000Z' });
    assert.deepEqual(resource.providedBy, {
      reference: `Organization/${service.organization?.id}`,
      display: service.organization?.name,
    });
    assert.ok(Array.isArray(resource.type) && resource.type.length > 0, 'type is must-support');
    assert.deepEqual(resource.availableTime, [
      { daysOfWeek: ['tue'], availableStartTime: '10:00:00', availableEndTime: '11:30:00' },
    ]);
    assert.match(String(resource.availabilityExceptions), /First Saturday/);
    assert.deepEqual(resource.location, [
      { reference: `Location/${service.serviceAtLocations[0]?.location.id}`, display: 'Pudsey Park Pavilion' },
    ]);
    assert.deepEqual(
      (resource.communication as { coding: { code: string }[] }[]).map((item) => item.coding[0]?.code),
      ['en', 'ur'],
    );
    assert.equal(JSON.stringify(resource).includes('null'), false);
  });

  test('a service with no provider names the practice that keeps it, by ODS code', () => {
    const service = { ...sampleServiceRecord({ organization: null }), organizationId: null };
    const resource = presentHealthcareService(service, BASE);
    assert.deepEqual(fhirErrors(resource), []);
    assert.deepEqual(resource.providedBy, {
      display: 'Canal Street Surgery (test)',
      identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'Y12345' },
    });
  });

  test('locations, providers, bundles and errors are valid R4 JSON', () => {
    const service = sampleServiceRecord();
    const location = presentFhirLocation(service.serviceAtLocations[0]?.location ?? assert.fail('no location'));
    const organization = presentFhirOrganization(service.organization ?? assert.fail('no provider'));
    assert.deepEqual(fhirErrors(location), []);
    assert.deepEqual(location.position, { latitude: 53.7956, longitude: -1.6627 });
    assert.deepEqual(fhirErrors(organization), []);
    assert.deepEqual(organization.identifier, [{ system: 'https://org-id.guide/list/GB-CHC', value: '1234567' }]);
    const bundle = presentBundle(
      [presentHealthcareService(service, BASE)],
      [location, organization],
      1,
      `${BASE}/fhir/HealthcareService`,
      BASE,
    );
    assert.deepEqual(fhirErrors(bundle), []);
    assert.deepEqual(fhirErrors(operationOutcome('not-found', 'No such service')), []);
  });

  test('the validator itself refuses a broken resource', () => {
    const broken = { ...presentHealthcareService(sampleServiceRecord(), BASE), active: 'yes', unknownElement: 1 };
    assert.notDeepEqual(fhirErrors(broken), []);
  });
});
