import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { signIn } from '../../../../test/helpers/agent.ts';
import { buildPerson, buildPractice } from '../../../../test/helpers/factories.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { newId } from '../../../lib/ids.ts';
import { taxYearOf } from './mileage.rules.ts';
import { buildChampionWorld, SAMPLE_FILES, sendClaim } from '../self-service/self-service.fixtures.ts';
import { londonToday } from '../../../lib/dates.ts';

const today = londonToday();

const busFare = {
  'itemDate-0': today,
  'itemKind-0': 'travel',
  'itemDescription-0': 'Bus to the surgery',
  'itemAmount-0': '4.50',
};

async function latestClaimId(app: FastifyInstance, championId: string): Promise<string> {
  const row = await app.db
    .selectFrom('expense_claims')
    .select('id')
    .where('champion_id', '=', championId)
    .orderBy('submitted_at', 'desc')
    .executeTakeFirstOrThrow();
  return row.id;
}

describe('expenses: a champion claims with receipts and mileage', () => {
  test('a claim with a cost, a receipt and a car journey is priced at 45p a mile and kept with its receipt', async () => {
    const { app } = await testWorld();
    const world = await buildChampionWorld(app.db);
    const alice = await signIn(app, world.alice);
    const response = await sendClaim(
      alice,
      {
        ...busFare,
        'journeyDate-0': today,
        'journeyVehicle-0': 'car',
        'journeyMiles-0': '12',
        'journeyDescription-0': 'Walking group, there and back',
      },
      [{ fileName: 'bus-ticket.pdf', type: 'application/pdf', content: SAMPLE_FILES.pdf }],
    );
    assert.equal(response.statusCode, 303, response.body.slice(0, 500));
    const claimId = await latestClaimId(app, world.alice.championId);
    const claim = await app.db
      .selectFrom('expense_claims')
      .selectAll()
      .where('id', '=', claimId)
      .executeTakeFirstOrThrow();
    assert.equal(claim.total_pence, 450 + 12 * 45);
    const page = await alice.get(`/champion/expenses/${claimId}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /£9\.90/);
    const receipt = await app.db
      .selectFrom('expense_receipts')
      .select(['id', 'content_type'])
      .where('claim_id', '=', claimId)
      .executeTakeFirstOrThrow();
    assert.equal(receipt.content_type, 'application/pdf');
    const download = await alice.get(`/champion/expenses/${claimId}/receipts/${receipt.id}`);
    assert.equal(download.statusCode, 200);
    assert.equal(download.headers['content-type'], 'application/pdf');
    assert.deepEqual(download.rawPayload, SAMPLE_FILES.pdf);
    const audited = await app.db
      .selectFrom('audit_events')
      .select('action')
      .where('subject_id', '=', receipt.id)
      .execute();
    assert.deepEqual(
      audited.map((row) => row.action),
      ['champion.receipt-downloaded'],
    );
  });

  test('the 10,000-mile threshold counts across claims in the tax year: the journey that crosses it is split', async () => {
    const { app } = await testWorld();
    const world = await buildChampionWorld(app.db);
    const earlierClaim = newId();
    await app.db
      .insertInto('expense_claims')
      .values({
        id: earlierClaim,
        organisation_id: world.practiceId,
        champion_id: world.alice.championId,
        total_pence: 449_775,
      })
      .execute();
    await app.db
      .insertInto('expense_items')
      .values({
        id: newId(),
        claim_id: earlierClaim,
        organisation_id: world.practiceId,
        champion_id: world.alice.championId,
        spent_on: today,
        kind: 'mileage',
        description: 'Earlier journeys',
        amount_pence: 449_775,
        vehicle: 'car',
        miles: 9_995,
        tax_year: taxYearOf(today),
      })
      .execute();
    const alice = await signIn(app, world.alice);
    const response = await sendClaim(alice, {
      'journeyDate-0': today,
      'journeyVehicle-0': 'car',
      'journeyMiles-0': '10',
      'journeyDescription-0': 'Steering group',
    });
    assert.equal(response.statusCode, 303);
    const claim = await app.db
      .selectFrom('expense_claims')
      .select('total_pence')
      .where('id', '=', await latestClaimId(app, world.alice.championId))
      .executeTakeFirstOrThrow();
    assert.equal(claim.total_pence, 5 * 45 + 5 * 25);
    const form = await alice.get('/champion/expenses/new');
    assert.match(form.body, /Car or van: 45p a mile for the first 10,000 miles in the tax year, then 25p/);
    assert.match(form.body, /You have claimed 10,005 miles by car or van since 6 April/);
    const bicycle = await sendClaim(alice, {
      'journeyDate-0': today,
      'journeyVehicle-0': 'bicycle',
      'journeyMiles-0': '3',
      'journeyDescription-0': 'To the library',
    });
    assert.equal(bicycle.statusCode, 303);
    const cycled = await app.db
      .selectFrom('expense_claims')
      .select('total_pence')
      .where('id', '=', await latestClaimId(app, world.alice.championId))
      .executeTakeFirstOrThrow();
    assert.equal(cycled.total_pence, 60);
  });

  test('uploads over 5 MB, of the wrong type or without a receipt are refused with a clear message and the input kept', async () => {
    const { app } = await testWorld();
    const world = await buildChampionWorld(app.db);
    const alice = await signIn(app, world.alice);
    const tooBig = await sendClaim(alice, busFare, [
      {
        fileName: 'scan.pdf',
        type: 'application/pdf',
        content: Buffer.concat([SAMPLE_FILES.pdf, Buffer.alloc(5 * 1024 * 1024)]),
      },
    ]);
    assert.equal(tooBig.statusCode, 413);
    assert.match(tooBig.body, /too big: it must be 5 MB or smaller/);
    assert.match(tooBig.body, /value="Bus to the surgery"/);
    const disguised = await sendClaim(alice, busFare, [
      {
        fileName: 'receipt.pdf',
        type: 'application/pdf',
        content: Buffer.from('MZ\x90\x00 this is a program, not a receipt'),
      },
    ]);
    assert.equal(disguised.statusCode, 415);
    assert.match(disguised.body, /must be a PDF, JPEG, PNG or HEIC file/);
    const wrongName = await sendClaim(alice, busFare, [
      { fileName: 'receipt.exe', type: 'application/octet-stream', content: SAMPLE_FILES.png },
    ]);
    assert.equal(wrongName.statusCode, 415);
    const noReceipt = await sendClaim(alice, busFare);
    assert.equal(noReceipt.statusCode, 400);
    assert.match(noReceipt.body, /Attach a receipt for your costs/);
    const badAmount = await sendClaim(alice, { ...busFare, 'itemAmount-0': 'four pounds' }, [
      { fileName: 'a.png', type: 'image/png', content: SAMPLE_FILES.png },
    ]);
    assert.equal(badAmount.statusCode, 400);
    assert.match(badAmount.body, /Enter an amount in pounds and pence/);
    assert.match(badAmount.body, /value="four pounds"/);
    const nothing = await sendClaim(alice, {});
    assert.equal(nothing.statusCode, 400);
    const noCsrf = await sendClaim(
      alice,
      busFare,
      [{ fileName: 'a.jpg', type: 'image/jpeg', content: SAMPLE_FILES.jpeg }],
      { withCsrf: false },
    );
    assert.equal(noCsrf.statusCode, 403);
    const garbled = await alice.request({
      method: 'POST',
      url: '/champion/expenses/new',
      payload: '--x\r\nnonsense',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
    });
    assert.ok(garbled.statusCode >= 400 && garbled.statusCode < 500, `garbled upload gave ${garbled.statusCode}`);
    const count = await app.db
      .selectFrom('expense_claims')
      .select('id')
      .where('champion_id', '=', world.alice.championId)
      .execute();
    assert.equal(count.length, 0);
    const heic = await sendClaim(alice, busFare, [
      { fileName: 'IMG_0001.HEIC', type: 'image/heic', content: SAMPLE_FILES.heic },
    ]);
    assert.equal(heic.statusCode, 303);
  });
});

describe('expenses: at most three receipts', () => {
  test('a fourth receipt is refused with a clear message (413), the input kept and nothing stored; three are fine', async () => {
    const { app } = await testWorld();
    const world = await buildChampionWorld(app.db);
    const alice = await signIn(app, world.alice);
    const receipt = (index: number) => ({
      fileName: `ticket-${index}.pdf`,
      type: 'application/pdf',
      content: SAMPLE_FILES.pdf,
    });
    const four = await sendClaim(alice, busFare, [1, 2, 3, 4].map(receipt));
    assert.equal(four.statusCode, 413);
    assert.match(four.body, /Attach up to 3 receipts, each 5 MB or smaller/);
    assert.match(four.body, /value="Bus to the surgery"/);
    assert.equal(
      (
        await app.db
          .selectFrom('expense_claims')
          .select('id')
          .where('champion_id', '=', world.alice.championId)
          .execute()
      ).length,
      0,
    );
    const three = await sendClaim(alice, busFare, [1, 2, 3].map(receipt));
    assert.equal(three.statusCode, 303);
    const stored = await app.db
      .selectFrom('expense_receipts')
      .select('file_name')
      .where('claim_id', '=', await latestClaimId(app, world.alice.championId))
      .orderBy('file_name')
      .execute();
    assert.deepEqual(
      stored.map((row) => row.file_name),
      ['ticket-1.pdf', 'ticket-2.pdf', 'ticket-3.pdf'],
    );
  });
});

describe('expenses: privacy and approval', () => {
  test("another champion's claim and receipt are 404; another practice's coordinator gets 404; a champion gets 403 on coordinator pages", async () => {
    const { app } = await testWorld();
    const world = await buildChampionWorld(app.db);
    const alice = await signIn(app, world.alice);
    await sendClaim(alice, busFare, [{ fileName: 'ticket.png', type: 'image/png', content: SAMPLE_FILES.png }]);
    const claimId = await latestClaimId(app, world.alice.championId);
    const receipt = await app.db
      .selectFrom('expense_receipts')
      .select('id')
      .where('claim_id', '=', claimId)
      .executeTakeFirstOrThrow();

    const bob = await signIn(app, world.bob);
    assert.equal((await bob.get(`/champion/expenses/${claimId}`)).statusCode, 404);
    assert.equal((await bob.get(`/champion/expenses/${claimId}/receipts/${receipt.id}`)).statusCode, 404);
    for (const url of [
      `/organisations/${world.practiceId}/expense-claims`,
      `/organisations/${world.practiceId}/expense-claims/${claimId}`,
      `/organisations/${world.practiceId}/champion-hours`,
      `/organisations/${world.practiceId}/champion-exports/expenses.csv`,
    ]) {
      assert.equal((await bob.get(url)).statusCode, 403, url);
    }

    const otherPractice = await buildPractice(app.db);
    const outsider = await signIn(app, await buildPerson(app.db, { roles: [[otherPractice, 'coordinator']] }));
    for (const url of [
      `/organisations/${world.practiceId}/expense-claims/${claimId}`,
      `/organisations/${world.practiceId}/expense-claims/${claimId}/receipts/${receipt.id}`,
      `/organisations/${otherPractice}/expense-claims/${claimId}`,
      `/organisations/${otherPractice}/expense-claims/${claimId}/receipts/${receipt.id}`,
      `/organisations/${world.practiceId}/champion-exports/hours.csv`,
    ]) {
      assert.equal((await outsider.get(url)).statusCode, 404, url);
    }

    const coordinator = await signIn(app, world.coordinator);
    const download = await coordinator.get(
      `/organisations/${world.practiceId}/expense-claims/${claimId}/receipts/${receipt.id}`,
    );
    assert.equal(download.statusCode, 200);
    assert.equal(download.headers['content-type'], 'image/png');
  });

  test('a coordinator approves a claim, and must give a reason to reject one', async () => {
    const { app } = await testWorld();
    const world = await buildChampionWorld(app.db);
    const alice = await signIn(app, world.alice);
    await sendClaim(alice, busFare, [{ fileName: 'ticket.jpg', type: 'image/jpeg', content: SAMPLE_FILES.jpeg }]);
    const first = await latestClaimId(app, world.alice.championId);
    await sendClaim(alice, { ...busFare, 'itemAmount-0': '7' }, [
      { fileName: 'ticket.jpg', type: 'image/jpeg', content: SAMPLE_FILES.jpeg },
    ]);
    const second = await latestClaimId(app, world.alice.championId);
    const coordinator = await signIn(app, world.coordinator);
    const base = `/organisations/${world.practiceId}/expense-claims`;

    assert.equal((await coordinator.get(base)).statusCode, 200);
    const approved = await coordinator.postForm(`${base}/${first}/decision`, { decision: 'approve', reason: '' });
    assert.equal(approved.statusCode, 303);
    const again = await coordinator.postForm(`${base}/${first}/decision`, {
      decision: 'reject',
      reason: 'Changed my mind',
    });
    assert.equal(again.statusCode, 409);
    const noReason = await coordinator.postForm(`${base}/${second}/decision`, { decision: 'reject', reason: '  ' });
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /Enter a reason for rejecting the claim/);
    const rejected = await coordinator.postForm(`${base}/${second}/decision`, {
      decision: 'reject',
      reason: 'No receipt for the second ticket',
    });
    assert.equal(rejected.statusCode, 303);
    const statuses = await app.db
      .selectFrom('expense_claims')
      .select(['id', 'status', 'decision_reason'])
      .where('champion_id', '=', world.alice.championId)
      .execute();
    assert.equal(statuses.find((row) => row.id === first)?.status, 'approved');
    assert.equal(statuses.find((row) => row.id === second)?.decision_reason, 'No receipt for the second ticket');
    const mine = await alice.get(`/champion/expenses/${second}`);
    assert.match(mine.body, /No receipt for the second ticket/);
  });
});
