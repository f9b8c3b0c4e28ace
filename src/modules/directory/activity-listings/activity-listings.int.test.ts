import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildActivity } from '../../../../test/helpers/activity-factories.ts';
import { Agent, signIn } from '../../../../test/helpers/agent.ts';
import { buildDirectoryResearcher } from '../../../../test/helpers/directory.ts';
import { buildPerson, buildPractice } from '../../../../test/helpers/factories.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { newId } from '../../../lib/ids.ts';
import type { ActivityStatus } from '../../activities/index.ts';
import { syncActivityListing } from '../../activities/index.ts';
import { runFreshnessSweep } from '../freshness/freshness.jobs.ts';

// A listing that an activity keeps in step (source_activity_id) is changed on the activity:
// the directory refuses edits, suggestions, reports and provider links with a 409 and a page
// that says so, and the next sync therefore never silently undoes anyone's work. Checking
// that the listing is still right stays allowed.

const DAY = 86_400_000;

/** A practice with an activity published and then in the given state, listed by the activity's own sync. */
async function listedActivity(app: FastifyInstance, status: ActivityStatus) {
  const practiceId = await buildPractice(app.db, { name: `Activity Surgery ${newId().slice(-6)}` });
  const name = `Singing for the brain ${newId().slice(-8)}`;
  const activityId = await buildActivity(app.db, practiceId, { name, status: 'active' });
  await syncActivityListing(app.db, activityId, { userId: null });
  if (status !== 'active') {
    await app.db.updateTable('activities').set({ status }).where('id', '=', activityId).execute();
    await syncActivityListing(app.db, activityId, { userId: null });
  }
  const { directory_service_id: serviceId } = await app.db
    .selectFrom('activities')
    .select('directory_service_id')
    .where('id', '=', activityId)
    .executeTakeFirstOrThrow();
  assert.ok(serviceId, 'the activity is listed');
  const odsCode = (
    await app.db.selectFrom('organisations').select('ods_code').where('id', '=', practiceId).executeTakeFirstOrThrow()
  ).ods_code as string;
  return { practiceId, activityId, serviceId, name, odsCode };
}

async function listingRow(serviceId: string) {
  const { app } = await testWorld();
  return app.db
    .selectFrom('dir_services')
    .select(['name', 'status', 'published', 'stale', 'last_verified_by'])
    .where('id', '=', serviceId)
    .executeTakeFirstOrThrow();
}

/** The page's text, without tags, on one line. */
function textOf(html: string): string {
  return html
    .slice(html.indexOf('<main'))
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');
}

