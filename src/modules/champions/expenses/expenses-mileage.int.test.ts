import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { signIn } from '../../../../test/helpers/agent.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { newId } from '../../../lib/ids.ts';
import type { Vehicle } from '../champion-activity.tables.ts';
import { listMileageRates } from './mileage.repo.ts';
import { type MileageRate, rateOn, taxYearOf } from './mileage.rules.ts';
import { buildChampionWorld, sendClaim } from '../self-service/self-service.fixtures.ts';
import { londonToday } from '../../../lib/dates.ts';

const today = londonToday();

/** The configured rate for a vehicle on a date (the test relies on the table, not on 45p and 25p). */
async function rateFor(
  app: FastifyInstance,
  vehicle: Vehicle,
  isoDate: string,
): Promise<MileageRate & { thresholdMiles: number; pencePerMileAfter: number }> {
  const rate = rateOn(await listMileageRates(app.db), vehicle, isoDate);
  assert.ok(
    rate && rate.thresholdMiles !== null && rate.pencePerMileAfter !== null,
    `a ${vehicle} rate with a threshold on ${isoDate}`,
  );
  return { ...rate, thresholdMiles: rate.thresholdMiles, pencePerMileAfter: rate.pencePerMileAfter };
}

/** An earlier claim with car miles in a tax year, inserted as if already priced (tests only). */
async function earlierMiles(
  app: FastifyInstance,
  world: { practiceId: string; championId: string },
  miles: number,
  spentOn: string,
  status: 'submitted' | 'approved' = 'approved',
): Promise<string> {
  const claimId = newId();
  await app.db
    .insertInto('expense_claims')
    .values({
      id: claimId,
      organisation_id: world.practiceId,
      champion_id: world.championId,
      total_pence: 0,
      submitted_at: new Date(Date.now() - 86_400_000),
    })
    .execute();
  await app.db
    .insertInto('expense_items')
    .values({
      id: newId(),
      claim_id: claimId,
      organisation_id: world.practiceId,
      champion_id: world.championId,
      spent_on: spentOn,
      kind: 'mileage',
      description: 'Earlier journeys',
      amount_pence: 0,
      vehicle: 'car',
      miles,
      tax_year: taxYearOf(spentOn),
    })
    .execute();
  if (status === 'approved') {
    await app.db
      .updateTable('expense_claims')
      .set({ status: 'approved', decided_at: new Date() })
      .where('id', '=', claimId)
      .execute();
  }
  return claimId;
}

