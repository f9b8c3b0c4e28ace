import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { signIn } from '../../../../test/helpers/agent.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { buildChampionWorld, multipartBody, SAMPLE_FILES, xlsxTotal } from '../self-service/self-service.fixtures.ts';
import { britishDate, londonToday } from '../../../lib/dates.ts';

const today = londonToday();
const [year, month, day] = today.split('-') as [string, string, string];
const dateFields = { 'workedOn[day]': day, 'workedOn[month]': month, 'workedOn[year]': year };

/** Sums a numeric column of a CSV export's data rows, checking the totals row agrees. */
function csvColumnTotal(csv: string, heading: string, champion?: string): { sum: number; totalRow: number } {
  const lines = csv
    .replace(/^\ufeff/, '')
    .trim()
    .split('\n')
    .map((line) => line.split(','));
  const headings = lines[0] ?? [];
  const column = headings.indexOf(heading);
  const championColumn = headings.indexOf('Champion');
  const statusColumn = headings.indexOf('Claim status');
  const data = lines
    .slice(1, -1)
    .filter((cells) => (!champion || cells[championColumn] === champion) && cells[statusColumn] !== 'Rejected');
  const sum = data.reduce((total, cells) => total + Math.round(Number(cells[column]) * 100), 0);
  return { sum, totalRow: Math.round(Number(lines.at(-1)?.[column]) * 100) };
}

