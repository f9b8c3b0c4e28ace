import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { testWorld } from '../../test/helpers/test-app.ts';
import { directoryResearchOrganisations } from '../modules/champions/index.ts';
import { stableId } from '../modules/directory/index.ts';
import { seedDemoDirectory } from './directory-seed.ts';
import { seedDemo } from './seed.ts';

describe('demo directory data', () => {
  test('seedDemo loads about 300 services once, kept by the demo practices and network, shown in the ORUK feed', async () => {
    const { app, config } = await testWorld();
    await seedDemo(app.db, config);
    const owners = await app.db
      .selectFrom('organisations')
      .select('id')
      .where('ods_code', 'in', ['Y99901', 'Y99902', 'Y99903', 'U99001'])
      .execute();
    const count = async () =>
      Number(
        (
          await app.db
            .selectFrom('dir_services')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where(
              'owner_organisation_id',
              'in',
              owners.map((owner) => owner.id),
            )
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    assert.ok(before >= 300, `${before} demo services`);
    assert.equal(await seedDemoDirectory(app.db), 0);
    await seedDemo(app.db, config);
    assert.equal(await count(), before);
    const stale = await app.db
      .selectFrom('dir_services')
      .select('id')
      .where('stale', '=', true)
      .where('review_due_at', '<', new Date())
      .where(
        'owner_organisation_id',
        'in',
        owners.map((owner) => owner.id),
      )
      .execute();
    assert.ok(stale.length >= 20);
    // The sweep ran once after seeding: every overdue demo entry has one checking task, and seeding again adds none.
    const tasks = await app.db
      .selectFrom('dir_verification_tasks')
      .select('service_id')
      .where('status', 'in', ['open', 'claimed'])
      .where(
        'service_id',
        'in',
        stale.map((row) => row.id),
      )
      .execute();
    assert.equal(new Set(tasks.map((task) => task.service_id)).size, stale.length);
    assert.equal(tasks.length, stale.length);
    const joan = await app.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'champion@demo.thirdspace.invalid')
      .executeTakeFirstOrThrow();
    assert.equal(
      (await directoryResearchOrganisations(app.db, joan.id)).length,
      2,
      'Joan Walker checks entries for Canal Street and Millbrook',
    );
    const walks = await app.inject({
      method: 'GET',
      url: '/oruk/services?search=Tuesday%20Walking%20Group&per_page=50',
    });
    const page = walks.json() as { total_items: number; contents: { id: string; name: string }[] };
    assert.ok(page.total_items >= 10, `${page.total_items} walking groups`);
    const first = await app.inject({ method: 'GET', url: `/oruk/services/${stableId('demo:service:0')}` });
    assert.equal(first.statusCode, 200);
  });
});
