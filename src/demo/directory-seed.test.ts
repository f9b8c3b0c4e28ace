import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { orukErrors } from '../../test/helpers/oruk-validator.ts';
import { presentService } from '../modules/directory/oruk/oruk.presenter.ts';
import type { ServiceRecord } from '../modules/directory/index.ts';
import { describeSchedule } from './directory-schedules.ts';
import { buildDemoServices } from './directory-seed.ts';

const OWNERS = {
  canal: 'c0000000-0000-4000-8000-000000000001',
  millbrook: 'c0000000-0000-4000-8000-000000000002',
  hillside: 'c0000000-0000-4000-8000-000000000003',
  riverside: 'c0000000-0000-4000-8000-000000000004',
};
const NOW = new Date('2026-11-23T09:00:00Z');

describe('demo directory', () => {
  const services = buildDemoServices(OWNERS, NOW);

  test('about 300 services, the same on every run, with unique ids', () => {
    assert.equal(services.length, 300);
    assert.equal(JSON.stringify(buildDemoServices(OWNERS, NOW)), JSON.stringify(services));
    const ids = services.flatMap((service) => [
      service.id,
      ...service.schedules.map((item) => item.id),
      ...service.contacts.map((item) => item.id),
      ...service.languages.map((item) => item.id),
    ]);
    assert.equal(new Set(ids).size, ids.length);
  });

  test('kept by the demo practices and the Riverside network, around LS28 and BD10', () => {
    const owners = new Set(services.map((service) => service.ownerOrganisationId));
    assert.deepEqual([...owners].sort(), Object.values(OWNERS).sort());
    for (const service of services) {
      const location = service.serviceAtLocations[0]?.location;
      assert.ok(location && location.latitude !== null && location.longitude !== null);
      assert.ok(
        Math.abs(location.latitude - 53.81) < 0.06 && Math.abs(location.longitude - -1.7) < 0.08,
        `${service.name} is at ${location.latitude},${location.longitude}`,
      );
      assert.match(location.addresses[0]?.postalCode ?? '', /^(LS28|BD10) \d[A-Z]{2}$/);
    }
  });

  test('walking groups meet on Tuesday mornings; some services are free, some paid, some stale, some in several languages', () => {
    const tuesdayWalks = services.filter(
      (service) =>
        /walk/i.test(service.name) &&
        service.schedules.some((item) => item.byday === 'TU' && (item.opensAt ?? '') < '12:00'),
    );
    assert.ok(tuesdayWalks.length >= 10, `${tuesdayWalks.length} Tuesday walks`);
    assert.ok(
      services.some((service) => service.costOptions.length === 0) &&
        services.some((service) => (service.costOptions[0]?.amount ?? 0) > 0),
    );
    const stale = services.filter((service) => service.verification?.stale);
    assert.ok(stale.length >= 20, `${stale.length} stale`);
    assert.ok(stale.every((service) => (service.verification?.reviewDueAt?.getTime() ?? Infinity) < NOW.getTime()));
    assert.ok(services.filter((service) => service.languages.length > 1).length >= 30);
    assert.ok(services.every((service) => service.attributes.length >= 2));
  });

  test('every demo service is valid Open Referral UK 3.0', () => {
    for (const service of services.slice(0, 60)) {
      const record: ServiceRecord = {
        ...service,
        ownerOrganisationName: 'Demo',
        ownerOdsCode: null,
        published: true,
        stale: false,
        lastVerifiedAt: null,
        lastVerifiedBy: null,
        verificationMethod: null,
        reviewDueAt: null,
        sourceActivityId: null,
        createdAt: NOW,
        lastModified: NOW,
      };
      assert.deepEqual(orukErrors('service.json', presentService(record)), [], service.name);
    }
  });

  test('opening times read as people say them', () => {
    assert.equal(
      describeSchedule({ freq: 'WEEKLY', byday: 'TU', opens: '10:00', closes: '11:30' }),
      'Every Tuesday, 10am to 11:30am',
    );
    assert.equal(
      describeSchedule({ freq: 'WEEKLY', byday: 'MO,TH', opens: '10:00', closes: '15:00' }),
      'Monday and Thursday, 10am to 3pm',
    );
    assert.equal(
      describeSchedule({ freq: 'MONTHLY', byday: '-1FR', opens: '14:00', closes: '16:00' }),
      'The last Friday of the month, 2pm to 4pm',
    );
  });
});
