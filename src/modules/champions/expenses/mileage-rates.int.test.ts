import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Agent } from '../../../../test/helpers/agent.ts';
import { signIn } from '../../../../test/helpers/agent.ts';
import { buildPerson, buildPractice } from '../../../../test/helpers/factories.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { newId } from '../../../lib/ids.ts';
import { taxYearOf } from './mileage.rules.ts';
import { buildChampionWorld, multipartBody } from '../self-service/self-service.fixtures.ts';
import { londonToday } from '../../../lib/dates.ts';

const today = londonToday();
const [year, month, day] = today.split('-') as [string, string, string];

async function claimJourney(agent: Agent, vehicle: string, miles: number) {
  const body = multipartBody(
    {
      _csrf: await agent.csrfToken(),
      'journeyDate-0': today,
      'journeyVehicle-0': vehicle,
      'journeyMiles-0': String(miles),
      'journeyDescription-0': 'To the steering group',
    },
    [],
  );
  return agent.request({
    method: 'POST',
    url: '/champion/expenses/new',
    payload: body.payload,
    headers: { 'content-type': body.contentType },
  });
}

describe('mileage: the rate table is kept by system administrators', () => {
  test('an administrator lists the rates and adds one from a date; new journeys use it, claims already made keep theirs', async () => {
    const world = await testWorld();
    const { app } = world;
    const people = await buildChampionWorld(app.db);
    const alice = await signIn(app, people.alice);
    assert.equal((await claimJourney(alice, 'motorcycle', 10)).statusCode, 303);
    const before = await app.db
      .selectFrom('expense_claims')
      .select(['id', 'total_pence'])
      .where('champion_id', '=', people.alice.championId)
      .executeTakeFirstOrThrow();
    assert.equal(before.total_pence, 240, '24p a mile');

    const admin = await signIn(
      app,
      await buildPerson(app.db, { admin: true, totpSecret: 'JBSWY3DPEHPK3PXP', config: world.config }),
    );
    assert.equal(
      (await signIn(app, people.coordinator).then((agent) => agent.get('/admin/mileage-rates'))).statusCode,
      403,
      'administrators only',
    );
    const list = await admin.get('/admin/mileage-rates');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /45p a mile for the first 10,000 miles in a tax year, then 25p/);

    const bad = await admin.postForm('/admin/mileage-rates', {
      vehicle: 'car',
      'validFrom[day]': '31',
      'validFrom[month]': '2',
      'validFrom[year]': year,
      pencePerMile: '55',
      thresholdMiles: '',
      pencePerMileAfter: 'lots',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /The date the rate starts must be a real date/);
    assert.match(bad.body, /Enter the miles in a tax year at the first rate/);
    assert.match(bad.body, /Enter the pence per mile after the threshold/);
    assert.match(bad.body, /value="55"/);
    assert.match(bad.body, /value="lots"/);
    const secondRate = await admin.postForm('/admin/mileage-rates', {
      vehicle: 'bicycle',
      'validFrom[day]': day,
      'validFrom[month]': month,
      'validFrom[year]': year,
      pencePerMile: '22',
      thresholdMiles: '100',
      pencePerMileAfter: '',
    });
    assert.equal(secondRate.statusCode, 400);
    assert.match(secondRate.body, /Only cars and vans have a second rate: leave this empty/);

    const added = await admin.postForm('/admin/mileage-rates', {
      vehicle: 'motorcycle',
      'validFrom[day]': day,
      'validFrom[month]': month,
      'validFrom[year]': year,
      pencePerMile: '30',
      thresholdMiles: '',
      pencePerMileAfter: '',
    });
    try {
      assert.equal(added.statusCode, 303);
      const shown = await admin.get(added.headers.location ?? '');
      assert.match(shown.body, /Rate added/);
      assert.match(shown.body, /30p a mile[\s\S]*In force today/);
      const duplicate = await admin.postForm('/admin/mileage-rates', {
        vehicle: 'motorcycle',
        'validFrom[day]': day,
        'validFrom[month]': month,
        'validFrom[year]': year,
        pencePerMile: '31',
      });
      assert.equal(duplicate.statusCode, 400);
      assert.match(duplicate.body, /There is already a motorcycle rate from this date/);
      const audited = await app.db
        .selectFrom('audit_events')
        .select('details')
        .where('action', '=', 'mileage-rate.added')
        .orderBy('at', 'desc')
        .executeTakeFirstOrThrow();
      assert.match(JSON.stringify(audited.details), /motorcycle/);

      assert.equal((await claimJourney(alice, 'motorcycle', 10)).statusCode, 303);
      const totals = await app.db
        .selectFrom('expense_claims')
        .select(['id', 'total_pence'])
        .where('champion_id', '=', people.alice.championId)
        .execute();
      assert.equal(
        totals.find((claim) => claim.id === before.id)?.total_pence,
        240,
        'the earlier claim keeps its rate',
      );
      assert.ok(
        totals.some((claim) => claim.id !== before.id && claim.total_pence === 300),
        'a new journey is priced at 30p',
      );
    } finally {
      await app.db
        .deleteFrom('mileage_rates')
        .where('vehicle', '=', 'motorcycle')
        .where('valid_from', '=', today)
        .execute();
    }
  });
});

