import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { signIn } from '../../../../test/helpers/agent.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import {
  RISK_FIELDS,
  activityIdFrom,
  buildLifecycleWorld,
  insertWeeklySchedule,
  postFields,
  proposalFields,
} from '../shared/activities.fixtures.ts';

describe('activity lifecycle: idea to closed, every step audited', () => {
  test('a coordinator takes an activity from idea to closed, with history and audit at each step', async () => {
    const { app } = await testWorld();
    const world = await buildLifecycleWorld(app.db);
    const dom = await signIn(app, world.coordinator);
    const list = await dom.get(`/organisations/${world.practiceId}/activities`);
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Propose an activity/);
    assert.ok(
      list.body.includes(`href="/organisations/${world.practiceId}/activities"`),
      'the header links to activities',
    );

    const idea = await postFields(dom, `/organisations/${world.practiceId}/activities/new`, {
      intent: 'idea',
      name: 'Ukulele for beginners',
    });
    assert.equal(idea.statusCode, 303);
    const id = activityIdFrom(idea.headers.location);
    const created = await dom.get(idea.headers.location ?? '');
    assert.match(created.body, /Saved as an idea/);
    assert.match(created.body, /nhsuk-tag--grey[^>]*>\s*Idea/);
    assert.match(created.body, /Before it can be submitted: describe the activity/);

    const filled = await postFields(
      dom,
      `/activities/${id}/edit`,
      proposalFields({ intent: 'idea', [`places-${world.roleTemplateId}`]: '2' }),
    );
    assert.equal(filled.statusCode, 303);
    const move = (to: string, note = '') => postFields(dom, `/activities/${id}/status`, { to, note });
    assert.equal((await move('proposed')).statusCode, 303);

    const tooSoon = await move('approved');
    assert.equal(tooSoon.statusCode, 409);
    assert.match(tooSoon.body, /There is a problem/);
    assert.match(tooSoon.body, /Record a risk assessment before approving this activity/);

    const assessed = await postFields(dom, `/activities/${id}/risk-assessment`, RISK_FIELDS);
    assert.equal(assessed.statusCode, 303);
    assert.equal((await move('approved', 'Looks good')).statusCode, 303);

    const noSchedule = await move('active');
    assert.equal(noSchedule.statusCode, 400);
    assert.match(noSchedule.body, /Before it can be published: add a schedule of sessions/);

    await insertWeeklySchedule(app.db, id);
    assert.equal((await move('active')).statusCode, 303);
    const active = await dom.get(`/activities/${id}`);
    assert.match(active.body, /nhsuk-tag--green[^>]*>\s*Active/);
    assert.match(
      active.body,
      /\/practices\/[A-Z0-9]+\/whats-on\//,
      'an active public activity links to its public page',
    );
    assert.equal((await move('paused', 'Venue being decorated')).statusCode, 303);
    assert.equal((await move('active')).statusCode, 303);

    const noReason = await move('closed');
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /Say why the activity is closing/);
    assert.equal((await move('closed', 'The tutor moved away')).statusCode, 303);
    const reopen = await move('active');
    assert.equal(reopen.statusCode, 409);
    assert.match(reopen.body, /This activity is closed, so it cannot be changed/);

    const history = await app.db
      .selectFrom('activity_status_history')
      .select(['from_status', 'to_status', 'changed_by', 'note'])
      .where('activity_id', '=', id)
      .orderBy('changed_at')
      .orderBy('id')
      .execute();
    assert.deepEqual(
      history.map((row) => row.to_status),
      ['idea', 'proposed', 'risk_assessed', 'approved', 'active', 'paused', 'active', 'closed'],
    );
    assert.ok(history.every((row) => row.changed_by === world.coordinator.id));
    assert.equal(history.find((row) => row.to_status === 'closed')?.note, 'The tutor moved away');
    const audited = await app.db
      .selectFrom('audit_events')
      .select('action')
      .where('subject_id', '=', id)
      .orderBy('at')
      .orderBy('id')
      .execute();
    const actions = audited.map((row) => row.action);
    for (const action of [
      'activity.created',
      'activity.updated',
      'activity.proposed',
      'activity.risk-assessment-recorded',
      'activity.risk-assessed',
      'activity.approved',
      'activity.active',
      'activity.paused',
      'activity.closed',
    ]) {
      assert.ok(actions.includes(action), `${action} is audited`);
    }
    assert.equal(actions.filter((action) => action === 'activity.active').length, 2);

    const page = await dom.get(`/activities/${id}`);
    assert.match(page.body, /Created as idea/);
    assert.match(page.body, /Paused to active/);
    assert.match(page.body, /Dom Coordinator/);
    assert.match(page.body, /What the assessment says/);
    assert.match(page.body, /Ukulele leader: 2 places/);
    assert.match(page.body, /Approved\s*<\/dt>\s*<dd[^>]*>\s*\d+ \w+ \d{4} by Dom Coordinator/);
    assert.doesNotMatch(page.body, /name="to" value="approved"/, 'a closed activity offers no moves');
  });

  test('a proposal submitted straight from the form needs every detail, and keeps what was typed', async () => {
    const { app } = await testWorld();
    const world = await buildLifecycleWorld(app.db);
    const priya = await signIn(app, world.manager);
    const url = `/organisations/${world.practiceId}/activities/new`;
    const incomplete = await postFields(
      priya,
      url,
      proposalFields({
        category: '',
        fiveWays: [],
        venuePostcode: 'NOWHERE',
        accessibilityNotes: 'Hearing loop\u0000 fitted',
      }),
    );
    assert.equal(incomplete.statusCode, 400);
    assert.match(incomplete.body, /Choose a category/);
    assert.match(incomplete.body, /Choose at least one of the Five Ways to Wellbeing/);
    assert.match(incomplete.body, /Enter a real postcode, like LS28 7AA/);
    assert.match(incomplete.body, /value="Ukulele for beginners"/);
    assert.match(incomplete.body, /Learn three chords and play together\./);
    const complete = await postFields(
      priya,
      url,
      proposalFields({
        accessibilityNotes: 'Hearing loop\u0000 fitted',
        staffSponsorUserId: world.coordinator.id,
        leadChampionIds: world.champion.championId,
        hostIds: world.neighbourId,
      }),
    );
    assert.equal(complete.statusCode, 303);
    const id = activityIdFrom(complete.headers.location);
    const row = await app.db.selectFrom('activities').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.status, 'proposed');
    assert.equal(row.accessibility_notes, 'Hearing loop fitted');
    assert.equal(row.staff_sponsor_user_id, world.coordinator.id);
    const page = await priya.get(complete.headers.location ?? '');
    assert.match(page.body, /Proposal submitted/);
    assert.match(page.body, /Geoff Champion/);
    assert.match(page.body, /Neighbour Surgery/);
    assert.match(page.body, /Record risk assessment/);
  });
});
