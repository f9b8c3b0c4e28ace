import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { signIn } from '../../../../test/helpers/agent.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { buildChampionWorld, multipartBody, SAMPLE_FILES } from '../self-service/self-service.fixtures.ts';
import { londonToday } from '../../../lib/dates.ts';

const today = londonToday();
const [year, month, day] = today.split('-') as [string, string, string];

describe('champions: clear messages for missing and impossible answers', () => {
  test('a form sent without some of its fields says what is missing in words, never zod’s "expected string"', async () => {
    const { app } = await testWorld();
    const world = await buildChampionWorld(app.db);
    const alice = await signIn(app, world.alice);
    const hours = await alice.postForm('/champion/hours/new', {
      'workedOn[day]': day,
      'workedOn[month]': month,
      'workedOn[year]': year,
    });
    assert.equal(hours.statusCode, 400);
    assert.match(hours.body, /Enter a short description of what you did/);
    assert.match(hours.body, /Select what the time was for/);
    assert.doesNotMatch(hours.body, /Invalid input|expected string|received undefined/);

    const coordinator = await signIn(app, world.coordinator);
    const meeting = await coordinator.postForm(`/organisations/${world.practiceId}/champion-meetings/new`, {
      kind: 'champion_meeting',
    });
    assert.equal(meeting.statusCode, 400);
    assert.match(meeting.body, /Enter a title/);
    assert.match(meeting.body, /Enter the date of the meeting/);
    assert.doesNotMatch(meeting.body, /Invalid input|expected string|received undefined/);
    const profile = await alice.postForm('/champion/profile', {});
    assert.doesNotMatch(profile.body, /Invalid input|expected string|received undefined/);
  });

  test('the exports page with an impossible date (31 February) shows itself again with the error and the dates typed', async () => {
    const { app } = await testWorld();
    const world = await buildChampionWorld(app.db);
    const coordinator = await signIn(app, world.coordinator);
    const base = `/organisations/${world.practiceId}/champion-exports`;
    const page = await coordinator.get(`${base}?from=2026-02-31&to=2026-03-10`);
    assert.equal(page.statusCode, 400);
    assert.match(page.body, /<h1>Export hours and expenses<\/h1>/);
    assert.match(page.body, /Enter a real date, like 2026-04-06/);
    assert.match(page.body, /value="2026-02-31"/);
    assert.match(page.body, /value="2026-03-10"/);
    const file = await coordinator.get(`${base}/hours.csv?from=2026-02-31`);
    assert.equal(file.statusCode, 400);
    assert.match(file.body, /Export hours and expenses/);
    assert.match(file.body, /value="2026-02-31"/);
  });

  test('NUL characters in an expense claim (a multipart form) are dropped, and the claim is kept', async () => {
    const { app } = await testWorld();
    const world = await buildChampionWorld(app.db);
    const alice = await signIn(app, world.alice);
    const body = multipartBody(
      {
        _csrf: await alice.csrfToken(),
        'itemDate-0': today,
        'itemKind-0': 'travel',
        'itemDescription-0': 'Bus\u0000 to the surgery',
        'itemAmount-0': '4.50\u0000',
        'journey\u0000Note': 'ignored',
      },
      [{ name: 'receipts', fileName: 'ticket\u0000.pdf', type: 'application/pdf', content: SAMPLE_FILES.pdf }],
    );
    const sent = await alice.request({
      method: 'POST',
      url: '/champion/expenses/new',
      payload: body.payload,
      headers: { 'content-type': body.contentType },
    });
    assert.equal(sent.statusCode, 303, sent.body.slice(0, 300));
    const item = await app.db
      .selectFrom('expense_items')
      .select(['description', 'amount_pence'])
      .where('champion_id', '=', world.alice.championId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(item, { description: 'Bus to the surgery', amount_pence: 450 });
    const receipt = await app.db
      .selectFrom('expense_receipts')
      .innerJoin('expense_claims', 'expense_claims.id', 'expense_receipts.claim_id')
      .select('expense_receipts.file_name')
      .where('expense_claims.champion_id', '=', world.alice.championId)
      .executeTakeFirstOrThrow();
    assert.doesNotMatch(receipt.file_name, /\u0000/);
  });
});
