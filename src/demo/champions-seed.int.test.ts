import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { signIn } from '../../test/helpers/agent.ts';
import { testWorld } from '../../test/helpers/test-app.ts';
import { STAGES } from '../modules/champions/index.ts';
import { DEMO_DOMAIN, DEMO_PASSWORD, seedDemo } from './seed.ts';

describe('demo champions data', () => {
  test('paused and departed champions have departure rows; active ones have hours, claims and a past meeting with attendance, ideas and actions', async () => {
    const { app, config } = await testWorld();
    await seedDemo(app.db, config);
    const canal = (
      await app.db.selectFrom('organisations').select('id').where('ods_code', '=', 'Y99901').executeTakeFirstOrThrow()
    ).id;

    const offPipeline = await app.db
      .selectFrom('champions')
      .leftJoin('champion_departures', 'champion_departures.champion_id', 'champions.id')
      .select([
        'champions.stage',
        'champion_departures.kind',
        'champion_departures.return_on',
        'champion_departures.left_on',
      ])
      .where('champions.organisation_id', '=', canal)
      .where('champions.stage', 'in', ['paused', 'left'])
      .execute();
    assert.ok(offPipeline.length >= 2);
    for (const row of offPipeline) {
      assert.equal(row.kind, row.stage === 'paused' ? 'pause' : 'exit', `${row.stage} has its departure row`);
      assert.ok(row.stage === 'paused' ? row.return_on : row.left_on);
    }

    const active = await app.db
      .selectFrom('champions')
      .select('id')
      .where('organisation_id', '=', canal)
      .where('stage', '=', 'active')
      .execute();
    const withHours = await app.db
      .selectFrom('champion_hours')
      .select('champion_id')
      .distinct()
      .where('organisation_id', '=', canal)
      .where('meeting_id', 'is', null)
      .execute();
    assert.equal(withHours.length, active.length, 'every active champion has given some hours');
    const claims = await app.db
      .selectFrom('expense_claims')
      .select('status')
      .distinct()
      .where('organisation_id', '=', canal)
      .execute();
    assert.deepEqual(claims.map((row) => row.status).sort(), ['approved', 'rejected', 'submitted']);

    const meeting = await app.db
      .selectFrom('champion_meetings')
      .select(['id', 'held_on', 'attendance_recorded_at'])
      .where('organisation_id', '=', canal)
      .executeTakeFirstOrThrow();
    assert.ok(String(meeting.held_on) < new Date().toISOString().slice(0, 10), 'in the past');
    assert.ok(meeting.attendance_recorded_at);
    const attended = await app.db
      .selectFrom('champion_meeting_invitations')
      .select('champion_id')
      .where('meeting_id', '=', meeting.id)
      .where('attended', '=', true)
      .execute();
    const credited = await app.db
      .selectFrom('champion_hours')
      .select('champion_id')
      .where('meeting_id', '=', meeting.id)
      .execute();
    assert.ok(attended.length >= 2);
    assert.equal(credited.length, attended.length, 'attendance credited the meeting time once each');
    const items = await app.db
      .selectFrom('champion_meeting_items')
      .select(['kind', 'status'])
      .where('meeting_id', '=', meeting.id)
      .execute();
    assert.ok(items.some((item) => item.kind === 'idea' && item.status === 'proposed_activity'));
    assert.ok(items.some((item) => item.kind === 'action'));

    // The demo coordinator's pages have something to show.
    const coordinator = await signIn(app, {
      id: '',
      email: `coordinator.canal@${DEMO_DOMAIN}`,
      password: DEMO_PASSWORD,
      displayName: 'Dawn Mitchell',
    });
    assert.match(
      (await coordinator.get(`/organisations/${canal}/champion-hours`)).body,
      /Tick the hours you have checked/,
    );
    assert.match((await coordinator.get(`/organisations/${canal}/expense-claims`)).body, /Bus to the surgery|Waiting/);
    // "Who could lead a walk on Tuesday mornings and speaks Urdu?" finds Joan.
    const talent = await coordinator.get(
      `/organisations/${canal}/champions/talent?day=tue&part=morning&language=Urdu&role=Walk+leader`,
    );
    assert.match(talent.body, /Joan Walker/);
  });

  const everyStage =
    'every demo practice (and setting and network) with champions has people at all nine stages, ' +
    'paused and departed ones with their departure rows';
  test(everyStage, async () => {
    const { app, config } = await testWorld();
    await seedDemo(app.db, config);
    const demo = await app.db
      .selectFrom('organisations')
      .select(['id', 'name', 'kind'])
      .where('ods_code', 'in', ['Y99901', 'Y99902', 'Y99903', 'DEMO01', 'U99001', 'U99002', 'QZZ'])
      .execute();
    const withChampions: string[] = [];
    for (const organisation of demo) {
      const stages = (
        await app.db
          .selectFrom('champions')
          .select('stage')
          .distinct()
          .where('organisation_id', '=', organisation.id)
          .execute()
      ).map((row) => row.stage);
      if (stages.length === 0) {
        continue;
      }
      withChampions.push(organisation.name);
      assert.deepEqual([...stages].sort(), [...STAGES].sort(), `${organisation.name} has someone at every stage`);
      const departures = await app.db
        .selectFrom('champions')
        .leftJoin('champion_departures', 'champion_departures.champion_id', 'champions.id')
        .select(['champions.stage', 'champion_departures.kind'])
        .where('champions.organisation_id', '=', organisation.id)
        .where('champions.stage', 'in', ['paused', 'left'])
        .execute();
      assert.ok(
        departures.every((row) => row.kind === (row.stage === 'paused' ? 'pause' : 'exit')),
        `${organisation.name}: departure rows`,
      );
    }
    assert.ok(withChampions.includes('Hillside Health Centre (demo)'), withChampions.join(', '));
    assert.ok(withChampions.includes('Canal Street Surgery (demo)'));
    assert.ok(withChampions.length >= 4);
    // Hillside's coordinator sees the whole pipeline.
    const hillside = demo.find((organisation) => organisation.name === 'Hillside Health Centre (demo)');
    const manager = await signIn(app, {
      id: '',
      email: `manager.hillside@${DEMO_DOMAIN}`,
      password: DEMO_PASSWORD,
      displayName: 'Owen Jones',
    });
    const pipeline = await manager.get(`/organisations/${hillside?.id}/champions?stage=interested`);
    assert.equal(pipeline.statusCode, 200);
    assert.match(pipeline.body, /Showing 1 to \d+ of \d+ people/);
  });
});
