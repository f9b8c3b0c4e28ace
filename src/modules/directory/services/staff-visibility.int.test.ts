import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { signIn } from '../../../../test/helpers/agent.ts';
import { buildService } from '../../../../test/helpers/directory.ts';
import { buildPerson, buildPractice } from '../../../../test/helpers/factories.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';

describe('directory entries seen by staff of other organisations', () => {
  test('another practice’s staff get 404 for a non-public entry’s page, its "suggest a change" page and the print view', async () => {
    const { app } = await testWorld();
    const practiceA = await buildPractice(app.db);
    const practiceB = await buildPractice(app.db);
    const draft = await buildService(app.db, { ownerId: practiceA, name: 'Practice A draft', published: false });
    const closed = await buildService(app.db, { ownerId: practiceA, name: 'Practice A closed', status: 'inactive' });
    const open = await buildService(app.db, { ownerId: practiceA, name: 'Practice A open' });
    const managerB = await signIn(app, await buildPerson(app.db, { roles: [[practiceB, 'practice_manager']] }));
    for (const id of [draft, closed]) {
      assert.equal((await managerB.get(`/directory/services/${id}`)).statusCode, 404, 'the staff page');
      assert.equal((await managerB.get(`/directory/services/${id}/propose`)).statusCode, 404, 'suggest a change');
      assert.equal(
        (
          await managerB.postForm(`/directory/services/${id}/propose`, {
            name: 'Renamed',
            status: 'active',
            cost: 'unknown',
            comment: 'Found you',
          })
        ).statusCode,
        404,
      );
      assert.equal((await managerB.get(`/directory/print?ids=${id}`)).statusCode, 404, 'the print view');
    }
    const mixed = await managerB.get(`/directory/print?ids=${draft}&ids=${open}`);
    assert.equal(mixed.statusCode, 200);
    assert.match(mixed.body, /Practice A open/);
    assert.doesNotMatch(mixed.body, /Practice A draft/);
    assert.equal(
      (
        await app.db
          .selectFrom('dir_change_proposals')
          .select('id')
          .where('service_id', 'in', [draft, closed])
          .execute()
      ).length,
      0,
    );

    // The keeping practice's own staff see all three.
    const receptionistA = await signIn(app, await buildPerson(app.db, { roles: [[practiceA, 'receptionist']] }));
    for (const id of [draft, closed]) {
      assert.equal((await receptionistA.get(`/directory/services/${id}`)).statusCode, 200);
      assert.equal((await receptionistA.get(`/directory/print?ids=${id}`)).statusCode, 200);
    }
  });

  test('a signed-in person with no standing in the entry’s organisation suggests a change as the public would: to review, nothing else', async () => {
    const { app } = await testWorld();
    const practiceA = await buildPractice(app.db);
    const practiceB = await buildPractice(app.db);
    const serviceId = await buildService(app.db, {
      ownerId: practiceA,
      name: 'Practice A tea dance',
      phone: '0113 496 0400',
    });
    const person = await buildPerson(app.db, { roles: [[practiceB, 'clinician']] });
    const clinicianB = await signIn(app, person);

    const page = await clinicianB.get(`/directory/services/${serviceId}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Suggest a change/);
    assert.doesNotMatch(page.body, /Edit this entry|Send the provider a link|History/);
    assert.equal(
      (await clinicianB.get(`/directory/services/${serviceId}/edit`)).statusCode,
      404,
      'no standing: no edit',
    );

    const sent = await clinicianB.postForm(`/directory/services/${serviceId}/propose`, {
      name: 'Practice A tea dance',
      status: 'active',
      cost: 'unknown',
      phone: '0113 496 0401',
      comment: 'New number on their poster',
    });
    assert.equal(sent.headers.location, `/directory/services/${serviceId}?done=proposed`);
    const proposal = await app.db
      .selectFrom('dir_change_proposals')
      .select(['id', 'owner_organisation_id', 'source', 'proposed_by', 'status'])
      .where('service_id', '=', serviceId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      {
        owner: proposal.owner_organisation_id,
        source: proposal.source,
        by: proposal.proposed_by,
        status: proposal.status,
      },
      { owner: practiceA, source: 'member', by: person.id, status: 'pending' },
    );
    const service = await app.db
      .selectFrom('dir_phones')
      .select('number')
      .where('service_id', '=', serviceId)
      .executeTakeFirstOrThrow();
    assert.equal(service.number, '0113 496 0400', 'nothing changes until A reviews it');
    assert.equal((await clinicianB.get(`/directory/reviews/${proposal.id}`)).statusCode, 404);
    assert.equal((await clinicianB.get(`/directory/reviews?organisation=${practiceA}`)).statusCode, 404);
    const reviewerA = await signIn(app, await buildPerson(app.db, { roles: [[practiceA, 'practice_manager']] }));
    assert.match((await reviewerA.get('/directory/reviews')).body, /Practice A tea dance/);
  });
});
