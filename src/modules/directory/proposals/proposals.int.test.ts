import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Agent, signIn } from '../../../../test/helpers/agent.ts';
import { buildService } from '../../../../test/helpers/directory.ts';
import { buildNetwork, buildPerson, buildPractice } from '../../../../test/helpers/factories.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { assertInputKept } from '../services/service-form.fixtures.ts';

/** The service's form as it is now, from its edit-style page, with some fields changed. */
async function formWith(agent: Agent, url: string, changes: Record<string, string>): Promise<Record<string, string>> {
  const page = await agent.get(url);
  assert.equal(page.statusCode, 200, url);
  const fields: Record<string, string> = {};
  for (const match of page.body.matchAll(/<input[^>]*name="([^"]+)"[^>]*>/g)) {
    const tag = match[0];
    const name = match[1] as string;
    const value = /value="([^"]*)"/.exec(tag)?.[1] ?? '';
    if (/type="(radio|checkbox)"/.test(tag) && !/\schecked/.test(tag)) {
      continue;
    }
    if (name !== '_csrf') {
      fields[name] = value
        .replace(/&amp;/g, '&')
        .replace(/&#39;/g, "'")
        .replace(/&quot;/g, '"');
    }
  }
  for (const match of page.body.matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    fields[match[1] as string] = /<option value="([^"]*)" selected/.exec(match[2] as string)?.[1] ?? '';
  }
  for (const match of page.body.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) {
    fields[match[1] as string] = (match[2] as string).trim();
  }
  return { ...fields, ...changes };
}

async function odsCodeOf(organisationId: string): Promise<string> {
  const { app } = await testWorld();
  return (
    await app.db
      .selectFrom('organisations')
      .select('ods_code')
      .where('id', '=', organisationId)
      .executeTakeFirstOrThrow()
  ).ods_code as string;
}