describe('mileage: the 10,000-mile threshold is the person’s', () => {
  test('miles claimed at other practices, through the same log-in or the same email, count towards the threshold', async () => {
    const { app } = await testWorld();
    const practiceA = await buildPractice(app.db);
    const practiceB = await buildPractice(app.db);
    const practiceC = await buildPractice(app.db);
    const person = await buildPerson(app.db, {
      roles: [
        [practiceA, 'champion'],
        [practiceB, 'champion'],
      ],
      displayName: 'Mo Milesahead',
    });
    const [atA, atB, atC] = [newId(), newId(), newId()];
    await app.db
      .insertInto('champions')
      .values([
        {
          id: atA,
          organisation_id: practiceA,
          user_id: person.id,
          display_name: 'Mo Milesahead',
          email: person.email,
          stage: 'active',
        },
        {
          id: atB,
          organisation_id: practiceB,
          user_id: person.id,
          display_name: 'Mo Milesahead',
          email: null,
          stage: 'active',
        },
        // No log-in at the third practice, but the same email address.
        {
          id: atC,
          organisation_id: practiceC,
          user_id: null,
          display_name: 'Mo M',
          email: person.email.toUpperCase(),
          stage: 'active',
        },
      ])
      .execute();
    for (const [organisationId, championId, miles] of [
      [practiceB, atB, 5_000],
      [practiceC, atC, 4_995],
    ] as const) {
      const claimId = newId();
      await app.db
        .insertInto('expense_claims')
        .values({ id: claimId, organisation_id: organisationId, champion_id: championId, total_pence: miles * 45 })
        .execute();
      await app.db
        .insertInto('expense_items')
        .values({
          id: newId(),
          claim_id: claimId,
          organisation_id: organisationId,
          champion_id: championId,
          spent_on: today,
          kind: 'mileage',
          description: 'Earlier journeys',
          amount_pence: miles * 45,
          vehicle: 'car',
          miles,
          tax_year: taxYearOf(today),
        })
        .execute();
    }
    const agent = await signIn(app, person);
    await app.db
      .updateTable('sessions')
      .set({ active_organisation_id: practiceA })
      .where('user_id', '=', person.id)
      .execute();
    const form = await agent.get('/champion/expenses/new');
    assert.match(form.body, /You have claimed 9,995 miles by car or van/);
    assert.equal((await claimJourney(agent, 'car', 10)).statusCode, 303);
    const claim = await app.db
      .selectFrom('expense_claims')
      .select('total_pence')
      .where('champion_id', '=', atA)
      .executeTakeFirstOrThrow();
    assert.equal(
      claim.total_pence,
      5 * 45 + 5 * 25,
      'the journey that crosses 10,000 miles across all three practices is split',
    );
  });
});
