import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Agent } from '../../../../test/helpers/agent.ts';
import { signIn } from '../../../../test/helpers/agent.ts';
import { buildPerson, buildPractice } from '../../../../test/helpers/factories.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { buildChampionWorld } from '../self-service/self-service.fixtures.ts';
import { londonToday } from '../../../lib/dates.ts';

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

describe('meetings: invitations, attendance, notes and the idea board', () => {
  test('marking attendance credits hours once, however often it is recorded; a two-day workshop credits both days', async () => {
    const { app } = await testWorld();
    const world = await buildChampionWorld(app.db);
    const coordinator = await signIn(app, world.coordinator);
    const base = `/organisations/${world.practiceId}/champion-meetings`;
    const bad = await coordinator.postForm(`${base}/new`, {
      kind: 'two_day_launch_workshop',
      title: '',
      'heldOn[day]': '40',
      'heldOn[month]': '1',
      'heldOn[year]': '2026',
      hours: '6',
      minutes: '0',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Enter a title/);
    // Last year, so attendance can be recorded (it waits for the meeting's day).
    const lastYear = String(Number(londonToday().slice(0, 4)) - 1);
    const created = await coordinator.postForm(`${base}/new`, {
      kind: 'two_day_launch_workshop',
      title: 'Launch workshop',
      'heldOn[day]': '10',
      'heldOn[month]': '11',
      'heldOn[year]': lastYear,
      hours: '6',
      minutes: '0',
      location: 'Village hall',
    });
    assert.equal(created.statusCode, 303);
    const meetingUrl = created.headers.location ?? '';
    const meetingId = meetingUrl.split('/').pop() ?? '';
    assert.equal(
      (
        await postMany(coordinator, `${meetingUrl}/invitations`, [
          ['championIds', world.alice.championId],
          ['championIds', world.bob.championId],
        ])
      ).statusCode,
      303,
    );
    const invitation = await app.db
      .selectFrom('outbox_messages')
      .select(['subject', 'body'])
      .where('recipient', '=', world.alice.email.toLowerCase())
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    assert.equal(invitation.subject, 'You are invited: Launch workshop');
    assert.match(invitation.body, new RegExp(`10/11/${lastYear} and the day after, at Village hall`));
    const alice = await signIn(app, world.alice);
    const aliceHome = await alice.get('/champion');
    assert.doesNotMatch(aliceHome.body, /Launch workshop/, 'a past meeting is not listed as upcoming');

    for (let time = 0; time < 3; time += 1) {
      assert.equal(
        (await postMany(coordinator, `${meetingUrl}/attendance`, [['attendedIds', world.alice.championId]])).statusCode,
        303,
      );
    }
    const hours = await app.db
      .selectFrom('champion_hours')
      .select(['champion_id', 'minutes', 'category'])
      .where('meeting_id', '=', meetingId)
      .execute();
    assert.deepEqual(hours, [{ champion_id: world.alice.championId, minutes: 720, category: 'meeting' }]);
    await postMany(coordinator, `${meetingUrl}/attendance`, [
      ['attendedIds', world.alice.championId],
      ['attendedIds', world.bob.championId],
    ]);
    await postMany(coordinator, `${meetingUrl}/attendance`, [['attendedIds', world.bob.championId]]);
    const after = await app.db
      .selectFrom('champion_hours')
      .select('champion_id')
      .where('meeting_id', '=', meetingId)
      .execute();
    assert.deepEqual(
      after.map((row) => row.champion_id),
      [world.bob.championId],
    );

    const outsider = await buildChampionWorld(app.db);
    const strangers = await postMany(coordinator, `${meetingUrl}/attendance`, [
      ['attendedIds', outsider.alice.championId],
    ]);
    assert.equal(strangers.statusCode, 400);
    assert.match(strangers.body, /Only invited champions/);
  });

  test('attendance of a meeting that has not happened yet is refused, crediting no hours, until its day', async () => {
    const { app } = await testWorld();
    const world = await buildChampionWorld(app.db);
    const coordinator = await signIn(app, world.coordinator);
    const tomorrow = londonToday(new Date(Date.now() + 86_400_000));
    const [year, month, day] = tomorrow.split('-') as [string, string, string];
    const created = await coordinator.postForm(`/organisations/${world.practiceId}/champion-meetings/new`, {
      kind: 'champion_meeting',
      title: 'Tomorrow’s meeting',
      'heldOn[day]': day,
      'heldOn[month]': month,
      'heldOn[year]': year,
      hours: '2',
      minutes: '0',
    });
    const meetingUrl = created.headers.location ?? '';
    const meetingId = meetingUrl.split('/').pop() ?? '';
    assert.equal(
      (await postMany(coordinator, `${meetingUrl}/invitations`, [['championIds', world.alice.championId]])).statusCode,
      303,
    );
    const page = await coordinator.get(meetingUrl);
    assert.match(page.body, /You can record who came from the day of the meeting/);
    assert.doesNotMatch(page.body, /Record attendance/);

    const early = await postMany(coordinator, `${meetingUrl}/attendance`, [['attendedIds', world.alice.championId]]);
    assert.equal(early.statusCode, 400);
    assert.match(early.body, /This meeting has not happened yet\. You can record who came from \d\d\/\d\d\/\d{4}/);
    assert.deepEqual(
      await app.db.selectFrom('champion_hours').select('id').where('meeting_id', '=', meetingId).execute(),
      [],
      'no future-dated hours',
    );
    const meeting = await app.db
      .selectFrom('champion_meetings')
      .select('attendance_recorded_at')
      .where('id', '=', meetingId)
      .executeTakeFirstOrThrow();
    assert.equal(meeting.attendance_recorded_at, null);
    assert.equal(
      (
        await app.db
          .selectFrom('champion_meeting_invitations')
          .select('attended')
          .where('meeting_id', '=', meetingId)
          .executeTakeFirstOrThrow()
      ).attended,
      null,
    );

    // On the day it can be recorded.
    await app.db.updateTable('champion_meetings').set({ held_on: londonToday() }).where('id', '=', meetingId).execute();
    assert.equal(
      (await postMany(coordinator, `${meetingUrl}/attendance`, [['attendedIds', world.alice.championId]])).statusCode,
      303,
    );
    const credited = await app.db
      .selectFrom('champion_hours')
      .select(['champion_id', 'worked_on', 'minutes'])
      .where('meeting_id', '=', meetingId)
      .execute();
    assert.deepEqual(credited, [{ champion_id: world.alice.championId, worked_on: londonToday(), minutes: 120 }]);
  });

  test('notes, decisions, actions with an owner and due date, and ideas proposed as activities', async () => {
    const { app } = await testWorld();
    const world = await buildChampionWorld(app.db);
    const coordinator = await signIn(app, world.coordinator);
    const created = await coordinator.postForm(`/organisations/${world.practiceId}/champion-meetings/new`, {
      kind: 'champion_meeting',
      title: 'November champions meeting',
      'heldOn[day]': '1',
      'heldOn[month]': '11',
      'heldOn[year]': '2026',
      hours: '1',
      minutes: '30',
    });
    const meetingUrl = created.headers.location ?? '';
    assert.equal(
      (await coordinator.postForm(`${meetingUrl}/notes`, { notes: 'Good turnout; tea ran out.' })).statusCode,
      303,
    );
    assert.equal(
      (await coordinator.postForm(`${meetingUrl}/items`, { kind: 'decision', text: 'Meet monthly' })).statusCode,
      303,
    );
    assert.equal(
      (
        await coordinator.postForm(`${meetingUrl}/items`, {
          kind: 'action',
          text: 'Book the hall',
          ownerChampionId: world.alice.championId,
          'dueOn[day]': '1',
          'dueOn[month]': '12',
          'dueOn[year]': '2026',
        })
      ).statusCode,
      303,
    );
    assert.equal(
      (await coordinator.postForm(`${meetingUrl}/items`, { kind: 'idea', text: 'A knit and natter group' })).statusCode,
      303,
    );
    const empty = await coordinator.postForm(`${meetingUrl}/items`, { kind: 'idea', text: '' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /Enter the decision, idea or action/);
    const outsider = await buildChampionWorld(app.db);
    const foreignOwner = await coordinator.postForm(`${meetingUrl}/items`, {
      kind: 'action',
      text: 'Someone else',
      ownerChampionId: outsider.alice.championId,
    });
    assert.equal(foreignOwner.statusCode, 400);

    const aliceHome = await (await signIn(app, world.alice)).get('/champion');
    assert.match(
      aliceHome.body,
      /Book the hall <span class="nhsuk-body-s">\(from November champions meeting, due 01\/12\/2026\)/,
    );
    const items = await app.db
      .selectFrom('champion_meeting_items')
      .select(['id', 'kind', 'due_on', 'owner_champion_id'])
      .where('organisation_id', '=', world.practiceId)
      .orderBy('created_at')
      .execute();
    assert.equal(items[1]?.due_on, '2026-12-01');
    assert.equal(items[1]?.owner_champion_id, world.alice.championId);
    const idea = items.find((item) => item.kind === 'idea');
    const decision = items.find((item) => item.kind === 'decision');
    assert.equal(
      (await coordinator.postForm(`${meetingUrl}/items/${idea?.id}/status`, { status: 'proposed_activity' }))
        .statusCode,
      303,
    );
    assert.equal(
      (await coordinator.postForm(`${meetingUrl}/items/${decision?.id}/status`, { status: 'proposed_activity' }))
        .statusCode,
      400,
    );
    const proposed = await app.db
      .selectFrom('champion_meeting_items')
      .select('status')
      .where('id', '=', idea?.id ?? '')
      .executeTakeFirstOrThrow();
    assert.equal(proposed.status, 'proposed_activity');
    const page = await coordinator.get(meetingUrl);
    assert.match(page.body, /Proposed as an activity/);
    assert.match(page.body, /Good turnout; tea ran out\./);
  });

  test('a champion gets 403 on meeting pages; another practice gets 404', async () => {
    const { app } = await testWorld();
    const world = await buildChampionWorld(app.db);
    const coordinator = await signIn(app, world.coordinator);
    const created = await coordinator.postForm(`/organisations/${world.practiceId}/champion-meetings/new`, {
      kind: 'steering_group',
      title: 'Steering group',
      'heldOn[day]': '1',
      'heldOn[month]': '11',
      'heldOn[year]': '2026',
      hours: '1',
      minutes: '0',
    });
    const meetingUrl = created.headers.location ?? '';
    const alice = await signIn(app, world.alice);
    assert.equal((await alice.get(meetingUrl)).statusCode, 403);
    assert.equal(
      (await alice.postForm(`${meetingUrl}/attendance`, { attendedIds: world.alice.championId })).statusCode,
      403,
    );
    const other = await buildPractice(app.db);
    const stranger = await signIn(app, await buildPerson(app.db, { roles: [[other, 'coordinator']] }));
    assert.equal((await stranger.get(meetingUrl)).statusCode, 404);
    assert.equal((await stranger.get(meetingUrl.replace(world.practiceId, other))).statusCode, 404);
  });

  test('opening a meeting (names, attendance and notes) is audited', async () => {
    const { app } = await testWorld();
    const world = await buildChampionWorld(app.db);
    const coordinator = await signIn(app, world.coordinator);
    const created = await coordinator.postForm(`/organisations/${world.practiceId}/champion-meetings/new`, {
      kind: 'steering_group',
      title: 'Steering group',
      'heldOn[day]': '2',
      'heldOn[month]': '11',
      'heldOn[year]': '2026',
      hours: '1',
      minutes: '0',
    });
    const meetingId = (created.headers.location ?? '').split('/').pop() ?? '';
    assert.equal((await coordinator.get(created.headers.location ?? '')).statusCode, 200);
    const viewed = await app.db
      .selectFrom('audit_events')
      .select(['actor_user_id', 'organisation_id'])
      .where('action', '=', 'champion.meeting-viewed')
      .where('subject_id', '=', meetingId)
      .execute();
    assert.deepEqual(viewed, [{ actor_user_id: world.coordinator.id, organisation_id: world.practiceId }]);
  });
});
