import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import { type Agent, signIn } from '../../../../test/helpers/agent.ts';
import { buildService } from '../../../../test/helpers/directory.ts';
import { buildDirectoryService, sampleServiceRecord } from '../../../../test/helpers/directory-factories.ts';
import { buildPerson, buildPractice } from '../../../../test/helpers/factories.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import type { Database } from '../../../platform/db/schema.ts';
import { newId } from '../../../lib/ids.ts';
import { importOruk } from '../oruk/oruk-import.service.ts';
import { presentService } from '../oruk/oruk.presenter.ts';
import { insertServicesInBulk } from './service-bulk.repo.ts';
import type { ServiceInput } from './services.schemas.ts';
import { scopeOf } from '../../../../test/helpers/scope.ts';

/** Everything about a location that another organisation must never be able to change. */
async function locationState(db: Kysely<Database>, locationId: string) {
  const location = await db
    .selectFrom('dir_locations')
    .select(['owner_organisation_id', 'name', 'latitude', 'longitude', 'updated_at'])
    .where('id', '=', locationId)
    .executeTakeFirstOrThrow();
  const addresses = await db
    .selectFrom('dir_addresses')
    .select(['id', 'address_1', 'city', 'postal_code'])
    .where('location_id', '=', locationId)
    .orderBy('id')
    .execute();
  const accessibility = await db
    .selectFrom('dir_accessibility')
    .select(['id', 'description'])
    .where('location_id', '=', locationId)
    .orderBy('id')
    .execute();
  return { location, addresses, accessibility };
}

/** The service's locations: id, keeper and first address line. */
async function locationsOf(db: Kysely<Database>, serviceId: string) {
  return db
    .selectFrom('dir_service_at_locations as sl')
    .innerJoin('dir_locations as l', 'l.id', 'sl.location_id')
    .leftJoin('dir_addresses as a', 'a.location_id', 'l.id')
    .select(['l.id', 'l.owner_organisation_id as owner', 'a.address_1 as address1', 'a.postal_code as postcode'])
    .where('sl.service_id', '=', serviceId)
    .execute();
}

/** A staff edit that moves the service to another address (and changes its accessibility notes). */
async function moveService(agent: Agent, serviceId: string, name: string): Promise<number> {
  const page = await agent.get(`/directory/services/${serviceId}/edit`);
  assert.equal(page.statusCode, 200);
  const version = /name="version" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  const saved = await agent.postForm(`/directory/services/${serviceId}/edit`, {
    version,
    name,
    status: 'active',
    cost: 'unknown',
    address1: '99 Takeover Street',
    town: 'Bradford',
    postcode: 'BD10 8AA',
    accessibility: 'Stairs only',
  });
  return saved.statusCode;
}

/** Practice A's service at its own location, and what the ORUK feed says about it. */
async function practiceAWithAService(db: Kysely<Database>) {
  const { app } = await testWorld();
  const practiceA = await buildPractice(db);
  const serviceA = await buildDirectoryService(db, practiceA);
  const sal = serviceA.serviceAtLocations[0] ?? assert.fail('the sample has a location');
  const feed = async () =>
    (await app.inject({ method: 'GET', url: `/oruk/services/${serviceA.id}` })).json() as unknown;
  return { practiceA, serviceA, location: sal.location, feed };
}

/** B's feed: one service naming A's location by id only, one giving it in full with B's own details. */
async function feedNamingLocation(
  location: ServiceInput['serviceAtLocations'][number]['location'],
): Promise<{ file: string; byReference: string; inFull: string }> {
  const referring = presentService(sampleServiceRecord({ serviceAtLocations: [] }));
  referring.service_at_locations = [{ id: newId(), service_id: String(referring.id), location_id: location.id }];
  const hijack = {
    ...location,
    addresses: location.addresses.map((address) => ({
      ...address,
      address1: '1 Hijack Road',
      postalCode: 'BD10 8AA',
      city: 'Bradford',
    })),
    latitude: 53.8275,
    longitude: -1.7245,
  };
  const full = presentService(
    sampleServiceRecord({ serviceAtLocations: [{ id: newId(), description: null, location: hijack, schedules: [] }] }),
  );
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'oruk-tenancy-')), 'services.json');
  await writeFile(file, JSON.stringify([referring, full]));
  return { file, byReference: String(referring.id), inFull: String(full.id) };
}

