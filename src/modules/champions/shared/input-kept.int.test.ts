import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Agent } from '../../../../test/helpers/agent.ts';
import { signIn } from '../../../../test/helpers/agent.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { newId } from '../../../lib/ids.ts';
import { buildChampionWorld } from '../self-service/self-service.fixtures.ts';
import { londonToday } from '../../../lib/dates.ts';

const [year, month, day] = londonToday().split('-') as [string, string, string];
const nextYear = String(Number(year) + 1);

/** Posts a form whose fields may repeat (ticked checkboxes). */
async function postMany(agent: Agent, url: string, fields: [string, string][]) {
  const body = new URLSearchParams([['_csrf', await agent.csrfToken()], ...fields]);
  return agent.request({
    method: 'POST',
    url,
    payload: body.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

/** The value a text input (or one part of a date input) was shown with, by its id. */
function shownValue(html: string, id: string): string | undefined {
  const input = new RegExp(`<input[^>]*\\bid="${id.replace(/[[\]]/g, '\\$&')}"[^>]*>`).exec(html)?.[0] ?? '';
  return /\bvalue="([^"]*)"/.exec(input)?.[1];
}

/** True when the checkbox or radio with this value is shown ticked. */
function isTicked(html: string, name: string, value: string): boolean {
  return new RegExp(`<input[^>]*name="${name}"[^>]*value="${value}"[^>]*\\bchecked`).test(html);
}

describe('champions: bad input is shown again with the input kept', () => {
  test('a new meeting keeps its kind, title, date, length and place', async () => {
    const { app } = await testWorld();
    const world = await buildChampionWorld(app.db);
    const coordinator = await signIn(app, world.coordinator);
    const bad = await coordinator.postForm(`/organisations/${world.practiceId}/champion-meetings/new`, {
      kind: 'steering_group',
      title: 'Steering group',
      'heldOn[day]': '31',
      'heldOn[month]': '2',
      'heldOn[year]': year,
      hours: '1',
      minutes: '75',
      location: 'Vestry',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Enter a real date/);
    assert.match(bad.body, /Minutes must be 59 or fewer/);
    assert.ok(isTicked(bad.body, 'kind', 'steering_group'));
    assert.deepEqual(
      [
        shownValue(bad.body, 'title'),
        shownValue(bad.body, 'heldOn-day'),
        shownValue(bad.body, 'heldOn-month'),
        shownValue(bad.body, 'heldOn-year'),
        shownValue(bad.body, 'hours'),
        shownValue(bad.body, 'minutes'),
        shownValue(bad.body, 'location'),
      ],
      ['Steering group', '31', '2', year, '1', '75', 'Vestry'],
    );
  });

  test('meeting actions (a bad due date, an owner from another practice), invitations, attendance and notes keep what was typed or ticked', async () => {
    const { app } = await testWorld();
    const world = await buildChampionWorld(app.db);
    const other = await buildChampionWorld(app.db);
    const meetingId = newId();
    await app.db
      .insertInto('champion_meetings')
      .values({
        id: meetingId,
        organisation_id: world.practiceId,
        kind: 'champion_meeting',
        title: 'Champions meeting',
        held_on: londonToday(),
        minutes: 60,
      })
      .execute();
    const url = `/organisations/${world.practiceId}/champion-meetings/${meetingId}`;
    const coordinator = await signIn(app, world.coordinator);

    const badDate = await coordinator.postForm(`${url}/items`, {
      kind: 'action',
      text: 'Book the hall',
      ownerChampionId: world.alice.championId,
      'dueOn[day]': '40',
      'dueOn[month]': '12',
      'dueOn[year]': nextYear,
    });
    assert.equal(badDate.statusCode, 400);
    assert.match(badDate.body, /Enter a real date/);
    assert.ok(isTicked(badDate.body, 'kind', 'action'));
    assert.equal(shownValue(badDate.body, 'text'), 'Book the hall');
    assert.match(badDate.body, new RegExp(`<option value="${world.alice.championId}" selected>`));
    assert.deepEqual(
      [
        shownValue(badDate.body, 'dueOn-day'),
        shownValue(badDate.body, 'dueOn-month'),
        shownValue(badDate.body, 'dueOn-year'),
      ],
      ['40', '12', nextYear],
    );

    const refusedOwner = await coordinator.postForm(`${url}/items`, {
      kind: 'action',
      text: 'Print the leaflets',
      ownerChampionId: other.alice.championId,
      'dueOn[day]': '3',
      'dueOn[month]': '12',
      'dueOn[year]': nextYear,
    });
    assert.equal(refusedOwner.statusCode, 400);
    assert.match(refusedOwner.body, /Select an owner from this practice/);
    assert.ok(isTicked(refusedOwner.body, 'kind', 'action'));
    assert.equal(shownValue(refusedOwner.body, 'text'), 'Print the leaflets');
    assert.deepEqual(
      [
        shownValue(refusedOwner.body, 'dueOn-day'),
        shownValue(refusedOwner.body, 'dueOn-month'),
        shownValue(refusedOwner.body, 'dueOn-year'),
      ],
      ['3', '12', nextYear],
      'the typed due date is kept',
    );

    const badInvite = await postMany(coordinator, `${url}/invitations`, [
      ['championIds', world.bob.championId],
      ['championIds', 'not-a-champion'],
    ]);
    assert.equal(badInvite.statusCode, 400);
    assert.match(badInvite.body, /Select the champions to invite/);
    assert.ok(isTicked(badInvite.body, 'championIds', world.bob.championId), 'Bob is still ticked');
    assert.ok(!isTicked(badInvite.body, 'championIds', world.alice.championId));
    assert.equal(
      (
        await app.db
          .selectFrom('champion_meeting_invitations')
          .select('champion_id')
          .where('meeting_id', '=', meetingId)
          .execute()
      ).length,
      0,
    );

    assert.equal(
      (
        await postMany(coordinator, `${url}/invitations`, [
          ['championIds', world.alice.championId],
          ['championIds', world.bob.championId],
        ])
      ).statusCode,
      303,
    );
    const strangers = await postMany(coordinator, `${url}/attendance`, [
      ['attendedIds', world.alice.championId],
      ['attendedIds', other.bob.championId],
    ]);
    assert.equal(strangers.statusCode, 400);
    assert.match(strangers.body, /Only invited champions can be marked as attending/);
    assert.ok(isTicked(strangers.body, 'attendedIds', world.alice.championId), 'Alice is still ticked as having come');
    assert.ok(!isTicked(strangers.body, 'attendedIds', world.bob.championId));

    const longNotes = `Kept notes ${'x'.repeat(10_000)}`;
    const notes = await coordinator.postForm(`${url}/notes`, { notes: longNotes });
    assert.equal(notes.statusCode, 400);
    assert.match(notes.body, /Notes must be 10,000 characters or fewer/);
    assert.ok(notes.body.includes(`>${longNotes}</textarea>`), 'the notes typed are kept');
    const meeting = await app.db
      .selectFrom('champion_meetings')
      .select('notes')
      .where('id', '=', meetingId)
      .executeTakeFirstOrThrow();
    assert.equal(meeting.notes, '');
  });

  test('pausing, by the coordinator or by the champion, keeps the return date typed', async () => {
    const { app } = await testWorld();
    const world = await buildChampionWorld(app.db);
    const coordinator = await signIn(app, world.coordinator);
    const pauseUrl = `/organisations/${world.practiceId}/champions/${world.alice.championId}/pause`;
    const alice = await signIn(app, world.alice);
    for (const [agent, url] of [
      [coordinator, pauseUrl],
      [alice, '/champion/pause'],
    ] as const) {
      const impossible = await agent.postForm(url, {
        'returnOn[day]': '31',
        'returnOn[month]': '2',
        'returnOn[year]': nextYear,
      });
      assert.equal(impossible.statusCode, 400, url);
      assert.match(impossible.body, /must be a real date/);
      assert.deepEqual(
        [
          shownValue(impossible.body, 'returnOn-day'),
          shownValue(impossible.body, 'returnOn-month'),
          shownValue(impossible.body, 'returnOn-year'),
        ],
        ['31', '2', nextYear],
        url,
      );
      const past = await agent.postForm(url, {
        'returnOn[day]': day,
        'returnOn[month]': month,
        'returnOn[year]': year,
      });
      assert.equal(past.statusCode, 400, url);
      assert.match(past.body, /The return date must be in the future/);
      assert.deepEqual(
        [
          shownValue(past.body, 'returnOn-day'),
          shownValue(past.body, 'returnOn-month'),
          shownValue(past.body, 'returnOn-year'),
        ],
        [day, month, year],
        url,
      );
    }
    assert.equal(
      (
        await app.db
          .selectFrom('champions')
          .select('stage')
          .where('id', '=', world.alice.championId)
          .executeTakeFirstOrThrow()
      ).stage,
      'active',
    );
  });

  test('rejecting an expense claim without a reason keeps the decision, and a long reason is kept', async () => {
    const { app } = await testWorld();
    const world = await buildChampionWorld(app.db);
    const claimId = newId();
    await app.db
      .insertInto('expense_claims')
      .values({ id: claimId, organisation_id: world.practiceId, champion_id: world.alice.championId, total_pence: 450 })
      .execute();
    await app.db
      .insertInto('expense_items')
      .values({
        id: newId(),
        claim_id: claimId,
        organisation_id: world.practiceId,
        champion_id: world.alice.championId,
        spent_on: londonToday(),
        kind: 'travel',
        description: 'Bus',
        amount_pence: 450,
      })
      .execute();
    const coordinator = await signIn(app, world.coordinator);
    const url = `/organisations/${world.practiceId}/expense-claims/${claimId}/decision`;
    const noReason = await coordinator.postForm(url, { decision: 'reject', reason: '' });
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /Enter a reason for rejecting the claim/);
    assert.ok(isTicked(noReason.body, 'decision', 'reject'), 'reject is still chosen');
    assert.ok(!isTicked(noReason.body, 'decision', 'approve'));
    const long = `Kept reason ${'y'.repeat(500)}`;
    const tooLong = await coordinator.postForm(url, { decision: 'reject', reason: long });
    assert.equal(tooLong.statusCode, 400);
    assert.equal(shownValue(tooLong.body, 'reason'), long);
    assert.equal(
      (await app.db.selectFrom('expense_claims').select('status').where('id', '=', claimId).executeTakeFirstOrThrow())
        .status,
      'submitted',
    );
  });
});
