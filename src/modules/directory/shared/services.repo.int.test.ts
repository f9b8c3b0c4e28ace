import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  buildDirectoryService,
  sampleServiceContent,
  uniqueWord,
} from '../../../../test/helpers/directory-factories.ts';
import { buildPractice } from '../../../../test/helpers/factories.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { newId } from '../../../lib/ids.ts';
import { insertServicesInBulk } from './service-bulk.repo.ts';
import { PUBLIC, findService, iterateServices, listServices } from './services.repo.ts';
import { canonicalContent } from './service-content.rules.ts';
import type { ServiceInput } from './services.schemas.ts';
import { upsertService } from './service-write.repo.ts';
import { scopeOf } from '../../../../test/helpers/scope.ts';

describe('services repository: whole ORUK records, scoped writes, public reads', () => {
  test('a service written with every nested part reads back the same, with its search words', async () => {
    const { app } = await testWorld();
    const practiceId = await buildPractice(app.db);
    const input = await buildDirectoryService(app.db, practiceId);
    const scope = scopeOf(practiceId);
    const read = await findService(app.db, { kind: 'scope', scope }, input.id);
    assert.ok(read);
    assert.equal(canonicalContent(read, true), canonicalContent(input, true));
    assert.equal(read.ownerOrganisationId, practiceId);
    assert.equal(read.attributes[0]?.term?.name !== undefined, true);
    const row = await app.db
      .selectFrom('dir_services')
      .select(['search_text', 'search_vector'])
      .where('id', '=', input.id)
      .executeTakeFirstOrThrow();
    for (const word of [input.organization?.name, 'Physical activity', 'Loneliness and isolation', 'Pudsey', 'Urdu']) {
      assert.ok(row.search_text.includes(word ?? '?'), `search text lacks ${word}: ${row.search_text}`);
    }
    assert.ok(row.search_vector, 'the trigger filled the search vector');
  });

  test('writing the same record again changes nothing; a change replaces the nested parts and is recorded', async () => {
    const { app } = await testWorld();
    const practiceId = await buildPractice(app.db);
    const scope = scopeOf(practiceId);
    const input = await buildDirectoryService(app.db, practiceId);
    const before = await app.db
      .selectFrom('dir_services')
      .select('last_modified')
      .where('id', '=', input.id)
      .executeTakeFirstOrThrow();
    assert.equal(await upsertService(app.db, scope, input, { source: 'import', userId: null }), 'unchanged');
    const changed: ServiceInput = {
      ...input,
      name: `${input.name} (renamed)`,
      schedules: [],
      languages: input.languages.slice(0, 1),
    };
    assert.equal(await upsertService(app.db, scope, changed, { source: 'staff', userId: null }), 'updated');
    const read = await findService(app.db, { kind: 'scope', scope }, input.id);
    assert.equal(read?.schedules.length, 0);
    assert.equal(read?.languages.length, 1);
    assert.ok((read?.lastModified.getTime() ?? 0) >= before.last_modified.getTime());
    const history = await app.db
      .selectFrom('dir_service_history')
      .select(['source', 'changes'])
      .where('service_id', '=', input.id)
      .orderBy('changed_at')
      .execute();
    assert.deepEqual(
      history.map((entry) => entry.source),
      ['staff', 'staff'],
    );
    assert.deepEqual((history[1]?.changes as { fields: string[] } | undefined)?.fields.sort(), [
      'languages',
      'name',
      'schedules',
    ]);
  });

  test('a practice cannot write for another practice, nor overwrite a service another practice keeps', async () => {
    const { app } = await testWorld();
    const practiceA = await buildPractice(app.db);
    const practiceB = await buildPractice(app.db);
    const input = await buildDirectoryService(app.db, practiceA);
    await assert.rejects(
      upsertService(
        app.db,
        scopeOf(practiceB),
        { ...input, ownerOrganisationId: practiceA },
        { source: 'staff', userId: null },
      ),
      { code: 'forbidden' },
    );
    await assert.rejects(
      upsertService(
        app.db,
        scopeOf(practiceB),
        { ...input, ownerOrganisationId: practiceB, name: 'Hijacked' },
        { source: 'import', userId: null },
      ),
      { code: 'conflict' },
    );
    const read = await findService(app.db, PUBLIC, input.id);
    assert.equal(read?.name, input.name);
    assert.equal(await findService(app.db, { kind: 'scope', scope: scopeOf(practiceB) }, input.id), undefined);
  });

  test('a failed write leaves nothing half-written', async () => {
    const { app } = await testWorld();
    const practiceId = await buildPractice(app.db);
    const scope = scopeOf(practiceId);
    const taken = await buildDirectoryService(app.db, practiceId);
    // The second service reuses the first one's contact id: the insert fails part-way through.
    const clash: ServiceInput = {
      ...sampleServiceContent(),
      ownerOrganisationId: practiceId,
      contacts: taken.contacts.map((contact) => ({ ...contact, phones: [] })),
    };
    await assert.rejects(upsertService(app.db, scope, clash, { source: 'import', userId: null }));
    assert.equal(
      await app.db.selectFrom('dir_services').select('id').where('id', '=', clash.id).executeTakeFirst(),
      undefined,
    );
    assert.equal(
      await app.db
        .selectFrom('dir_locations')
        .select('id')
        .where('id', '=', clash.serviceAtLocations[0]?.location.id ?? '')
        .executeTakeFirst(),
      undefined,
    );
  });

  test('deleting a service removes its taxonomy attributes too, so its ids can be imported again', async () => {
    const { app } = await testWorld();
    const practiceId = await buildPractice(app.db);
    const input = await buildDirectoryService(app.db, practiceId);
    await app.db.deleteFrom('dir_services').where('id', '=', input.id).execute();
    assert.equal(
      (await app.db.selectFrom('dir_attributes').select('id').where('link_id', '=', input.id).execute()).length,
      0,
    );
    assert.equal(
      await upsertService(app.db, scopeOf(practiceId), input, { source: 'import', userId: null }),
      'created',
    );
  });

  test('public reads show only active, published services; the owner sees all of theirs', async () => {
    const { app } = await testWorld();
    const practiceId = await buildPractice(app.db);
    const word = uniqueWord();
    const shown = await buildDirectoryService(app.db, practiceId, { name: `Shown ${word}` });
    const draft = await buildDirectoryService(app.db, practiceId, { name: `Draft ${word}`, published: false });
    const closed = await buildDirectoryService(app.db, practiceId, { name: `Closed ${word}`, status: 'inactive' });
    const publicPage = await listServices(app.db, PUBLIC, { search: word }, { number: 1, size: 10 });
    assert.deepEqual(
      publicPage.items.map((item) => item.id),
      [shown.id],
    );
    const ownPage = await listServices(
      app.db,
      { kind: 'scope', scope: scopeOf(practiceId) },
      { search: word },
      { number: 1, size: 10 },
    );
    assert.deepEqual(ownPage.items.map((item) => item.id).sort(), [shown.id, draft.id, closed.id].sort());
    assert.equal(await findService(app.db, PUBLIC, draft.id), undefined);
  });

  test('many services can be inserted at once and read back in batches', async () => {
    const { app } = await testWorld();
    const practiceId = await buildPractice(app.db);
    const word = uniqueWord();
    const shared = sampleServiceContent();
    const inputs: ServiceInput[] = Array.from({ length: 25 }, (_unused, index) => ({
      ...sampleServiceContent({ name: `Bulk ${word} ${index}`, organization: shared.organization }),
      ownerOrganisationId: practiceId,
    }));
    assert.equal(
      await insertServicesInBulk(app.db, scopeOf(practiceId), inputs, { source: 'system', userId: null }),
      25,
    );
    const seen: string[] = [];
    for await (const service of iterateServices(
      app.db,
      { kind: 'scope', scope: scopeOf(practiceId) },
      { search: word },
      10,
    )) {
      seen.push(service.id);
      assert.equal(service.serviceAtLocations.length, 1);
    }
    assert.deepEqual(seen.sort(), inputs.map((input) => input.id).sort());
    await assert.rejects(insertServicesInBulk(app.db, scopeOf(newId()), inputs, { source: 'system', userId: null }), {
      code: 'forbidden',
    });
  });
});
