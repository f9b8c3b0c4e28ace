import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { newId } from '../../../lib/ids.ts';
import { signIn } from '../../../../test/helpers/agent.ts';
import { buildPractice } from '../../../../test/helpers/factories.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { activityIdFrom, buildLifecycleWorld, postFields, proposalFields } from '../shared/activities.fixtures.ts';

/** A champion meeting with one idea item (tests only). */
async function buildIdea(
  db: Kysely<Database>,
  organisationId: string,
  text: string,
  status: 'open' | 'proposed_activity' = 'proposed_activity',
): Promise<string> {
  const meetingId = newId();
  await db
    .insertInto('champion_meetings')
    .values({
      id: meetingId,
      organisation_id: organisationId,
      kind: 'champion_meeting',
      title: 'November champions meeting',
      held_on: '2026-11-03',
      minutes: 90,
    })
    .execute();
  const itemId = newId();
  await db
    .insertInto('champion_meeting_items')
    .values({ id: itemId, meeting_id: meetingId, organisation_id: organisationId, kind: 'idea', text, status })
    .execute();
  return itemId;
}

describe('ideas from champion meetings become activity proposals', () => {
  test('an idea marked for an activity is listed, turned into a linked proposal, and then leaves the list', async () => {
    const { app } = await testWorld();
    const world = await buildLifecycleWorld(app.db);
    const ideaId = await buildIdea(app.db, world.practiceId, 'Ukulele for beginners\nGeoff can teach three chords');
    await buildIdea(app.db, world.practiceId, 'A still-open idea about a book club', 'open');
    const elsewhere = await buildPractice(app.db);
    const otherIdeaId = await buildIdea(app.db, elsewhere, 'Another practice’s choir');
    const dom = await signIn(app, world.coordinator);
    const listUrl = `/organisations/${world.practiceId}/activities`;

    const before = await dom.get(listUrl);
    assert.match(before.body, /Ideas from champion meetings/);
    assert.match(before.body, /Geoff can teach three chords/);
    assert.match(before.body, new RegExp(`href="${listUrl}/new\\?idea=${ideaId}">Turn into a proposal`));
    assert.doesNotMatch(before.body, /book club/, 'ideas not yet marked for an activity are not listed');
    assert.doesNotMatch(before.body, /choir/, "another practice's ideas are not listed");

    const form = await dom.get(`${listUrl}/new?idea=${ideaId}`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /id="name" name="name" type="text" value="Ukulele for beginners"/);
    assert.match(form.body, /Geoff can teach three chords<\/textarea>/);
    assert.match(form.body, new RegExp(`name="meetingItemId" value="${ideaId}"`));
    assert.match(form.body, /From an idea at <strong>November champions meeting<\/strong>/);
    assert.equal(
      (await dom.get(`${listUrl}/new?idea=${otherIdeaId}`)).statusCode,
      404,
      "another practice's idea cannot be opened",
    );
    assert.equal((await dom.get(`${listUrl}/new?idea=not-an-id`)).statusCode, 404);

    const created = await postFields(dom, `${listUrl}/new`, proposalFields({ meetingItemId: ideaId }));
    assert.equal(created.statusCode, 303);
    const id = activityIdFrom(created.headers.location);
    const row = await app.db
      .selectFrom('activities')
      .select(['meeting_item_id', 'status'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { meeting_item_id: ideaId, status: 'proposed' });
    const page = await dom.get(`/activities/${id}`);
    assert.match(page.body, /An idea at &quot;November champions meeting&quot; on 3 November 2026/);

    const after = await dom.get(listUrl);
    assert.doesNotMatch(after.body, /Geoff can teach three chords/);
    assert.match(after.body, /There are no ideas waiting/);
    assert.match(after.body, new RegExp(`href="/activities/${id}">Ukulele for beginners`));

    const again = await postFields(
      dom,
      `${listUrl}/new`,
      proposalFields({ name: 'Second ukulele group', meetingItemId: ideaId }),
    );
    assert.equal(again.statusCode, 400, 'an idea is turned into one activity only');
    assert.match(again.body, /already been turned into an activity/);
    assert.match(again.body, /value="Second ukulele group"/);
    const stolen = await postFields(dom, `${listUrl}/new`, proposalFields({ meetingItemId: otherIdeaId }));
    assert.equal(stolen.statusCode, 400);
    const linked = await app.db
      .selectFrom('activities')
      .select('id')
      .where('meeting_item_id', '=', otherIdeaId)
      .execute();
    assert.equal(linked.length, 0);
  });

  test('a champion turns an idea into a proposal through the same form', async () => {
    const { app } = await testWorld();
    const world = await buildLifecycleWorld(app.db);
    const ideaId = await buildIdea(app.db, world.practiceId, 'Knit and natter');
    const geoff = await signIn(app, world.champion);
    const list = await geoff.get(`/organisations/${world.practiceId}/activities`);
    assert.match(list.body, /Knit and natter/);
    const created = await postFields(geoff, `/organisations/${world.practiceId}/activities/new`, {
      intent: 'idea',
      name: 'Knit and natter',
      meetingItemId: ideaId,
    });
    assert.equal(created.statusCode, 303);
    const id = activityIdFrom(created.headers.location);
    const row = await app.db
      .selectFrom('activities')
      .select(['meeting_item_id', 'status', 'created_by'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { meeting_item_id: ideaId, status: 'idea', created_by: world.champion.id });
  });
});
