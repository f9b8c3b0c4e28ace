import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { signIn, type Agent } from '../../../../test/helpers/agent.ts';
import { buildActivity } from '../../../../test/helpers/activity-factories.ts';
import { buildNetwork, buildPerson, buildPractice } from '../../../../test/helpers/factories.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { buildRotaSession, buildSessionWorld, daysAgo, minutesFromText } from './session-record.fixtures.ts';

/** The number in a totals cell, by what it counts and the activity (or "all"). */
function cell(body: string, total: string, activity: string): number {
  const match = new RegExp(
    `data-total="${total}" data-activity="${activity}"(?: data-minutes="(\\d+)")?>([^<]+)<`,
  ).exec(body);
  assert.ok(match, `no ${total} cell for ${activity}`);
  return match[1] !== undefined ? Number(match[1]) : Number(match[2]?.replace(/,/g, ''));
}

/** Sums the Minutes column of the hours CSV export, and reads its totals row. */
function csvMinutes(csv: string): { rows: number; total: number } {
  const lines = csv
    .replace(/^\ufeff/, '')
    .trim()
    .split('\n')
    .map((line) => line.split(','));
  const column = (lines[0] ?? []).indexOf('Minutes');
  const data = lines.slice(1, -1);
  return { rows: data.reduce((sum, cells) => sum + Number(cells[column]), 0), total: Number(lines.at(-1)?.[column]) };
}

async function record(agent: Agent, sessionId: string, body: Record<string, unknown>) {
  const response = await agent.sendJson('POST', `/api/sessions/${sessionId}/record`, {
    idempotencyKey: crypto.randomUUID(),
    recordedAt: new Date().toISOString(),
    ...body,
  });
  assert.equal(response.statusCode, 200, response.body);
  assert.equal(response.json().applied, true);
}

