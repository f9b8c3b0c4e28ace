import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { buildActivity } from '../../../../test/helpers/activity-factories.ts';
import { signIn } from '../../../../test/helpers/agent.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { buildChampionWorld } from '../../champions/self-service/self-service.fixtures.ts';
import { activityIdFrom, buildLifecycleWorld, postFields, proposalFields } from '../shared/activities.fixtures.ts';

describe('activity forms: bad input is refused with the input kept, never a 500', () => {
  test('the proposal form shows every problem, keeps what was typed and strips NUL characters', async () => {
    const { app } = await testWorld();
    const world = await buildLifecycleWorld(app.db);
    const strangers = await buildChampionWorld(app.db);
    const dom = await signIn(app, world.coordinator);
    const url = `/organisations/${world.practiceId}/activities/new`;
    const bad = await postFields(
      dom,
      url,
      proposalFields({
        name: 'Walk\u0000 and talk',
        description: 'Round the park\u0000 and back',
        category: 'juggling',
        capacity: 'lots',
        cost: 'paid',
        costPounds: 'a tenner',
        staffSponsorUserId: 'someone',
        [`places-${world.roleTemplateId}`]: '99',
        'reviewOn[day]': '31',
        'reviewOn[month]': '2',
        'reviewOn[year]': '2027',
      }),
    );
    assert.equal(bad.statusCode, 400);
    for (const message of [
      'Choose a category from the list',
      'Capacity must be a whole number',
      'Enter the cost in pounds and pence',
      'Choose a staff sponsor from the list',
      'Enter a number of places from 0 to 50',
      'Review date must be a real date',
    ]) {
      assert.ok(bad.body.includes(message), message);
    }
    assert.match(bad.body, /value="Walk and talk"/, 'the name is kept, without the NUL');
    assert.match(bad.body, /value="a tenner"/);
    assert.match(
      bad.body,
      new RegExp(`id="places-${world.roleTemplateId}" name="places-${world.roleTemplateId}" type="text" value="99"`),
    );
    assert.match(bad.body, /name="reviewOn\[day\]" type="text" value="31"/);
    const summary = bad.body.slice(
      bad.body.indexOf('nhsuk-error-summary'),
      bad.body.indexOf('</ul>', bad.body.indexOf('nhsuk-error-summary')),
    );
    assert.ok(
      summary.indexOf('#category') < summary.indexOf('#capacity') &&
        summary.indexOf('#capacity') < summary.indexOf('#reviewOn'),
      'errors are listed in the order of the form',
    );

    const outsider = await postFields(
      dom,
      url,
      proposalFields({
        leadChampionIds: strangers.alice.championId,
        hostIds: strangers.practiceId,
        staffSponsorUserId: strangers.coordinator.id,
      }),
    );
    assert.equal(outsider.statusCode, 400, "another practice's champions, practices and staff cannot be chosen");
    assert.match(outsider.body, /Choose lead champions from the list/);
    assert.match(outsider.body, /Choose host practices from the list/);
    assert.match(outsider.body, /Choose a staff sponsor from the list/);

    const saved = await postFields(dom, url, {
      intent: 'idea',
      name: 'Tea\u0000 and chat',
      description: 'Line one\r\nLine two\u0007',
    });
    assert.equal(saved.statusCode, 303);
    const row = await app.db
      .selectFrom('activities')
      .select(['name', 'description'])
      .where('id', '=', activityIdFrom(saved.headers.location))
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { name: 'Tea and chat', description: 'Line one\nLine two' });
    const shown = await dom.get(`/activities/${activityIdFrom(saved.headers.location)}`);
    assert.match(
      shown.body,
      /<span class="app-preserve-lines">Line one\n\s*Line two<\/span>/,
      'line breaks typed are kept on the page',
    );
    const sneaky = await postFields(dom, url, {
      intent: 'idea',
      name: '<script>alert(1)</script>',
      description: 'One\n<img src=x onerror=alert(1)>',
    });
    const page = await dom.get(sneaky.headers.location ?? '');
    assert.doesNotMatch(page.body, /<script>alert|<img src=x/);
    assert.match(page.body, /&lt;img src=x onerror=alert\(1\)&gt;/);
  });

  test('the edit form keeps a proposal complete and keeps what was typed', async () => {
    const { app } = await testWorld();
    const world = await buildLifecycleWorld(app.db);
    const activityId = await buildActivity(app.db, world.practiceId, { name: 'Health walk', status: 'approved' });
    const dom = await signIn(app, world.coordinator);
    const form = await dom.get(`/activities/${activityId}/edit`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /value="Health walk"/);
    assert.match(form.body, /Save changes/);
    assert.doesNotMatch(form.body, /Save as idea/, 'an approved activity cannot go back to being an idea');
    const emptied = await postFields(
      dom,
      `/activities/${activityId}/edit`,
      proposalFields({ intent: 'idea', name: 'Health walk (Tuesdays)', howToJoin: '', referralRoutes: [] }),
    );
    assert.equal(emptied.statusCode, 400);
    assert.match(emptied.body, /Say how people join/);
    assert.match(emptied.body, /Choose at least one way people can be sent to it/);
    assert.match(emptied.body, /value="Health walk \(Tuesdays\)"/);
    const renamed = await postFields(
      dom,
      `/activities/${activityId}/edit`,
      proposalFields({ intent: 'save', name: 'Health walk (Tuesdays)' }),
    );
    assert.equal(renamed.statusCode, 303);
    const row = await app.db
      .selectFrom('activities')
      .select(['name', 'status'])
      .where('id', '=', activityId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { name: 'Health walk (Tuesdays)', status: 'approved' });
  });

  test('the status form refuses unknown moves and over-long notes on the activity page', async () => {
    const { app } = await testWorld();
    const world = await buildLifecycleWorld(app.db);
    const activityId = await buildActivity(app.db, world.practiceId, { name: 'Chair yoga', status: 'active' });
    const dom = await signIn(app, world.coordinator);
    for (const to of ['risk_assessed', 'deleted', '\u0000']) {
      const refused = await postFields(dom, `/activities/${activityId}/status`, { to });
      assert.equal(refused.statusCode, 400, to);
      assert.match(refused.body, /Choose what to do with this activity/);
      assert.match(refused.body, /<h1>Chair yoga<\/h1>/);
    }
    const long = await postFields(dom, `/activities/${activityId}/status`, { to: 'paused', note: 'x'.repeat(501) });
    assert.equal(long.statusCode, 400);
    assert.match(long.body, /href="#pause-note"/);
    assert.match(long.body, /x{501}<\/textarea>/, 'the note is kept');
    const moved = await postFields(dom, `/activities/${activityId}/status`, {
      to: 'paused',
      note: 'Venue\u0000 closed',
    });
    assert.equal(moved.statusCode, 303);
    const history = await app.db
      .selectFrom('activity_status_history')
      .select('note')
      .where('activity_id', '=', activityId)
      .executeTakeFirstOrThrow();
    assert.equal(history.note, 'Venue closed');
  });

  test('property: whatever the proposal form is sent, the answer is a redirect or a 4xx page', async () => {
    const { app } = await testWorld();
    const world = await buildLifecycleWorld(app.db);
    const dom = await signIn(app, world.coordinator);
    const value = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.string({ unit: 'binary', maxLength: 30 }),
      fc.constantFrom(
        '',
        '\u0000',
        'paid',
        'idea',
        'proposal',
        'group',
        'connect',
        '2.50',
        '99999',
        world.roleTemplateId,
        'LS28 7AA',
        'x'.repeat(2100),
      ),
    );
    const field = fc.constantFrom(
      'intent',
      'name',
      'description',
      'category',
      'fiveWays',
      'deliveryMode',
      'hostIds',
      'venuePostcode',
      'cost',
      'costPounds',
      'capacity',
      'leadChampionIds',
      'staffSponsorUserId',
      'reviewOn[day]',
      'reviewOn[year]',
      'public',
      'meetingItemId',
      `places-${world.roleTemplateId}`,
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(field, value), { maxLength: 8 }), async (pairs) => {
        const fields: Record<string, string[]> = { name: ['Fuzzed activity'] };
        for (const [name, text] of pairs) {
          fields[name] = [...(fields[name] ?? []), text];
        }
        const response = await postFields(dom, `/organisations/${world.practiceId}/activities/new`, fields);
        assert.ok(
          response.statusCode === 303 || (response.statusCode >= 400 && response.statusCode < 500),
          `${response.statusCode} for ${JSON.stringify(pairs)}`,
        );
      }),
      { numRuns: 30 },
    );
  });
});