describe('hours: champions log time, coordinators verify it', () => {
  test('a champion logs hours; bad input is refused with their input kept', async () => {
    const { app } = await testWorld();
    const world = await buildChampionWorld(app.db);
    const alice = await signIn(app, world.alice);
    const form = await alice.get('/champion/hours/new');
    assert.equal(form.statusCode, 200);
    const bad = await alice.postForm('/champion/hours/new', {
      'workedOn[day]': '31',
      'workedOn[month]': '2',
      'workedOn[year]': year,
      hours: '30',
      minutes: 'ten',
      category: 'preparation',
      description: 'Planning the walk',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /must be a real date/);
    assert.match(bad.body, /Minutes must be a whole number/);
    assert.match(bad.body, /value="Planning the walk"/);
    const future = await alice.postForm('/champion/hours/new', {
      'workedOn[day]': '1',
      'workedOn[month]': '1',
      'workedOn[year]': String(Number(year) + 1),
      hours: '1',
      minutes: '0',
      category: 'preparation',
      description: 'x',
    });
    assert.equal(future.statusCode, 400);
    assert.match(future.body, /today or in the past/);
    const good = await alice.postForm('/champion/hours/new', {
      ...dateFields,
      hours: '1',
      minutes: '30',
      category: 'directory_research',
      description: 'Checked five walking groups',
    });
    assert.equal(good.statusCode, 303);
    const mine = await alice.get('/champion/hours');
    assert.match(mine.body, /1 hour 30 minutes/);
    assert.match(mine.body, new RegExp(britishDate(today)));
    const bob = await signIn(app, world.bob);
    assert.doesNotMatch((await bob.get('/champion/hours')).body, /Checked five walking groups/);
  });

  test('a coordinator verifies many rows at once; rows of another practice are untouched', async () => {
    const { app } = await testWorld();
    const world = await buildChampionWorld(app.db);
    const other = await buildChampionWorld(app.db);
    for (const person of [world.alice, world.bob, other.alice]) {
      const agent = await signIn(app, person);
      assert.equal(
        (
          await agent.postForm('/champion/hours/new', {
            ...dateFields,
            hours: '2',
            minutes: '0',
            category: 'travel',
            description: 'To the walking group',
          })
        ).statusCode,
        303,
      );
    }
    const rows = await app.db
      .selectFrom('champion_hours')
      .select(['id', 'organisation_id'])
      .where('organisation_id', 'in', [world.practiceId, other.practiceId])
      .execute();
    const coordinator = await signIn(app, world.coordinator);
    const empty = await coordinator.postForm(`/organisations/${world.practiceId}/champion-hours/verify`, {});
    assert.equal(empty.statusCode, 400);
    const body = new URLSearchParams({ _csrf: await coordinator.csrfToken() });
    for (const row of rows) {
      body.append('hoursIds', row.id);
    }
    const verified = await coordinator.request({
      method: 'POST',
      url: `/organisations/${world.practiceId}/champion-hours/verify`,
      payload: body.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(verified.statusCode, 303);
    assert.match(verified.headers.location ?? '', /done=2$/);
    const after = await app.db
      .selectFrom('champion_hours')
      .select(['organisation_id', 'status'])
      .where('organisation_id', 'in', [world.practiceId, other.practiceId])
      .execute();
    assert.deepEqual(
      after.filter((row) => row.organisation_id === world.practiceId).map((row) => row.status),
      ['verified', 'verified'],
    );
    assert.deepEqual(
      after.filter((row) => row.organisation_id === other.practiceId).map((row) => row.status),
      ['logged'],
    );
  });

  test("totals reconcile exactly: the champion's page, the coordinator's page and the CSV and XLSX exports", async () => {
    const { app } = await testWorld();
    const world = await buildChampionWorld(app.db);
    const alice = await signIn(app, world.alice);
    for (const [hours, minutes] of [
      ['0', '20'],
      ['0', '20'],
      ['0', '20'],
      ['3', '7'],
    ]) {
      await alice.postForm('/champion/hours/new', {
        ...dateFields,
        hours: hours ?? '0',
        minutes: minutes ?? '0',
        category: 'preparation',
        description: 'Preparing',
      });
    }
    const bob = await signIn(app, world.bob);
    await bob.postForm('/champion/hours/new', {
      ...dateFields,
      hours: '1',
      minutes: '0',
      category: 'travel',
      description: 'Travel',
    });
    for (const amount of ['3.33', '3.33', '0.01']) {
      const body = multipartBody(
        {
          _csrf: await alice.csrfToken(),
          'itemDate-0': today,
          'itemKind-0': 'postage_phone',
          'itemDescription-0': 'Stamps',
          'itemAmount-0': amount,
          'journeyDate-0': today,
          'journeyVehicle-0': 'car',
          'journeyMiles-0': '7',
          'journeyDescription-0': 'Visit',
        },
        [{ name: 'receipts', fileName: 'r.pdf', type: 'application/pdf', content: SAMPLE_FILES.pdf }],
      );
      const sent = await alice.request({
        method: 'POST',
        url: '/champion/expenses/new',
        payload: body.payload,
        headers: { 'content-type': body.contentType },
      });
      assert.equal(sent.statusCode, 303);
    }
    const rejectedBody = multipartBody(
      {
        _csrf: await alice.csrfToken(),
        'itemDate-0': today,
        'itemKind-0': 'other',
        'itemDescription-0': 'Not allowed',
        'itemAmount-0': '99.99',
      },
      [{ name: 'receipts', fileName: 'r.pdf', type: 'application/pdf', content: SAMPLE_FILES.pdf }],
    );
    await alice.request({
      method: 'POST',
      url: '/champion/expenses/new',
      payload: rejectedBody.payload,
      headers: { 'content-type': rejectedBody.contentType },
    });
    const rejectedClaim = await app.db
      .selectFrom('expense_claims')
      .select('id')
      .where('champion_id', '=', world.alice.championId)
      .where('total_pence', '=', 9999)
      .executeTakeFirstOrThrow();
    const expectedMinutes = 20 * 3 + 187;
    const expectedPence = 333 + 333 + 1 + 3 * 7 * 45;

    const home = await alice.get('/champion');
    assert.match(home.body, /data-total="logged-hours">4 hours 7 minutes</);
    assert.match(home.body, /data-total="claimed">£116\.11</);
    const coordinator = await signIn(app, world.coordinator);
    assert.equal(
      (
        await coordinator.postForm(`/organisations/${world.practiceId}/expense-claims/${rejectedClaim.id}/decision`, {
          decision: 'reject',
          reason: 'Not an eligible cost',
        })
      ).statusCode,
      303,
    );
    const homeAfter = await alice.get('/champion');
    assert.match(homeAfter.body, /data-total="claimed">£16\.12</);
    const hoursPage = await coordinator.get(`/organisations/${world.practiceId}/champion-hours`);
    assert.match(hoursPage.body, new RegExp(`data-champion="${world.alice.championId}">4 hours 7 minutes<`));
    const hoursCsv = await coordinator.get(
      `/organisations/${world.practiceId}/champion-exports/hours.csv?from=${today}&to=${today}`,
    );
    assert.equal(hoursCsv.statusCode, 200);
    assert.match(String(hoursCsv.headers['content-type']), /text\/csv/);
    assert.equal(csvColumnTotal(hoursCsv.body, 'Minutes', 'Alice Champion').sum, expectedMinutes * 100);
    assert.equal(csvColumnTotal(hoursCsv.body, 'Minutes').totalRow, (expectedMinutes + 60) * 100);
    assert.match(hoursCsv.body, new RegExp(britishDate(today)));
    const expensesCsv = await coordinator.get(
      `/organisations/${world.practiceId}/champion-exports/expenses.csv?from=${today}`,
    );
    const money = csvColumnTotal(expensesCsv.body, 'Amount (£)', 'Alice Champion');
    assert.equal(money.sum, expectedPence);
    assert.equal(money.totalRow, expectedPence);
    const claimsPage = await coordinator.get(`/organisations/${world.practiceId}/expense-claims`);
    assert.match(claimsPage.body, /data-status="rejected" data-champion="[^"]+">£99\.99</);
    const shown = [
      ...claimsPage.body.matchAll(
        /data-total="claim" data-status="(?:submitted|approved)" data-champion="[^"]+">£([\d.,]+)</g,
      ),
    ].reduce((sum, match) => sum + Math.round(Number(match[1]?.replace(/,/g, '')) * 100), 0);
    assert.equal(shown, expectedPence);
    const xlsx = await coordinator.get(`/organisations/${world.practiceId}/champion-exports/expenses.xlsx`);
    assert.equal(xlsx.statusCode, 200);
    assert.equal(xlsx.rawPayload.subarray(0, 2).toString('latin1'), 'PK');
    assert.equal(Math.round(xlsxTotal(xlsx.rawPayload, 'I') * 100), expectedPence, 'the workbook total is the same');
    const hoursXlsx = await coordinator.get(`/organisations/${world.practiceId}/champion-exports/hours.xlsx`);
    assert.equal(xlsxTotal(hoursXlsx.rawPayload, 'E'), expectedMinutes + 60);
    const outOfRange = await coordinator.get(
      `/organisations/${world.practiceId}/champion-exports/hours.csv?to=2001-01-01`,
    );
    assert.equal(csvColumnTotal(outOfRange.body, 'Minutes').totalRow, 0);
    const badRange = await coordinator.get(
      `/organisations/${world.practiceId}/champion-exports?from=2026-05-01&to=2026-04-01`,
    );
    assert.equal(badRange.statusCode, 400);
    assert.match(badRange.body, /end date must be the same as or after/);
    assert.equal(
      (await coordinator.get(`/organisations/${world.practiceId}/champion-exports/hours.csv?from=yesterday`))
        .statusCode,
      400,
    );
    assert.equal(
      (await coordinator.get(`/organisations/${world.practiceId}/champion-exports/payroll.csv`)).statusCode,
      404,
    );
    const audited = await app.db
      .selectFrom('audit_events')
      .select('action')
      .where('organisation_id', '=', world.practiceId)
      .where('action', 'like', '%exported')
      .execute();
    assert.ok(audited.length >= 3);
  });
});