describe('session totals reconcile with the champions module', () => {
  test('activity and organisation totals equal the champions’ own hours, the coordinator’s page and the CSV export, to the minute', async () => {
    const { app } = await testWorld();
    const network = await buildNetwork(app.db);
    const world = await buildSessionWorld(app.db, { networkId: network });
    const alice = await signIn(app, world.alice);
    const time = (championId: string, minutes: number) => ({
      championId,
      hours: Math.floor(minutes / 60),
      minutes: minutes % 60,
    });
    const walk = {
      activityId: world.activityId,
      roleTemplateId: world.roleTemplateId,
      alice: world.alice,
      bob: world.bob,
    };
    const secondWalk = await buildRotaSession(app.db, walk, { date: daysAgo(3), minutes: 75 });
    const thirdWalk = await buildRotaSession(app.db, walk, { date: daysAgo(40), minutes: 60 });
    const cafeId = await buildActivity(app.db, world.practiceId, { name: 'Cuppa and chat', status: 'active' });
    const cafe = await buildRotaSession(app.db, { ...walk, activityId: cafeId }, { date: daysAgo(10), minutes: 120 });

    await record(alice, world.sessionId, {
      headCount: 11,
      newAttendees: 9,
      referredReception: 2,
      champions: [time(world.alice.championId, 90), time(world.bob.championId, 90)],
    });
    await record(alice, secondWalk, {
      headCount: 7,
      newAttendees: 1,
      referredSelf: 3,
      referredGp: 1,
      champions: [time(world.alice.championId, 77), time(world.bob.championId, 1)],
    });
    await record(alice, thirdWalk, {
      headCount: 4,
      newAttendees: 0,
      incidentFlagged: true,
      champions: [time(world.alice.championId, 61)],
    });
    // Recorded twice: the second record replaces the first, so its hours count once.
    await record(alice, thirdWalk, {
      headCount: 5,
      newAttendees: 0,
      incidentFlagged: true,
      champions: [time(world.alice.championId, 59)],
    });
    await record(alice, cafe, {
      headCount: 20,
      newAttendees: 2,
      referredLinkWorker: 4,
      champions: [time(world.alice.championId, 133), time(world.bob.championId, 127)],
    });

    const walkMinutes = 90 + 90 + 77 + 1 + 59;
    const cafeMinutes = 133 + 127;
    const aliceMinutes = 90 + 77 + 59 + 133;
    const bobMinutes = 90 + 1 + 127;

    const coordinator = await signIn(app, world.coordinator);
    const activityPage = await coordinator.get(`/activities/${world.activityId}/totals`);
    assert.equal(activityPage.statusCode, 200);
    assert.match(activityPage.body, /<caption[^>]*>[^<]*Sessions, attendance and champion hours/);
    assert.equal(cell(activityPage.body, 'champion-minutes', 'all'), walkMinutes);
    assert.equal(cell(activityPage.body, 'sessions', 'all'), 3);
    assert.equal(cell(activityPage.body, 'attendances', 'all'), 11 + 7 + 5);
    assert.equal(cell(activityPage.body, 'new-attendees', 'all'), 10);
    assert.equal(cell(activityPage.body, 'incidents', 'all'), 1);
    assert.equal(cell(activityPage.body, 'referred-reception', 'all'), 2);
    assert.equal(cell(activityPage.body, 'referred-self', 'all'), 3);
    assert.doesNotMatch(activityPage.body, /Alice Champion|Bob Champion/, 'counts only, no names');

    const organisationPage = await coordinator.get(`/organisations/${world.practiceId}/activity-totals`);
    assert.equal(organisationPage.statusCode, 200);
    assert.equal(cell(organisationPage.body, 'champion-minutes', world.activityId), walkMinutes);
    assert.equal(cell(organisationPage.body, 'champion-minutes', cafeId), cafeMinutes);
    const overall = cell(organisationPage.body, 'champion-minutes', 'all');
    assert.equal(overall, walkMinutes + cafeMinutes);
    assert.equal(cell(organisationPage.body, 'sessions', 'all'), 4);
    assert.equal(cell(organisationPage.body, 'referred-link_worker', 'all'), 4);

    // The champions module's own figures: the same rows, so the same minutes.
    const aliceHours = await alice.get('/champion/hours');
    assert.equal(minutesFromText(/data-total="logged-hours">([^<]+)</.exec(aliceHours.body)?.[1] ?? ''), aliceMinutes);
    const bobHours = await (await signIn(app, world.bob)).get('/champion/hours');
    assert.equal(minutesFromText(/data-total="logged-hours">([^<]+)</.exec(bobHours.body)?.[1] ?? ''), bobMinutes);
    const coordinatorHours = await coordinator.get(`/organisations/${world.practiceId}/champion-hours`);
    const perChampion = [world.alice.championId, world.bob.championId].map((id) =>
      minutesFromText(new RegExp(`data-champion="${id}">([^<]+)<`).exec(coordinatorHours.body)?.[1] ?? ''),
    );
    assert.deepEqual(perChampion, [aliceMinutes, bobMinutes]);
    assert.equal(aliceMinutes + bobMinutes, overall);
    const csv = await coordinator.get(`/organisations/${world.practiceId}/champion-exports/hours.csv`);
    assert.equal(csv.statusCode, 200);
    assert.deepEqual(csvMinutes(csv.body), { rows: overall, total: overall });

    // A network's staff see their practices' totals, the same figures.
    const networkLead = await signIn(app, await buildPerson(app.db, { roles: [[network, 'network_lead']] }));
    const networkPage = await networkLead.get(`/organisations/${network}/activity-totals`);
    assert.equal(networkPage.statusCode, 200);
    assert.equal(cell(networkPage.body, 'champion-minutes', 'all'), overall);

    // A period filter: only the sessions of the last week.
    const lastWeek = await coordinator.get(
      `/organisations/${world.practiceId}/activity-totals?from=${daysAgo(7)}&to=${daysAgo(0)}`,
    );
    assert.equal(cell(lastWeek.body, 'champion-minutes', 'all'), 90 + 90 + 77 + 1);
    assert.equal(cell(lastWeek.body, 'sessions', 'all'), 2);
  });

  test('totals: another practice gets 404, a champion 403; a bad period is 400 with the input kept', async () => {
    const { app } = await testWorld();
    const world = await buildSessionWorld(app.db);
    const outsider = await signIn(
      app,
      await buildPerson(app.db, { roles: [[await buildPractice(app.db), 'practice_manager']] }),
    );
    assert.equal((await outsider.get(`/activities/${world.activityId}/totals`)).statusCode, 404);
    assert.equal((await outsider.get(`/organisations/${world.practiceId}/activity-totals`)).statusCode, 404);
    const alice = await signIn(app, world.alice);
    assert.equal((await alice.get(`/activities/${world.activityId}/totals`)).statusCode, 403);
    assert.equal((await alice.get(`/organisations/${world.practiceId}/activity-totals`)).statusCode, 403);
    const receptionist = await signIn(app, await buildPerson(app.db, { roles: [[world.practiceId, 'receptionist']] }));
    const empty = await receptionist.get(`/activities/${world.activityId}/totals`);
    assert.equal(empty.statusCode, 200);
    assert.match(empty.body, /No sessions were recorded in this period/);
    const backwards = await receptionist.get(
      `/organisations/${world.practiceId}/activity-totals?from=2026-05-01&to=2026-04-01`,
    );
    assert.equal(backwards.statusCode, 400);
    assert.match(backwards.body, /The end date must be the same as or after the start date/);
    assert.match(backwards.body, /value="2026-05-01"/);
    const nonsense = await receptionist.get(`/activities/${world.activityId}/totals?from=2026-02-30`);
    assert.equal(nonsense.statusCode, 400);
    assert.match(nonsense.body, /Enter a real date/);
    assert.equal((await receptionist.get('/activities/not-a-uuid/totals')).statusCode, 404);
  });
});