describe('directory proposals and the review queue', () => {
  test('a champion proposes a change; a reviewer sees the field-by-field diff and approves only some of it', async () => {
    const { app } = await testWorld();
    const practice = await buildPractice(app.db);
    const serviceId = await buildService(app.db, {
      ownerId: practice,
      name: 'Knit and Natter',
      postcode: 'LS28 7AA',
      sessions: [['WE', '14:00', '16:00']],
      phone: '0113 496 0001',
      cost: 0,
    });
    const champion = await buildPerson(app.db, { roles: [[practice, 'champion']], displayName: 'Chris Champion' });
    const reviewer = await buildPerson(app.db, { roles: [[practice, 'coordinator']] });
    const championAgent = await signIn(app, champion);
    const form = await formWith(championAgent, `/directory/services/${serviceId}/propose`, {
      phone: '0113 496 0002',
      day0: 'thursday',
      name: 'Knit & Natter',
      comment: 'From their new leaflet',
    });
    const proposed = await championAgent.postForm(`/directory/services/${serviceId}/propose`, form);
    assert.equal(proposed.statusCode, 303);
    const before = await app.db
      .selectFrom('dir_services')
      .select('name')
      .where('id', '=', serviceId)
      .executeTakeFirstOrThrow();
    assert.equal(before.name, 'Knit and Natter', 'nothing changes before review');

    const reviewerAgent = await signIn(app, reviewer);
    const queue = await reviewerAgent.get('/directory/reviews');
    assert.equal(queue.statusCode, 200);
    assert.match(queue.body, /Knit and Natter/);
    assert.match(queue.body, /Name, Contact phone, Opening times/);
    assert.match(queue.body, /Chris Champion \(Signed-in member\)/);
    const proposal = await app.db
      .selectFrom('dir_change_proposals')
      .select(['id', 'source', 'changes'])
      .where('service_id', '=', serviceId)
      .executeTakeFirstOrThrow();
    assert.equal(proposal.source, 'member');
    const review = await reviewerAgent.get(`/directory/reviews/${proposal.id}`);
    assert.match(review.body, /<del>Wednesday 14:00 to 16:00<\/del>/);
    assert.match(review.body, /<ins>Thursday 14:00 to 16:00<\/ins>/);
    assert.match(review.body, /From their new leaflet/);

    const rejectWithoutReason = await reviewerAgent.postForm(`/directory/reviews/${proposal.id}`, {
      decision: 'reject',
    });
    assert.equal(rejectWithoutReason.statusCode, 400);
    assert.match(rejectWithoutReason.body, /Give a reason for rejecting the proposal/);
    const nothingChosen = await reviewerAgent.postForm(`/directory/reviews/${proposal.id}`, { decision: 'approve' });
    assert.equal(nothingChosen.statusCode, 400);
    assert.match(nothingChosen.body, /Select at least one change to accept/);

    const approved = await reviewerAgent.request({
      method: 'POST',
      url: `/directory/reviews/${proposal.id}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(await reviewerAgent.csrfToken())}&decision=approve&accept=phone&accept=schedule`,
    });
    assert.equal(approved.statusCode, 303);
    const after = await app.db
      .selectFrom('dir_services')
      .select('name')
      .where('id', '=', serviceId)
      .executeTakeFirstOrThrow();
    assert.equal(after.name, 'Knit and Natter', 'the unticked name change is not applied');
    const phone = await app.db
      .selectFrom('dir_phones')
      .select('number')
      .where('service_id', '=', serviceId)
      .executeTakeFirstOrThrow();
    assert.equal(phone.number, '0113 496 0002');
    const history = await app.db
      .selectFrom('dir_service_history')
      .select(['source', 'changed_by', 'changes'])
      .where('service_id', '=', serviceId)
      .executeTakeFirstOrThrow();
    assert.equal(history.source, 'proposal');
    assert.equal(history.changed_by, reviewer.id);
    assert.deepEqual(Object.keys(history.changes as object).sort(), [
      'phone',
      'proposalId',
      'proposalSource',
      'schedule',
    ]);
    // The changes made; each look at the queue and the proposal is audited too (directory.*-viewed).
    const actions = await app.db
      .selectFrom('audit_events')
      .select('action')
      .where('organisation_id', '=', practice)
      .where('action', 'like', 'directory.%')
      .where('action', 'not like', '%-viewed')
      .orderBy('at')
      .execute();
    assert.deepEqual(actions.map((row) => row.action).sort(), [
      'directory.change-proposed',
      'directory.proposal-applied',
      'directory.proposal-approved',
    ]);

    const again = await reviewerAgent.postForm(`/directory/reviews/${proposal.id}`, {
      decision: 'reject',
      reason: 'Too late',
    });
    assert.equal(again.statusCode, 409);
    assert.match(again.body, /already been decided/);
  });

  test('the public report a change from the practice directory, with optional contact details, and hear back', async () => {
    const { app, email } = await testWorld();
    const network = await buildNetwork(app.db);
    const practice = await buildPractice(app.db, { networkId: network });
    const serviceId = await buildService(app.db, { ownerId: practice, name: 'Carers Café', postcode: 'LS28 7AA' });
    const odsCode = await odsCodeOf(practice);
    const visitor = new Agent(app);
    const entry = await visitor.get(`/practices/${odsCode}/directory/services/${serviceId}`);
    assert.equal(entry.statusCode, 200);
    assert.match(entry.body, new RegExp(`href="/practices/${odsCode}/directory/services/${serviceId}/report-change"`));
    const url = `/practices/${odsCode}/directory/services/${serviceId}/report-change`;

    const empty = await visitor.postForm(url, await formWith(visitor, url, {}));
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /Change at least one detail, or tell us what is wrong/);
    const badEmail = await visitor.postForm(
      url,
      await formWith(visitor, url, { comment: 'Closed in August', proposerEmail: 'nope' }),
    );
    assert.equal(badEmail.statusCode, 400);
    assert.match(badEmail.body, /Closed in August/);

    const sent = await visitor.postForm(
      url,
      await formWith(visitor, url, {
        comment: 'Closed in August',
        proposerName: 'Pat',
        proposerEmail: 'pat@example.org',
      }),
    );
    assert.equal(sent.statusCode, 303);
    assert.equal((await visitor.get(sent.headers.location as string)).statusCode, 200);
    const proposal = await app.db
      .selectFrom('dir_change_proposals')
      .select(['id', 'source', 'proposer_email', 'proposed_by'])
      .where('service_id', '=', serviceId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      { source: proposal.source, email: proposal.proposer_email, by: proposal.proposed_by },
      { source: 'public', email: 'pat@example.org', by: null },
    );

    const manager = await signIn(app, await buildPerson(app.db, { roles: [[practice, 'practice_manager']] }));
    assert.match((await manager.get(`/directory/reviews/${proposal.id}`)).body, /No details were changed/);
    assert.equal(
      (
        await manager.postForm(`/directory/reviews/${proposal.id}`, {
          decision: 'reject',
          reason: 'It reopens in September',
        })
      ).statusCode,
      303,
    );
    await testWorld().then((world) => world.runJobs());
    const message = email.lastTo('pat@example.org');
    assert.ok(message);
    assert.match(message.body, /It reopens in September/);
  });

  test('a public report with a wrong field shows what is wrong and keeps everything else the person typed', async () => {
    const { app } = await testWorld();
    const practice = await buildPractice(app.db);
    const serviceId = await buildService(app.db, {
      ownerId: practice,
      name: 'Friendship Bench',
      postcode: 'LS28 7AA',
      sessions: [['MO', '10:00', '12:00']],
      phone: '0113 496 0300',
    });
    const odsCode = await odsCodeOf(practice);
    const visitor = new Agent(app);
    const url = `/practices/${odsCode}/directory/services/${serviceId}/report-change`;
    const typed = {
      name: 'Friendship Bench & Tea',
      phone: '0113 496 0301',
      address1: '3 Market Place',
      postcode: 'LS28 7A',
      day0: 'tuesday',
      opens0: '10:30',
      closes0: '12:30',
      languages: 'English, Polish',
      comment: "They've moved to the market",
      proposerName: "Pat O'Brien",
      proposerEmail: 'pat@example.org',
    };
    const badPostcode = await visitor.postForm(url, await formWith(visitor, url, typed));
    assert.equal(badPostcode.statusCode, 400);
    assert.match(badPostcode.body, /nhsuk-error-summary[\s\S]*Enter a full postcode, like LS28 7AA/);
    assertInputKept(badPostcode.body, typed);

    const tooLong = { ...typed, postcode: 'LS28 7AA', comment: 'x'.repeat(2001), proposerName: 'Sam' };
    const longComment = await visitor.postForm(url, await formWith(visitor, url, tooLong));
    assert.equal(longComment.statusCode, 400);
    assert.match(longComment.body, /Comment must be 2,000 characters or fewer/);
    assertInputKept(longComment.body, tooLong);

    const emptyName = { ...typed, name: '', postcode: 'LS28 7AA' };
    const noName = await visitor.postForm(url, await formWith(visitor, url, emptyName));
    assert.equal(noName.statusCode, 400);
    assert.match(noName.body, /Enter the name of the service/);
    assertInputKept(noName.body, emptyName);
    assert.equal(
      await app.db
        .selectFrom('dir_change_proposals')
        .select('id')
        .where('service_id', '=', serviceId)
        .executeTakeFirst(),
      undefined,
      'nothing was sent for review',
    );
  });

  test('public pages show only active, published entries of the directory, and 404 for others', async () => {
    const { app } = await testWorld();
    const network = await buildNetwork(app.db);
    const practice = await buildPractice(app.db, { networkId: network });
    const sibling = await buildPractice(app.db, { networkId: network });
    const stranger = await buildPractice(app.db);
    const shared = await buildService(app.db, { ownerId: sibling, name: 'Shared across the network' });
    const draft = await buildService(app.db, { ownerId: practice, name: 'Draft entry', published: false });
    const closed = await buildService(app.db, { ownerId: practice, name: 'Closed entry', status: 'defunct' });
    const elsewhere = await buildService(app.db, { ownerId: stranger, name: 'Somewhere else' });
    const [odsCode, networkOds] = [await odsCodeOf(practice), await odsCodeOf(network)];
    const visitor = new Agent(app);
    assert.equal((await visitor.get(`/practices/${odsCode}/directory/services/${shared}`)).statusCode, 200);
    assert.equal((await visitor.get(`/networks/${networkOds}/directory/services/${shared}`)).statusCode, 200);
    for (const id of [draft, closed, elsewhere]) {
      assert.equal((await visitor.get(`/practices/${odsCode}/directory/services/${id}`)).statusCode, 404);
      assert.equal((await visitor.get(`/practices/${odsCode}/directory/services/${id}/report-change`)).statusCode, 404);
    }
    const print = await visitor.get(
      `/practices/${odsCode}/directory/print?ids=${shared}&ids=${draft}&ids=${elsewhere}&ids=junk`,
    );
    assert.equal(print.statusCode, 200);
    assert.match(print.body, /Shared across the network/);
    assert.doesNotMatch(print.body, /Draft entry|Somewhere else/);
    assert.match(print.body, /href="\/static\/directory\.[\w-]{10}\.css"/);
    assert.equal(
      (await visitor.get(`/practices/${odsCode}/directory/print?ids=${draft}`)).statusCode,
      404,
      'none of the chosen entries is public',
    );
    assert.equal((await visitor.get(`/practices/${odsCode}/directory/print`)).statusCode, 400, 'nothing chosen');
    assert.equal(
      (await visitor.get(`/practices/${networkOds}/directory`)).statusCode,
      404,
      'a network code is not a practice',
    );
    assert.equal((await visitor.get('/practices/nope!/directory')).statusCode, 404);
  });

  test('tenancy: a reviewer of another practice gets 404 for this practice’s queue, proposals and decisions', async () => {
    const { app } = await testWorld();
    const practiceA = await buildPractice(app.db);
    const practiceB = await buildPractice(app.db);
    const serviceId = await buildService(app.db, { ownerId: practiceA, name: 'Practice A only' });
    const champion = await signIn(app, await buildPerson(app.db, { roles: [[practiceA, 'champion']] }));
    assert.equal(
      (
        await champion.postForm(
          `/directory/services/${serviceId}/propose`,
          await formWith(champion, `/directory/services/${serviceId}/propose`, { name: 'Renamed' }),
        )
      ).statusCode,
      303,
    );
    const proposal = await app.db
      .selectFrom('dir_change_proposals')
      .select('id')
      .where('service_id', '=', serviceId)
      .executeTakeFirstOrThrow();

    const managerB = await signIn(app, await buildPerson(app.db, { roles: [[practiceB, 'practice_manager']] }));
    assert.equal((await managerB.get(`/directory/reviews?organisation=${practiceA}`)).statusCode, 404);
    assert.equal((await managerB.get(`/directory/reviews/${proposal.id}`)).statusCode, 404);
    assert.equal(
      (await managerB.postForm(`/directory/reviews/${proposal.id}`, { decision: 'approve', accept: 'name' }))
        .statusCode,
      404,
    );
    const ownQueue = await managerB.get('/directory/reviews');
    assert.equal(ownQueue.statusCode, 200);
    assert.doesNotMatch(ownQueue.body, /Practice A only/);
    assert.equal((await champion.get('/directory/reviews')).statusCode, 403, 'champions propose but do not review');
    assert.equal((await champion.get(`/directory/reviews/${proposal.id}`)).statusCode, 403);
  });
});