async function latestClaim(app: FastifyInstance, championId: string) {
  const claim = await app.db
    .selectFrom('expense_claims')
    .select(['id', 'total_pence'])
    .where('champion_id', '=', championId)
    .orderBy('submitted_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  const lines = await app.db
    .selectFrom('expense_items')
    .select(['spent_on', 'miles', 'amount_pence', 'tax_year'])
    .where('claim_id', '=', claim.id)
    .orderBy('position')
    .execute();
  return { ...claim, lines };
}

/** Car journeys on the claim form: [date, miles] per line. */
function journeys(lines: [string, number][]): Record<string, string> {
  return Object.fromEntries(
    lines.flatMap(([date, miles], index) => [
      [`journeyDate-${index}`, date],
      [`journeyVehicle-${index}`, 'car'],
      [`journeyMiles-${index}`, String(miles)],
      [`journeyDescription-${index}`, `Journey ${index + 1}`],
    ]),
  );
}

describe('expenses: mileage across the 10,000-mile threshold, through the claim form', () => {
  test('three journeys of 1,000 miles on top of 9,500 this tax year: 500 miles at the first rate and 2,500 at the second', async () => {
    const { app } = await testWorld();
    const world = await buildChampionWorld(app.db);
    const rate = await rateFor(app, 'car', today);
    await earlierMiles(
      app,
      { practiceId: world.practiceId, championId: world.alice.championId },
      rate.thresholdMiles - 500,
      today,
    );
    const alice = await signIn(app, world.alice);
    const sent = await sendClaim(
      alice,
      journeys([
        [today, 1000],
        [today, 1000],
        [today, 1000],
      ]),
    );
    assert.equal(sent.statusCode, 303, sent.body.slice(0, 300));

    const claim = await latestClaim(app, world.alice.championId);
    const first = 500 * rate.pencePerMile;
    const second = 2500 * rate.pencePerMileAfter;
    assert.equal(claim.total_pence, first + second);
    assert.deepEqual(
      claim.lines.map((line) => line.amount_pence),
      [
        500 * rate.pencePerMile + 500 * rate.pencePerMileAfter,
        1000 * rate.pencePerMileAfter,
        1000 * rate.pencePerMileAfter,
      ],
    );
    if (rate.pencePerMile === 45 && rate.pencePerMileAfter === 25) {
      assert.equal(claim.total_pence, 85_000, '500 × 45p + 2,500 × 25p = £850.00');
    }
    assert.match(
      (await alice.get(`/champion/expenses/${claim.id}`)).body,
      new RegExp(`£${((first + second) / 100).toLocaleString('en-GB', { minimumFractionDigits: 2 })}`),
    );
  });

  test('5 April straddles the threshold in the tax year it ends; 6 April starts a new year at the first rate', async () => {
    const { app } = await testWorld();
    const world = await buildChampionWorld(app.db);
    // The latest 6 April that is not in the future, and the 5 April before it.
    const year = today.slice(5) >= '04-06' ? Number(today.slice(0, 4)) : Number(today.slice(0, 4)) - 1;
    const [fifth, sixth] = [`${year}-04-05`, `${year}-04-06`];
    assert.equal(taxYearOf(fifth), year - 1);
    assert.equal(taxYearOf(sixth), year);
    const oldRate = await rateFor(app, 'car', fifth);
    const newRate = await rateFor(app, 'car', sixth);
    await earlierMiles(
      app,
      { practiceId: world.practiceId, championId: world.alice.championId },
      oldRate.thresholdMiles - 5,
      `${year}-03-20`,
    );
    const alice = await signIn(app, world.alice);
    // The later journey first on the form: they are priced in date order.
    const sent = await sendClaim(
      alice,
      journeys([
        [sixth, 10],
        [fifth, 10],
      ]),
    );
    assert.equal(sent.statusCode, 303, sent.body.slice(0, 300));

    const claim = await latestClaim(app, world.alice.championId);
    const byDate = new Map(claim.lines.map((line) => [String(line.spent_on), line]));
    assert.deepEqual(byDate.get(fifth), {
      spent_on: fifth,
      miles: 10,
      tax_year: year - 1,
      amount_pence: 5 * oldRate.pencePerMile + 5 * oldRate.pencePerMileAfter,
    });
    assert.deepEqual(byDate.get(sixth), {
      spent_on: sixth,
      miles: 10,
      tax_year: year,
      amount_pence: 10 * newRate.pencePerMile,
    });
    assert.equal(
      claim.total_pence,
      5 * oldRate.pencePerMile + 5 * oldRate.pencePerMileAfter + 10 * newRate.pencePerMile,
    );
  });
});

describe('expenses: a rejected claim’s miles no longer count', () => {
  test('rejecting a claim prices again the later claims still waiting in that tax year; approved and earlier ones stay as they are', async () => {
    const { app } = await testWorld();
    const world = await buildChampionWorld(app.db);
    const rate = await rateFor(app, 'car', today);
    const alice = await signIn(app, world.alice);
    const coordinator = await signIn(app, world.coordinator);
    const decide = (claimId: string, fields: Record<string, string>) =>
      coordinator.postForm(`/organisations/${world.practiceId}/expense-claims/${claimId}/decision`, fields);
    await earlierMiles(
      app,
      { practiceId: world.practiceId, championId: world.alice.championId },
      rate.thresholdMiles - 550,
      today,
    );

    const send = async (miles: number, vehicle: Vehicle = 'car') => {
      const sent = await sendClaim(alice, {
        'journeyDate-0': today,
        'journeyVehicle-0': vehicle,
        'journeyMiles-0': String(miles),
        'journeyDescription-0': `${miles} miles`,
      });
      assert.equal(sent.statusCode, 303, sent.body.slice(0, 300));
      return latestClaim(app, world.alice.championId);
    };
    const earlier = await send(50); // 50 at the first rate: 500 left in the band
    const rejected = await send(1000); // 500 first, 500 second
    const approved = await send(100); // all at the second rate
    assert.equal((await decide(approved.id, { decision: 'approve', reason: '' })).statusCode, 303);
    const waiting = await send(300); // all at the second rate
    const waitingToo = await send(400); // all at the second rate
    const cycled = await send(20, 'bicycle');
    assert.equal(rejected.total_pence, 500 * rate.pencePerMile + 500 * rate.pencePerMileAfter);
    assert.equal(waiting.total_pence, 300 * rate.pencePerMileAfter);

    const rejection = await decide(rejected.id, { decision: 'reject', reason: 'Not a volunteering journey' });
    assert.equal(rejection.statusCode, 303);
    assert.match(rejection.headers.location ?? '', /done=reject&repriced=2$/);
    assert.match(
      (await coordinator.get(rejection.headers.location ?? '')).body,
      /Claim rejected\. 2 later claims still waiting were priced again/,
    );

    const total = async (claimId: string) =>
      (
        await app.db
          .selectFrom('expense_claims')
          .select('total_pence')
          .where('id', '=', claimId)
          .executeTakeFirstOrThrow()
      ).total_pence;
    // Before the rejected claim: 9,500 miles approved and 50 waiting; the approved 100 stays as paid.
    assert.equal(await total(earlier.id), 50 * rate.pencePerMile, 'sent before the rejected claim: unchanged');
    assert.equal(await total(approved.id), 100 * rate.pencePerMileAfter, 'approved: stays as paid');
    // 9,450 + 50 + 100 = 9,600 miles before the first waiting claim: its 300 fit in the first band.
    assert.equal(await total(waiting.id), 300 * rate.pencePerMile);
    // 9,900 before the next: 100 at the first rate, 300 at the second.
    assert.equal(await total(waitingToo.id), 100 * rate.pencePerMile + 300 * rate.pencePerMileAfter);
    const lines = await app.db
      .selectFrom('expense_items')
      .select('amount_pence')
      .where('claim_id', '=', waitingToo.id)
      .execute();
    assert.deepEqual(
      lines.map((line) => line.amount_pence),
      [100 * rate.pencePerMile + 300 * rate.pencePerMileAfter],
    );
    assert.equal(await total(cycled.id), cycled.total_pence, 'a bicycle journey has no threshold');
    assert.equal(await total(rejected.id), rejected.total_pence, 'the rejected claim keeps what it asked for');
    const audited = await app.db
      .selectFrom('audit_events')
      .select(['subject_id', 'details'])
      .where('action', '=', 'champion.expense-repriced')
      .where('organisation_id', '=', world.practiceId)
      .execute();
    assert.deepEqual(audited.map((event) => event.subject_id).sort(), [waiting.id, waitingToo.id].sort());
    assert.match(
      (await alice.get(`/champion/expenses/${waiting.id}`)).body,
      new RegExp(`£${((300 * rate.pencePerMile) / 100).toFixed(2)}`),
    );

    // A new claim now is priced on the same footing: 9,450 + 50 + 100 + 300 + 400 = 10,300.
    assert.equal((await send(10)).total_pence, 10 * rate.pencePerMileAfter);
    // Approving a claim never re-prices anything.
    const beforeApproval = await total(waitingToo.id);
    assert.match(
      (await decide(waiting.id, { decision: 'approve', reason: '' })).headers.location ?? '',
      /done=approve$/,
    );
    assert.equal(await total(waitingToo.id), beforeApproval);
  });
});