describe('directory: listings that come from an activity are changed on the activity', () => {
  test('staff cannot rename or re-activate a paused activity’s listing: 409 and a link to the activity; the sync then has nothing to undo', async () => {
    const { app } = await testWorld();
    const { practiceId, activityId, serviceId, name } = await listedActivity(app, 'paused');
    assert.deepEqual(await listingRow(serviceId).then((row) => ({ status: row.status, published: row.published })), {
      status: 'temporarily closed',
      published: true,
    });
    const manager = await signIn(app, await buildPerson(app.db, { roles: [[practiceId, 'practice_manager']] }));
    const explanation = `This listing comes from the activity <a href="/activities/${activityId}">${name}</a>; change it on the activity.`;

    const editPage = await manager.get(`/directory/services/${serviceId}/edit`);
    assert.equal(editPage.statusCode, 409);
    assert.ok(editPage.body.includes(explanation), 'the edit page explains where to change it, with the link');
    assert.doesNotMatch(editPage.body, /name="name"/, 'and offers no form');

    const edited = await manager.postForm(`/directory/services/${serviceId}/edit`, {
      name: 'Renamed by the directory',
      status: 'active',
      cost: 'unknown',
    });
    assert.equal(edited.statusCode, 409);
    assert.ok(edited.body.includes(explanation));
    assert.deepEqual(
      await listingRow(serviceId).then((row) => ({ name: row.name, status: row.status })),
      { name, status: 'temporarily closed' },
      'nothing changed',
    );

    for (const url of [`/directory/services/${serviceId}/provider-link`]) {
      assert.equal((await manager.get(url)).statusCode, 409, url);
      assert.equal((await manager.postForm(url, { email: 'choir@example.org' })).statusCode, 409, url);
    }
    assert.equal(
      await app.db
        .selectFrom('dir_provider_links')
        .select('service_id')
        .where('service_id', '=', serviceId)
        .executeTakeFirst(),
      undefined,
      'no provider link was sent',
    );

    const page = await manager.get(`/directory/services/${serviceId}`);
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes(explanation), 'the entry’s page says where to change it');
    assert.doesNotMatch(page.body, /Edit this entry|Send the provider a link|Suggest a change/);

    await syncActivityListing(app.db, activityId, { userId: null });
    assert.equal((await listingRow(serviceId)).name, name);
    const history = await app.db
      .selectFrom('dir_service_history')
      .select('source')
      .where('service_id', '=', serviceId)
      .execute();
    assert.deepEqual(
      [...new Set(history.map((row) => row.source))],
      ['activity'],
      'only the activity has changed the listing',
    );

    const stranger = await signIn(
      app,
      await buildPerson(app.db, { roles: [[await buildPractice(app.db), 'practice_manager']] }),
    );
    assert.equal(
      (await stranger.get(`/directory/services/${serviceId}/edit`)).statusCode,
      404,
      'another practice still sees nothing',
    );
  });

  test('checking the listing is still allowed, but "something has changed" on a checking task points to the activity', async () => {
    const { app } = await testWorld();
    const { practiceId, serviceId, name } = await listedActivity(app, 'active');
    await app.db
      .updateTable('dir_services')
      .set({ review_due_at: new Date(Date.now() - DAY) })
      .where('id', '=', serviceId)
      .execute();
    await runFreshnessSweep(app.db);
    const task = await app.db
      .selectFrom('dir_verification_tasks')
      .select('id')
      .where('service_id', '=', serviceId)
      .where('status', '=', 'open')
      .executeTakeFirstOrThrow();
    const researcher = await buildDirectoryResearcher(app.db, practiceId);
    const champion = await signIn(app, researcher);
    assert.equal((await champion.postForm(`/directory/tasks/${task.id}/claim`, {})).statusCode, 303);

    const changed = await champion.postForm(`/directory/tasks/${task.id}`, { method: 'phone', outcome: 'changed' });
    assert.equal(changed.statusCode, 409);
    assert.ok(textOf(changed.body).includes(`This listing comes from the activity ${name}; change it on the activity`));

    const confirmed = await champion.postForm(`/directory/tasks/${task.id}`, { method: 'phone', outcome: 'confirmed' });
    assert.equal(confirmed.headers.location, '/directory/tasks?done=verified');
    assert.deepEqual(await listingRow(serviceId).then((row) => ({ stale: row.stale, by: row.last_verified_by })), {
      stale: false,
      by: researcher.id,
    });
  });

  test('suggestions from champions and reports from the public are refused with a plain explanation; a waiting proposal cannot be approved', async () => {
    const { app } = await testWorld();
    const { practiceId, serviceId, name, odsCode } = await listedActivity(app, 'active');
    const practiceName = (
      await app.db.selectFrom('organisations').select('name').where('id', '=', practiceId).executeTakeFirstOrThrow()
    ).name;
    const plain = `This listing comes from the activity ${name}, run by ${practiceName}.`;

    const champion = await signIn(app, await buildPerson(app.db, { roles: [[practiceId, 'champion']] }));
    const proposePage = await champion.get(`/directory/services/${serviceId}/propose`);
    assert.equal(proposePage.statusCode, 409);
    assert.ok(textOf(proposePage.body).includes(plain), 'a champion is told where it comes from');
    assert.doesNotMatch(proposePage.body, /href="\/activities\//, 'without a link to a page they cannot open');
    assert.equal(
      (
        await champion.postForm(`/directory/services/${serviceId}/propose`, {
          name: 'Singing group',
          status: 'active',
          cost: 'unknown',
          comment: 'New name',
        })
      ).statusCode,
      409,
    );

    const visitor = new Agent(app);
    const entry = await visitor.get(`/practices/${odsCode}/directory/services/${serviceId}`);
    assert.equal(entry.statusCode, 200);
    assert.doesNotMatch(entry.body, /report-change/, 'no "Report a change" on the public entry');
    assert.match(textOf(entry.body), new RegExp(`If something is wrong, please tell ${practiceName}`));
    const reportUrl = `/practices/${odsCode}/directory/services/${serviceId}/report-change`;
    const reportPage = await visitor.get(reportUrl);
    assert.equal(reportPage.statusCode, 409);
    assert.ok(textOf(reportPage.body).includes(plain));
    assert.doesNotMatch(reportPage.body, /href="\/activities\//);
    assert.equal(
      (await visitor.postForm(reportUrl, { name, status: 'closed', cost: 'unknown', comment: 'It has stopped' }))
        .statusCode,
      409,
    );
    assert.equal(
      await app.db
        .selectFrom('dir_change_proposals')
        .select('id')
        .where('service_id', '=', serviceId)
        .executeTakeFirst(),
      undefined,
      'nothing went to the review queue',
    );

    // A suggestion made before the activity took the listing over waits in the queue: it can be rejected, not applied.
    const proposalId = newId();
    await app.db
      .insertInto('dir_change_proposals')
      .values({
        id: proposalId,
        service_id: serviceId,
        owner_organisation_id: practiceId,
        source: 'public',
        changes: JSON.stringify({ name: { from: name, to: 'Renamed' } }),
        comment: null,
      })
      .execute();
    const reviewer = await signIn(app, await buildPerson(app.db, { roles: [[practiceId, 'coordinator']] }));
    const approved = await reviewer.postForm(`/directory/reviews/${proposalId}`, {
      decision: 'approve',
      accept: 'name',
    });
    assert.equal(approved.statusCode, 409);
    assert.ok(
      textOf(approved.body).includes(`This listing comes from the activity ${name}; change it on the activity`),
    );
    assert.equal((await listingRow(serviceId)).name, name);
    const status = await app.db
      .selectFrom('dir_change_proposals')
      .select('status')
      .where('id', '=', proposalId)
      .executeTakeFirstOrThrow();
    assert.equal(status.status, 'pending', 'the refused approval left the proposal waiting');
    assert.equal(
      (
        await reviewer.postForm(`/directory/reviews/${proposalId}`, {
          decision: 'reject',
          reason: 'Changed on the activity instead',
        })
      ).statusCode,
      303,
    );
  });
});
