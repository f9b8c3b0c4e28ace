import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildActivity } from '../../../../test/helpers/activity-factories.ts';
import { signIn } from '../../../../test/helpers/agent.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { RISK_FIELDS, buildLifecycleWorld, postFields } from '../shared/activities.fixtures.ts';
import { londonToday } from '../../../lib/dates.ts';

describe('risk assessments: required before approval, superseded but kept', () => {
  test('recording one moves a proposal on; a new one supersedes the old, which is kept', async () => {
    const { app } = await testWorld();
    const world = await buildLifecycleWorld(app.db);
    const activityId = await buildActivity(app.db, world.practiceId, {
      name: 'Singing for the brain',
      status: 'proposed',
    });
    const dom = await signIn(app, world.coordinator);
    const url = `/activities/${activityId}/risk-assessment`;
    const form = await dom.get(url);
    assert.equal(form.statusCode, 200);
    const [year, month, day] = londonToday().split('-');
    assert.match(
      form.body,
      new RegExp(`name="assessedOn\\[day\\]" type="text" value="${Number(day)}"`),
      'the assessment date starts as today',
    );
    assert.match(form.body, new RegExp(`name="assessedOn\\[month\\]" type="text" value="${Number(month)}"`));
    assert.match(form.body, new RegExp(`name="assessedOn\\[year\\]" type="text" value="${year}"`));

    assert.equal((await postFields(dom, url, { ...RISK_FIELDS, hazards: 'Stairs\u0000 to the hall' })).statusCode, 303);
    const first = await app.db
      .selectFrom('activity_risk_assessments')
      .selectAll()
      .where('activity_id', '=', activityId)
      .executeTakeFirstOrThrow();
    assert.equal(first.hazards, 'Stairs to the hall');
    assert.equal(first.assessed_by, world.coordinator.id);
    assert.equal(
      (await app.db.selectFrom('activities').select('status').where('id', '=', activityId).executeTakeFirstOrThrow())
        .status,
      'risk_assessed',
    );

    const again = await dom.get(url);
    assert.match(again.body, /Stairs to the hall<\/textarea>/, 'a new assessment starts from the latest');
    assert.equal((await postFields(dom, url, { ...RISK_FIELDS, hazards: 'Stairs, and a new ramp' })).statusCode, 303);
    const page = await dom.get(`/activities/${activityId}`);
    assert.match(page.body, /Stairs, and a new ramp/);
    assert.doesNotMatch(page.body, /Stairs to the hall/, 'the page shows the latest assessment');
    assert.match(page.body, /1 \(kept, superseded by this one\)/);
    assert.match(page.body, /Risk assessed to risk assessed/);
    const kept = await app.db
      .selectFrom('activity_risk_assessments')
      .select('id')
      .where('activity_id', '=', activityId)
      .execute();
    assert.equal(kept.length, 2);

    assert.equal((await postFields(dom, `/activities/${activityId}/status`, { to: 'approved' })).statusCode, 303);
    const approved = await app.db
      .selectFrom('activity_risk_assessments')
      .select(['hazards', 'approved_by'])
      .where('activity_id', '=', activityId)
      .where('approved_by', 'is not', null)
      .execute();
    assert.deepEqual(
      approved,
      [{ hazards: 'Stairs, and a new ramp', approved_by: world.coordinator.id }],
      'approval is recorded on the assessment it relied on',
    );

    assert.equal((await postFields(dom, url, { ...RISK_FIELDS, hazards: 'Annual review: no change' })).statusCode, 303);
    assert.equal(
      (await app.db.selectFrom('activities').select('status').where('id', '=', activityId).executeTakeFirstOrThrow())
        .status,
      'approved',
      'an approved activity stays approved',
    );
    const history = await dom.get(url);
    assert.match(history.body, /Assessments on file/);
    assert.match(history.body, /Superseded/);
  });

  test('bad dates and empty answers are refused with the input kept', async () => {
    const { app } = await testWorld();
    const world = await buildLifecycleWorld(app.db);
    const activityId = await buildActivity(app.db, world.practiceId, { status: 'proposed' });
    const dom = await signIn(app, world.coordinator);
    const url = `/activities/${activityId}/risk-assessment`;
    const backwards = await postFields(dom, url, { ...RISK_FIELDS, 'reviewOn[year]': '2025' });
    assert.equal(backwards.statusCode, 400);
    assert.match(backwards.body, /The review date must be the same as or after the date of the assessment/);
    assert.match(backwards.body, /Trip hazards from cables; hot drinks\.<\/textarea>/);
    assert.match(backwards.body, /name="reviewOn\[year\]" type="text" value="2025"/);
    const future = await postFields(dom, url, { ...RISK_FIELDS, 'assessedOn[year]': '2099', 'reviewOn[year]': '2099' });
    assert.equal(future.statusCode, 400);
    assert.match(future.body, /must be today or in the past/);
    const empty = await postFields(dom, url, {
      hazards: '\u0000',
      controls: ['a', 'b'],
      'assessedOn[day]': '40',
      'assessedOn[month]': '1',
      'assessedOn[year]': '2026',
    });
    assert.equal(empty.statusCode, 400);
    for (const message of [
      'Describe the hazards',
      'Describe the safeguarding arrangements',
      'Say what insurance covers the activity',
      'must be a real date',
      'Enter the review date',
    ]) {
      assert.ok(empty.body.includes(message), message);
    }
    const rows = await app.db
      .selectFrom('activity_risk_assessments')
      .select('id')
      .where('activity_id', '=', activityId)
      .execute();
    assert.equal(rows.length, 0);
  });

  test('an idea or a closed activity cannot be risk assessed (409)', async () => {
    const { app } = await testWorld();
    const world = await buildLifecycleWorld(app.db);
    const dom = await signIn(app, world.coordinator);
    for (const status of ['idea', 'closed'] as const) {
      const activityId = await buildActivity(app.db, world.practiceId, { status });
      const page = await dom.get(`/activities/${activityId}/risk-assessment`);
      assert.equal(page.statusCode, 200);
      assert.doesNotMatch(page.body, /Save risk assessment/);
      const refused = await postFields(dom, `/activities/${activityId}/risk-assessment`, RISK_FIELDS);
      assert.equal(refused.statusCode, 409, status);
      assert.match(
        refused.body,
        status === 'idea' ? /Submit the proposal before recording a risk assessment/ : /closed/,
      );
    }
  });
});
