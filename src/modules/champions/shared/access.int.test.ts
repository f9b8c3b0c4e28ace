import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { signIn } from '../../../../test/helpers/agent.ts';
import { buildPerson, buildPractice } from '../../../../test/helpers/factories.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { newId } from '../../../lib/ids.ts';
import { ensureChampionDefaults } from '../settings/champion-defaults.service.ts';
import { roleTemplateNamed } from '../recruitment/recruitment.fixtures.ts';
import { buildChampionWorld } from '../self-service/self-service.fixtures.ts';
import { londonToday } from '../../../lib/dates.ts';

const [year, month, day] = londonToday().split('-') as [string, string, string];
const nextYear = String(Number(year) + 1);

describe('champions: coordinator routes answer 404 to other practices and 403 to champions', () => {
  test('hours, verification, exports, pause and leave, meetings and the record page’s forms', async () => {
    const { app } = await testWorld();
    const world = await buildChampionWorld(app.db);
    const { practiceId } = world;
    await ensureChampionDefaults(app.db, practiceId);
    const hoursId = newId();
    await app.db
      .insertInto('champion_hours')
      .values({
        id: hoursId,
        organisation_id: practiceId,
        champion_id: world.alice.championId,
        worked_on: londonToday(),
        minutes: 60,
        category: 'session',
        description: 'Walk',
      })
      .execute();
    const meetingId = newId();
    await app.db
      .insertInto('champion_meetings')
      .values({
        id: meetingId,
        organisation_id: practiceId,
        kind: 'champion_meeting',
        title: 'Private meeting',
        held_on: londonToday(),
        minutes: 60,
      })
      .execute();
    await app.db
      .insertInto('champion_meeting_invitations')
      .values({ meeting_id: meetingId, champion_id: world.alice.championId, organisation_id: practiceId })
      .execute();
    const itemId = newId();
    await app.db
      .insertInto('champion_meeting_items')
      .values({ id: itemId, meeting_id: meetingId, organisation_id: practiceId, kind: 'idea', text: 'Secret idea' })
      .execute();
    const agreement = await app.db
      .selectFrom('champion_agreement_templates')
      .select('id')
      .where('organisation_id', '=', practiceId)
      .executeTakeFirstOrThrow();
    const inductionItem = await app.db
      .selectFrom('champion_induction_items')
      .select('id')
      .where('organisation_id', '=', practiceId)
      .executeTakeFirstOrThrow();
    const role = await roleTemplateNamed(app.db, practiceId, 'Directory researcher');

    const org = `/organisations/${practiceId}`;
    const record = `${org}/champions/${world.alice.championId}`;
    const meeting = `${org}/champion-meetings/${meetingId}`;
    const pages = [
      `${org}/champion-hours`,
      `${org}/champion-exports`,
      `${org}/champion-exports?from=2026-01-01`,
      meeting,
    ];
    const posts: [string, Record<string, string>][] = [
      [`${org}/champion-hours/verify`, { hoursIds: hoursId }],
      [`${record}/pause`, { 'returnOn[day]': '1', 'returnOn[month]': '6', 'returnOn[year]': nextYear }],
      [`${record}/leave`, { 'leftOn[day]': day, 'leftOn[month]': month, 'leftOn[year]': year }],
      [
        `${org}/champion-meetings/new`,
        {
          kind: 'champion_meeting',
          title: 'Sneaky',
          'heldOn[day]': '1',
          'heldOn[month]': '1',
          'heldOn[year]': nextYear,
          hours: '1',
          minutes: '0',
        },
      ],
      [`${meeting}/invitations`, { championIds: world.bob.championId }],
      [`${meeting}/attendance`, { attendedIds: world.alice.championId }],
      [`${meeting}/notes`, { notes: 'Overwritten' }],
      [`${meeting}/items`, { kind: 'action', text: 'Sneaky action' }],
      [`${meeting}/items/${itemId}/status`, { status: 'proposed_activity' }],
      [`${record}/roles`, { roleTemplateId: role }],
      [`${record}/agreements/${agreement.id}`, { note: 'Signed a paper copy' }],
      [`${record}/induction/${inductionItem.id}`, {}],
    ];

    const otherPractice = await buildPractice(app.db);
    const outsider = await signIn(app, await buildPerson(app.db, { roles: [[otherPractice, 'coordinator']] }));
    const bob = await signIn(app, world.bob);
    for (const url of pages) {
      const hidden = await outsider.get(url);
      assert.equal(hidden.statusCode, 404, `outsider GET ${url}`);
      assert.doesNotMatch(hidden.body, /Private meeting|Alice Champion/);
      assert.equal((await bob.get(url)).statusCode, 403, `champion GET ${url}`);
    }
    for (const [url, fields] of posts) {
      assert.equal((await outsider.postForm(url, fields)).statusCode, 404, `outsider POST ${url}`);
      assert.equal((await bob.postForm(url, fields)).statusCode, 403, `champion POST ${url}`);
    }
    // The outsider's own practice id in the path does not reach these records either.
    assert.equal(
      (
        await outsider.postForm(
          `/organisations/${otherPractice}/champions/${world.alice.championId}/pause`,
          posts[1]?.[1] ?? {},
        )
      ).statusCode,
      404,
    );
    assert.equal(
      (await outsider.postForm(`/organisations/${otherPractice}/champion-meetings/${meetingId}/notes`, { notes: 'x' }))
        .statusCode,
      404,
    );

    // Nothing changed.
    assert.equal(
      (await app.db.selectFrom('champion_hours').select('status').where('id', '=', hoursId).executeTakeFirstOrThrow())
        .status,
      'logged',
    );
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
    assert.equal(
      (
        await app.db
          .selectFrom('champion_departures')
          .select('id')
          .where('champion_id', '=', world.alice.championId)
          .execute()
      ).length,
      0,
    );
    const meetingRow = await app.db
      .selectFrom('champion_meetings')
      .select(['notes', 'attendance_recorded_at'])
      .where('id', '=', meetingId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(meetingRow, { notes: '', attendance_recorded_at: null });
    assert.equal(
      (await app.db.selectFrom('champion_meetings').select('id').where('title', '=', 'Sneaky').execute()).length,
      0,
    );
    assert.equal(
      (await app.db.selectFrom('champion_meeting_items').select('id').where('meeting_id', '=', meetingId).execute())
        .length,
      1,
    );
    assert.equal(
      (
        await app.db
          .selectFrom('champion_meeting_items')
          .select('status')
          .where('id', '=', itemId)
          .executeTakeFirstOrThrow()
      ).status,
      'open',
    );
    assert.equal(
      (
        await app.db
          .selectFrom('champion_meeting_invitations')
          .select('champion_id')
          .where('meeting_id', '=', meetingId)
          .execute()
      ).length,
      1,
    );
    assert.equal(
      (
        await app.db
          .selectFrom('champion_role_assignments')
          .select('id')
          .where('champion_id', '=', world.alice.championId)
          .execute()
      ).length,
      0,
    );
    assert.equal(
      (
        await app.db
          .selectFrom('champion_agreement_signatures')
          .select('id')
          .where('champion_id', '=', world.alice.championId)
          .execute()
      ).length,
      0,
    );
    assert.equal(
      (
        await app.db
          .selectFrom('champion_induction_ticks')
          .select('item_id')
          .where('champion_id', '=', world.alice.championId)
          .execute()
      ).length,
      0,
    );
  });

  test('expense claims, campaigns, roles, agreements, induction, checks, references, training, meetings, pausing and the XLSX exports', async () => {
    const { app } = await testWorld();
    const world = await buildChampionWorld(app.db);
    const { practiceId } = world;
    await ensureChampionDefaults(app.db, practiceId);
    const claimId = newId();
    await app.db
      .insertInto('expense_claims')
      .values({ id: claimId, organisation_id: practiceId, champion_id: world.alice.championId, total_pence: 450 })
      .execute();
    await app.db
      .insertInto('expense_items')
      .values({
        id: newId(),
        claim_id: claimId,
        organisation_id: practiceId,
        champion_id: world.alice.championId,
        spent_on: londonToday(),
        kind: 'travel',
        description: 'Secret bus fare',
        amount_pence: 450,
      })
      .execute();
    const campaignId = newId();
    await app.db
      .insertInto('champion_campaigns')
      .values({
        id: campaignId,
        organisation_id: practiceId,
        code: `secret-${campaignId.slice(-8)}`,
        name: 'Secret campaign',
        channel: 'poster',
      })
      .execute();
    const inductionItem = await app.db
      .selectFrom('champion_induction_items')
      .select('id')
      .where('organisation_id', '=', practiceId)
      .executeTakeFirstOrThrow();
    const counted = async () => ({
      roles: (
        await app.db
          .selectFrom('champion_role_templates')
          .select('id')
          .where('organisation_id', '=', practiceId)
          .execute()
      ).length,
      agreements: (
        await app.db
          .selectFrom('champion_agreement_templates')
          .select('id')
          .where('organisation_id', '=', practiceId)
          .execute()
      ).length,
      induction: (
        await app.db
          .selectFrom('champion_induction_items')
          .select('id')
          .where('organisation_id', '=', practiceId)
          .where('active', '=', true)
          .execute()
      ).length,
      campaigns: (
        await app.db.selectFrom('champion_campaigns').select('id').where('organisation_id', '=', practiceId).execute()
      ).length,
      meetings: (
        await app.db.selectFrom('champion_meetings').select('id').where('organisation_id', '=', practiceId).execute()
      ).length,
    });
    const before = await counted();

    const org = `/organisations/${practiceId}`;
    const record = `${org}/champions/${world.alice.championId}`;
    const dated = (name: string) => ({ [`${name}[day]`]: '1', [`${name}[month]`]: '2', [`${name}[year]`]: year });
    const pages = [
      `${org}/expense-claims`,
      `${org}/champions/campaigns/${campaignId}`,
      `${org}/champion-meetings`,
      `${org}/champion-meetings/new`,
      `${record}/pause`,
      `${org}/champion-exports/hours.xlsx`,
      `${org}/champion-exports/expenses.xlsx`,
    ];
    const posts: [string, Record<string, string>][] = [
      [`${org}/expense-claims/${claimId}/decision`, { decision: 'approve', reason: '' }],
      [`${org}/expense-claims/${claimId}/decision`, { decision: 'reject', reason: 'Sneaky rejection' }],
      [`${org}/champions/campaigns`, { name: 'Sneaky campaign', channel: 'poster', startsOn: '', endsOn: '' }],
      [
        `${org}/champions/roles`,
        { name: 'Sneaky role', description: '', checkLevel: 'none', referencesRequired: '0', training: '' },
      ],
      [`${org}/champions/agreements`, { kind: 'volunteer', title: 'Sneaky agreement', body: 'Sneaky text' }],
      [`${org}/champions/induction`, { label: 'Sneaky induction item' }],
      [`${org}/champions/induction/${inductionItem.id}/remove`, {}],
      [
        `${record}/checks`,
        { level: 'basic', ...dated('issuedOn'), certificateReference: '001122334455', updateService: 'yes' },
      ],
      [`${record}/references`, { refereeName: 'Sneaky Referee', ...dated('receivedOn') }],
      [`${record}/training`, { course: 'Walk leader training', ...dated('completedOn') }],
    ];

    const otherPractice = await buildPractice(app.db);
    const outsider = await signIn(app, await buildPerson(app.db, { roles: [[otherPractice, 'coordinator']] }));
    const bob = await signIn(app, world.bob);
    for (const url of pages) {
      const hidden = await outsider.get(url);
      assert.equal(hidden.statusCode, 404, `outsider GET ${url}`);
      assert.doesNotMatch(hidden.body, /Secret campaign|Secret bus fare|Alice Champion/);
      assert.equal((await bob.get(url)).statusCode, 403, `champion GET ${url}`);
    }
    for (const [url, fields] of posts) {
      assert.equal((await outsider.postForm(url, fields)).statusCode, 404, `outsider POST ${url}`);
      assert.equal((await bob.postForm(url, fields)).statusCode, 403, `champion POST ${url}`);
    }
    // The outsider's own practice id in the path does not reach this practice's claim or champion.
    assert.equal(
      (
        await outsider.postForm(`/organisations/${otherPractice}/expense-claims/${claimId}/decision`, {
          decision: 'approve',
          reason: '',
        })
      ).statusCode,
      404,
    );
    assert.equal(
      (
        await outsider.postForm(
          `/organisations/${otherPractice}/champions/${world.alice.championId}/checks`,
          posts[7]?.[1] ?? {},
        )
      ).statusCode,
      404,
    );

    // Nothing changed.
    const claim = await app.db
      .selectFrom('expense_claims')
      .select(['status', 'decision_reason', 'decided_by'])
      .where('id', '=', claimId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(claim, { status: 'submitted', decision_reason: '', decided_by: null });
    assert.deepEqual(await counted(), before);
    assert.equal(
      (
        await app.db
          .selectFrom('champion_induction_items')
          .select('active')
          .where('id', '=', inductionItem.id)
          .executeTakeFirstOrThrow()
      ).active,
      true,
    );
    for (const table of ['champion_checks', 'champion_references', 'champion_training'] as const) {
      assert.equal(
        (await app.db.selectFrom(table).select('id').where('champion_id', '=', world.alice.championId).execute())
          .length,
        0,
        table,
      );
    }
    assert.equal(
      (await app.db.selectFrom('champion_campaigns').select('id').where('name', '=', 'Sneaky campaign').execute())
        .length,
      0,
    );
  });
});
