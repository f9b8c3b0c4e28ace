import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { signIn } from '../../../../test/helpers/agent.ts';
import { buildPerson, buildPractice } from '../../../../test/helpers/factories.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { newId } from '../../../lib/ids.ts';
import { FORMER_CHAMPION, minimiseFormerChampions } from './retention.jobs.ts';
import { buildChampionWorld, multipartBody, SAMPLE_FILES } from '../self-service/self-service.fixtures.ts';
import { londonToday } from '../../../lib/dates.ts';

const today = londonToday();
const [year, month, day] = today.split('-') as [string, string, string];
const todayFields = (name: string) => ({ [`${name}[day]`]: day, [`${name}[month]`]: month, [`${name}[year]`]: year });

describe('pause and exit', () => {
  test('pausing needs a future return date', async () => {
    const { app } = await testWorld();
    const world = await buildChampionWorld(app.db);
    const coordinator = await signIn(app, world.coordinator);
    const url = `/organisations/${world.practiceId}/champions/${world.alice.championId}/pause`;
    assert.equal((await coordinator.get(url)).statusCode, 200);
    const past = await coordinator.postForm(url, todayFields('returnOn'));
    assert.equal(past.statusCode, 400);
    assert.match(past.body, /must be in the future/);
    const paused = await coordinator.postForm(url, {
      'returnOn[day]': '1',
      'returnOn[month]': '6',
      'returnOn[year]': String(Number(year) + 1),
    });
    assert.equal(paused.statusCode, 303);
    const champion = await app.db
      .selectFrom('champions')
      .select('stage')
      .where('id', '=', world.alice.championId)
      .executeTakeFirstOrThrow();
    assert.equal(champion.stage, 'paused');
    const departure = await app.db
      .selectFrom('champion_departures')
      .select(['kind', 'return_on'])
      .where('champion_id', '=', world.alice.championId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(departure, { kind: 'pause', return_on: `${Number(year) + 1}-06-01` });
  });

  test('a champion can pause themselves with a return date', async () => {
    const { app } = await testWorld();
    const world = await buildChampionWorld(app.db);
    const bob = await signIn(app, world.bob);
    assert.equal((await bob.get('/champion/pause')).statusCode, 200);
    const empty = await bob.postForm('/champion/pause', {});
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /Enter the date of return/);
    const paused = await bob.postForm('/champion/pause', {
      'returnOn[day]': '2',
      'returnOn[month]': '3',
      'returnOn[year]': String(Number(year) + 1),
    });
    assert.equal(paused.statusCode, 303);
    const page = await bob.get('/champion/pause');
    assert.match(page.body, new RegExp(`You are paused until 02/03/${Number(year) + 1}`));
    const champion = await app.db
      .selectFrom('champions')
      .select('stage')
      .where('id', '=', world.bob.championId)
      .executeTakeFirstOrThrow();
    assert.equal(champion.stage, 'paused');
  });

  test('leaving revokes the log-in, releases future invitations and gives a reference letter from roles and hours', async () => {
    const { app } = await testWorld();
    const world = await buildChampionWorld(app.db);
    const alice = await signIn(app, world.alice);
    await alice.postForm('/champion/hours/new', {
      ...todayFields('workedOn'),
      hours: '2',
      minutes: '15',
      category: 'preparation',
      description: 'Planned the walk',
    });
    const templateId = newId();
    await app.db
      .insertInto('champion_role_templates')
      .values({
        id: templateId,
        organisation_id: world.practiceId,
        name: 'Walk leader',
        description: 'Leads the Tuesday walk',
      })
      .execute();
    await app.db
      .insertInto('champion_role_assignments')
      .values({ id: newId(), champion_id: world.alice.championId, role_template_id: templateId })
      .execute();
    const meetingId = newId();
    await app.db
      .insertInto('champion_meetings')
      .values({
        id: meetingId,
        organisation_id: world.practiceId,
        kind: 'champion_meeting',
        title: 'Next month',
        held_on: `${Number(year) + 1}-01-15`,
        minutes: 60,
      })
      .execute();
    await app.db
      .insertInto('champion_meeting_invitations')
      .values({ meeting_id: meetingId, champion_id: world.alice.championId, organisation_id: world.practiceId })
      .execute();

    const coordinator = await signIn(app, world.coordinator);
    const url = `/organisations/${world.practiceId}/champions/${world.alice.championId}/leave`;
    const bad = await coordinator.postForm(url, { reason: 'bored', suggestion: 'More tea' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Enter the date they left/);
    assert.match(bad.body, /value="More tea"/);
    const left = await coordinator.postForm(url, {
      ...todayFields('leftOn'),
      reason: 'moving_away',
      experience: 'very_good',
      wouldReturn: 'yes',
      wouldRecommend: 'yes',
      suggestion: 'More tea',
    });
    assert.equal(left.statusCode, 303);

    const afterwards = await alice.get('/champion');
    assert.equal(afterwards.statusCode, 303, 'the old session has ended');
    const membership = await app.db
      .selectFrom('memberships')
      .select('id')
      .where('user_id', '=', world.alice.id)
      .where('role', '=', 'champion')
      .execute();
    assert.equal(membership.length, 0);
    const invitations = await app.db
      .selectFrom('champion_meeting_invitations')
      .select('meeting_id')
      .where('champion_id', '=', world.alice.championId)
      .execute();
    assert.equal(invitations.length, 0);
    assert.equal((await coordinator.postForm(url, todayFields('leftOn'))).statusCode, 409);

    const letter = await coordinator.get(
      `/organisations/${world.practiceId}/champions/${world.alice.championId}/reference-letter`,
    );
    assert.equal(letter.statusCode, 200);
    assert.match(letter.body, /Reference for Alice Champion/);
    assert.match(letter.body, /Walk leader/);
    assert.match(letter.body, /2 hours 15 minutes/);
    assert.match(letter.body, /\/static\/reference-letter\.[\w-]{10}\.css/);
    assert.doesNotMatch(letter.body, /<style|style="/);
  });

  test('the reference letter runs from the day they became active to the day they left, with their roles, hours and how many were verified', async () => {
    const { app } = await testWorld();
    const world = await buildChampionWorld(app.db);
    const championId = world.alice.championId;
    // Interested two years ago, active from 14 March last year, paused and active again since.
    const lastYear = Number(year) - 1;
    const history = [
      [null, 'interested', new Date(Date.UTC(lastYear - 1, 10, 2, 12))],
      ['interested', 'active', new Date(Date.UTC(lastYear, 2, 14, 12))],
      ['active', 'paused', new Date(Date.UTC(lastYear, 5, 1, 12))],
      ['paused', 'active', new Date(Date.UTC(lastYear, 8, 1, 12))],
    ] as const;
    for (const [from, to, at] of history) {
      await app.db
        .insertInto('champion_stage_history')
        .values({
          id: newId(),
          champion_id: championId,
          from_stage: from,
          to_stage: to,
          changed_by: null,
          changed_at: at,
        })
        .execute();
    }
    await app.db
      .updateTable('champions')
      .set({ created_at: new Date(Date.UTC(lastYear - 1, 10, 2, 12)) })
      .where('id', '=', championId)
      .execute();
    const templateId = newId();
    await app.db
      .insertInto('champion_role_templates')
      .values({
        id: templateId,
        organisation_id: world.practiceId,
        name: 'Befriender',
        description: 'Visits people who are lonely',
      })
      .execute();
    await app.db
      .insertInto('champion_role_assignments')
      .values({
        id: newId(),
        champion_id: championId,
        role_template_id: templateId,
        assigned_at: new Date(Date.UTC(lastYear, 3, 20, 12)),
      })
      .execute();
    const coordinator = await signIn(app, world.coordinator);
    const url = `/organisations/${world.practiceId}/champions/${championId}`;
    assert.equal((await coordinator.postForm(`${url}/leave`, todayFields('leftOn'))).statusCode, 303);

    const noHours = await coordinator.get(`${url}/reference-letter`);
    assert.match(
      noHours.body,
      new RegExp(`from 14/03/${lastYear} to ${day}/${month}/${year}`),
      'from first becoming active, not first showing interest',
    );
    assert.doesNotMatch(noHours.body, new RegExp(`02/11/${lastYear - 1}`));
    assert.match(
      noHours.body,
      new RegExp(
        `<strong>Befriender</strong> \\(20/04/${lastYear} to ${day}/${month}/${year}\\): Visits people who are lonely`,
      ),
      'the role ended when they left',
    );
    assert.match(noHours.body, /Our records do not show any hours of volunteering for them yet/);

    await app.db
      .insertInto('champion_hours')
      .values([
        {
          id: newId(),
          organisation_id: world.practiceId,
          champion_id: championId,
          worked_on: `${lastYear}-04-02`,
          minutes: 120,
          category: 'preparation',
          description: 'Leaflets',
          status: 'verified',
        },
        {
          id: newId(),
          organisation_id: world.practiceId,
          champion_id: championId,
          worked_on: `${lastYear}-05-02`,
          minutes: 75,
          category: 'travel',
          description: 'Bus',
        },
      ])
      .execute();
    const withHours = await coordinator.get(`${url}/reference-letter`);
    assert.match(
      withHours.body,
      new RegExp(`from 14/03/${lastYear} to ${day}/${month}/${year}`),
      'still from the day they became active, not their first hours',
    );
    assert.match(
      withHours.body,
      /<strong>3 hours 15 minutes<\/strong> of volunteering, 2 hours of it verified by their coordinator/,
    );
    await app.db
      .updateTable('champion_hours')
      .set({ status: 'verified' })
      .where('champion_id', '=', championId)
      .execute();
    assert.match(
      (await coordinator.get(`${url}/reference-letter`)).body,
      /<strong>3 hours 15 minutes<\/strong> of volunteering, all of it verified by their coordinator/,
    );
  });

  test('a champion gets 403 on exit pages; another practice gets 404', async () => {
    const { app } = await testWorld();
    const world = await buildChampionWorld(app.db);
    const bob = await signIn(app, world.bob);
    assert.equal(
      (await bob.get(`/organisations/${world.practiceId}/champions/${world.alice.championId}/leave`)).statusCode,
      403,
    );
    assert.equal(
      (await bob.get(`/organisations/${world.practiceId}/champions/${world.alice.championId}/reference-letter`))
        .statusCode,
      403,
    );
    const other = await buildPractice(app.db);
    const stranger = await signIn(app, await buildPerson(app.db, { roles: [[other, 'coordinator']] }));
    assert.equal(
      (await stranger.get(`/organisations/${world.practiceId}/champions/${world.alice.championId}/reference-letter`))
        .statusCode,
      404,
    );
    assert.equal(
      (await stranger.get(`/organisations/${other}/champions/${world.alice.championId}/reference-letter`)).statusCode,
      404,
    );
  });

  test('after the retention period personal data is minimised and hour and money totals stay', async () => {
    const { app, config } = await testWorld();
    const world = await buildChampionWorld(app.db);
    const alice = await signIn(app, world.alice);
    await alice.postForm('/champion/hours/new', {
      ...todayFields('workedOn'),
      hours: '3',
      minutes: '0',
      category: 'preparation',
      description: 'Preparing the leaflet for Mrs Smith',
    });
    const body = multipartBody(
      {
        _csrf: await alice.csrfToken(),
        'itemDate-0': today,
        'itemKind-0': 'postage_phone',
        'itemDescription-0': 'Stamps',
        'itemAmount-0': '2.40',
      },
      [{ name: 'receipts', fileName: 'r.pdf', type: 'application/pdf', content: SAMPLE_FILES.pdf }],
    );
    await alice.request({
      method: 'POST',
      url: '/champion/expenses/new',
      payload: body.payload,
      headers: { 'content-type': body.contentType },
    });
    const coordinator = await signIn(app, world.coordinator);
    await coordinator.postForm(`/organisations/${world.practiceId}/champions/${world.alice.championId}/leave`, {
      ...todayFields('leftOn'),
      suggestion: 'Keep going',
    });

    assert.equal(config.championRetentionMonths, 24);
    assert.equal(await minimiseFormerChampions(app.db, 24), 0, 'not yet: the retention period has not passed');
    const later = new Date(Date.now() + 25 * 31 * 24 * 3600 * 1000);
    assert.ok((await minimiseFormerChampions(app.db, 24, later)) >= 1);
    const champion = await app.db
      .selectFrom('champions')
      .select(['display_name', 'email', 'user_id'])
      .where('id', '=', world.alice.championId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(champion, { display_name: FORMER_CHAMPION, email: null, user_id: null });
    const hours = await app.db
      .selectFrom('champion_hours')
      .select(['minutes', 'description'])
      .where('champion_id', '=', world.alice.championId)
      .execute();
    assert.deepEqual(hours, [{ minutes: 180, description: '' }]);
    const claims = await app.db
      .selectFrom('expense_claims')
      .select('total_pence')
      .where('champion_id', '=', world.alice.championId)
      .execute();
    assert.deepEqual(claims, [{ total_pence: 240 }]);
    const receipts = await app.db
      .selectFrom('expense_receipts')
      .innerJoin('expense_claims', 'expense_claims.id', 'expense_receipts.claim_id')
      .select('expense_receipts.id')
      .where('expense_claims.champion_id', '=', world.alice.championId)
      .execute();
    assert.equal(receipts.length, 0);
    const departure = await app.db
      .selectFrom('champion_departures')
      .select(['exit_answers', 'minimised_at'])
      .where('champion_id', '=', world.alice.championId)
      .executeTakeFirstOrThrow();
    assert.equal(departure.exit_answers, null);
    assert.ok(departure.minimised_at);
    const csv = await coordinator.get(`/organisations/${world.practiceId}/champion-exports/hours.csv`);
    assert.match(csv.body, /Former champion/);
    assert.doesNotMatch(csv.body, /Alice Champion|Mrs Smith/);
  });
});