describe('directory tenancy: one organisation never changes another’s location', () => {
  test('B imports services at A’s location and edits their addresses: A’s location, its point and A’s feed entry stay as they were', async () => {
    const { app } = await testWorld();
    const { serviceA, location, feed } = await practiceAWithAService(app.db);
    const practiceB = await buildPractice(app.db);
    const before = { state: await locationState(app.db, location.id), feed: await feed() };

    const { file, byReference, inFull } = await feedNamingLocation(location);
    const summary = await importOruk(app.db, file, { ownerOrganisationId: practiceB });
    assert.deepEqual({ created: summary.created, failed: summary.failed }, { created: 2, failed: [] });
    assert.ok(
      summary.warnings.some((warning) => warning.includes(byReference) && warning.includes(location.id)),
      summary.warnings.join('\n'),
    );
    assert.deepEqual(
      await locationsOf(app.db, byReference),
      [],
      'a reference to another organisation’s location is not linked',
    );
    const [copy] = await locationsOf(app.db, inFull);
    assert.ok(copy && copy.id !== location.id, 'a record naming A’s location gets B’s own copy');
    assert.deepEqual({ owner: copy.owner, address1: copy.address1 }, { owner: practiceB, address1: '1 Hijack Road' });
    assert.deepEqual(await locationState(app.db, location.id), before.state);
    // Run again, the reference finds B's own copy of that location (made from the other record).
    const again = await importOruk(app.db, file, { ownerOrganisationId: practiceB });
    assert.deepEqual(
      { updated: again.updated, unchanged: again.unchanged, failed: again.failed },
      { updated: 1, unchanged: 1, failed: [] },
    );
    assert.deepEqual(
      (await locationsOf(app.db, byReference)).map((row) => row.id),
      [copy.id],
    );
    const third = await importOruk(app.db, file, { ownerOrganisationId: practiceB });
    assert.deepEqual(
      { unchanged: third.unchanged, failed: third.failed },
      { unchanged: 2, failed: [] },
      're-running keeps the same copy',
    );
    assert.deepEqual(await locationState(app.db, location.id), before.state);

    const managerB = await signIn(app, await buildPerson(app.db, { roles: [[practiceB, 'practice_manager']] }));
    for (const serviceId of [byReference, inFull]) {
      assert.equal(await moveService(managerB, serviceId, `B’s service ${serviceId.slice(0, 6)}`), 303);
      const [moved] = await locationsOf(app.db, serviceId);
      assert.deepEqual(
        { owner: moved?.owner, address1: moved?.address1, postcode: moved?.postcode },
        { owner: practiceB, address1: '99 Takeover Street', postcode: 'BD10 8AA' },
      );
      assert.notEqual(moved?.id, location.id);
    }
    assert.deepEqual(
      await locationState(app.db, location.id),
      before.state,
      'A’s address, accessibility and point are untouched',
    );
    assert.deepEqual(await feed(), before.feed, `/oruk/services/${serviceA.id} is unchanged`);
  });

  test('a service already linked to another organisation’s location gets its own copy when its address is edited', async () => {
    const { app } = await testWorld();
    const { location, feed } = await practiceAWithAService(app.db);
    const practiceB = await buildPractice(app.db);
    // As a link made before imports checked owners, or a venue shared by a network's entry.
    const serviceB = await buildService(app.db, { ownerId: practiceB, name: 'B’s lunch club' });
    await app.db
      .insertInto('dir_service_at_locations')
      .values({ id: newId(), service_id: serviceB, location_id: location.id })
      .execute();
    const before = { state: await locationState(app.db, location.id), feed: await feed() };

    const managerB = await signIn(app, await buildPerson(app.db, { roles: [[practiceB, 'practice_manager']] }));
    const form = await managerB.get(`/directory/services/${serviceB}/edit`);
    assert.match(form.body, /value="1 Park Lane"/, 'the form shows the shared address');
    assert.equal(await moveService(managerB, serviceB, 'B’s lunch club'), 303);

    const [moved] = await locationsOf(app.db, serviceB);
    assert.deepEqual(
      { owner: moved?.owner, address1: moved?.address1 },
      { owner: practiceB, address1: '99 Takeover Street' },
    );
    const copy = await locationState(app.db, moved?.id ?? '');
    assert.deepEqual(
      copy.accessibility.map((row) => row.description),
      ['Stairs only'],
    );
    assert.notEqual(copy.location.latitude, before.state.location.latitude, 'the copy is placed at the new postcode');
    assert.deepEqual(await locationState(app.db, location.id), before.state);
    assert.deepEqual(await feed(), before.feed);
  });

  test('a bulk load naming another organisation’s location is refused whole', async () => {
    const { app } = await testWorld();
    const { location } = await practiceAWithAService(app.db);
    const practiceB = await buildPractice(app.db);
    const before = await locationState(app.db, location.id);
    const input: ServiceInput = {
      ...sampleServiceRecord({ serviceAtLocations: [{ id: newId(), description: null, location, schedules: [] }] }),
      ownerOrganisationId: practiceB,
    };
    await assert.rejects(
      insertServicesInBulk(app.db, scopeOf(practiceB), [input], { source: 'system', userId: null }),
      /kept by another organisation/,
    );
    assert.equal((await app.db.selectFrom('dir_services').select('id').where('id', '=', input.id).execute()).length, 0);
    assert.deepEqual(await locationState(app.db, location.id), before);
  });

  test('the owner of a shared location still edits it for every service held there', async () => {
    const { app } = await testWorld();
    const { practiceA, serviceA, location } = await practiceAWithAService(app.db);
    const second = await buildDirectoryService(app.db, practiceA, {
      serviceAtLocations: [{ id: newId(), description: null, location, schedules: [] }],
    });
    const managerA = await signIn(app, await buildPerson(app.db, { roles: [[practiceA, 'practice_manager']] }));
    assert.equal(await moveService(managerA, serviceA.id, serviceA.name), 303);
    const [first] = await locationsOf(app.db, serviceA.id);
    const [other] = await locationsOf(app.db, second.id);
    assert.deepEqual([first?.id, other?.id], [location.id, location.id], 'no copy: A keeps this place');
    assert.equal(other?.address1, '99 Takeover Street');
  });
});
