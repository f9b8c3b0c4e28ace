import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { Agent } from '../../../../test/helpers/agent.ts';
import { buildActivity, buildSession } from '../../../../test/helpers/activity-factories.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { PRIVATE_NAMES, buildSchedule, buildWhatsOnWorld, nextWeekday, updateActivity } from './whats-on.fixtures.ts';

/** The activity names a "what's on" page lists, in order. */
function listedNames(html: string): string[] {
  return [...html.matchAll(/<h3 class="nhsuk-heading-s app-whats-on__name"><a href="[^"]+">([^<]+)<\/a><\/h3>/g)].map(
    (match) => (match[1] ?? '').replace(/&#39;/g, "'").replace(/&amp;/g, '&'),
  );
}

/** The names of the world's activities a page lists, without the world's tag. */
async function shown(visitor: Agent, url: string, tag: string): Promise<string[]> {
  const page = await visitor.get(url);
  assert.equal(page.statusCode, 200, url);
  return listedNames(page.body)
    .filter((name) => name.endsWith(tag))
    .map((name) => name.replace(` ${tag}`, ''));
}

describe("what's on: the public list of a practice's and a network's activities", () => {
  test("a practice lists only its own and hosted active, public activities; a network adds its practices'", async () => {
    const { app } = await testWorld();
    const world = await buildWhatsOnWorld(app.db);
    const visitor = new Agent(app);
    assert.deepEqual(await shown(visitor, `/practices/${world.ods.practice}/whats-on`, world.tag), [
      'Network wellbeing café',
      'Tuesday walk',
    ]);
    assert.deepEqual(await shown(visitor, `/practices/${world.ods.neighbour}/whats-on`, world.tag), [
      'Ukulele for beginners',
    ]);
    assert.deepEqual(await shown(visitor, `/networks/${world.ods.network}/whats-on`, world.tag), [
      'Network wellbeing café',
      'Tuesday walk',
      'Ukulele for beginners',
    ]);
    assert.deepEqual(await shown(visitor, `/practices/${world.ods.elsewhere}/whats-on`, world.tag), ['Elsewhere walk']);
    // The public directory links to the "what's on".
    assert.match(
      (await visitor.get(`/practices/${world.ods.practice}/directory`)).body,
      new RegExp(`href="/practices/${world.ods.practice}/whats-on"`),
    );
    // Lower-case ODS codes work as typed.
    assert.equal((await visitor.get(`/practices/${world.ods.practice.toLowerCase()}/whats-on`)).statusCode, 200);
  });

  test('each activity says what, when, where, what it costs and how to join, in plain words, and names nobody', async () => {
    const { app } = await testWorld();
    const world = await buildWhatsOnWorld(app.db);
    const visitor = new Agent(app);
    const page = await visitor.get(`/networks/${world.ods.network}/whats-on`);
    assert.match(page.body, /<title>What(&#39;|')s on – Test PCN/);
    assert.match(page.body, /<h1>What(&#39;|')s on<\/h1>/);
    assert.match(page.body, /Tuesdays, 2pm to 3pm/);
    assert.match(page.body, /Every other Thursday, 10:30am to midday/);
    assert.match(page.body, /Last Friday of the month, midday to 1:30pm/);
    assert.match(page.body, /Physical activity/);
    assert.match(page.body, /£3\.00 \(Instruments lent free\)/);
    assert.match(page.body, /Flat route, suitable for wheelchairs/);
    assert.match(page.body, /Meet at the surgery door\./);
    for (const phrase of [
      'Just turn up',
      'Ask your social prescribing link worker',
      'Ask at reception',
      'Ask your GP',
    ]) {
      assert.ok(page.body.includes(phrase), phrase);
    }
    assert.match(page.body, /Run by Test Surgery/);
    const [year, month, day] = nextWeekday(2).split('-').map(Number);
    const nextTuesday = new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, day)).toLocaleDateString('en-GB', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
    assert.ok(page.body.includes(`Tuesday ${nextTuesday}, 2pm`), `the next session, Tuesday ${nextTuesday}, is shown`);
    assert.ok(
      !page.body.includes(PRIVATE_NAMES.champion) && !page.body.includes(PRIVATE_NAMES.sponsor),
      'no champion or staff names',
    );
    assert.match(page.body, new RegExp(`href="/networks/${world.ods.network}/whats-on.ics"`));
    assert.match(page.body, new RegExp(`href="/networks/${world.ods.network}/directory"`));
  });

  test('filters by day, category and cost, alone and together, with an empty state', async () => {
    const { app } = await testWorld();
    const world = await buildWhatsOnWorld(app.db);
    const visitor = new Agent(app);
    const base = `/networks/${world.ods.network}/whats-on`;
    assert.deepEqual(await shown(visitor, `${base}?day=tuesday`, world.tag), ['Tuesday walk']);
    assert.deepEqual(await shown(visitor, `${base}?day=tuesday&day=thursday`, world.tag), [
      'Tuesday walk',
      'Ukulele for beginners',
    ]);
    assert.deepEqual(await shown(visitor, `${base}?day=friday`, world.tag), ['Network wellbeing café']);
    assert.deepEqual(await shown(visitor, `${base}?category=creative-learning`, world.tag), ['Ukulele for beginners']);
    assert.deepEqual(await shown(visitor, `${base}?cost=free`, world.tag), ['Network wellbeing café', 'Tuesday walk']);
    assert.deepEqual(await shown(visitor, `${base}?day=tuesday&day=thursday&cost=free`, world.tag), ['Tuesday walk']);
    assert.deepEqual(await shown(visitor, `${base}?day=thursday&category=creative-learning&cost=any`, world.tag), [
      'Ukulele for beginners',
    ]);
    const none = await visitor.get(`${base}?day=thursday&cost=free`);
    assert.equal(none.statusCode, 200);
    assert.deepEqual(
      listedNames(none.body).filter((name) => name.endsWith(world.tag)),
      [],
    );
    // The form keeps the choices.
    assert.match(none.body, /id="day-4" name="day" type="checkbox" value="thursday" checked/);
    assert.match(none.body, /value="free" checked/);
    // An activity meets on a day by its schedule or by a one-off session still to come.
    const extra = await buildActivity(app.db, world.practiceId, {
      name: `Saturday special ${world.tag}`,
      status: 'active',
    });
    await buildSession(app.db, extra, { date: nextWeekday(6), startTime: '10:00' });
    assert.deepEqual(await shown(visitor, `${base}?day=saturday`, world.tag), ['Saturday special']);
  });

  test('a practice with nothing on says so', async () => {
    const { app } = await testWorld();
    const world = await buildWhatsOnWorld(app.db);
    await app.db
      .updateTable('activities')
      .set({ status: 'paused' })
      .where('organisation_id', '=', world.elsewhereId)
      .execute();
    const page = await new Agent(app).get(`/practices/${world.ods.elsewhere}/whats-on`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /0 activities/);
    assert.match(page.body, /Nothing is on at Test Surgery \w+ at the moment/);
  });

  test('an unknown ODS code, or a network code used as a practice, is a 404 page', async () => {
    const { app } = await testWorld();
    const world = await buildWhatsOnWorld(app.db);
    const visitor = new Agent(app);
    for (const url of [
      '/practices/Z00000/whats-on',
      '/networks/Z00000/whats-on',
      `/practices/${world.ods.network}/whats-on`,
      `/networks/${world.ods.practice}/whats-on`,
      '/practices/a%20b/whats-on',
      `/practices/${'A'.repeat(50)}/whats-on`,
      '/practices/Z00000/whats-on.ics',
      '/networks/Z00000/whats-on/0190aaaa-0000-7000-8000-000000000000',
    ]) {
      const page = await visitor.get(url);
      assert.equal(page.statusCode, 404, url);
      assert.match(String(page.headers['content-type']), /text\/html/);
      assert.match(page.body, /Page not found/);
    }
    // An absurdly long code is refused by the router before it reaches the page: a 4xx all the same.
    const huge = await visitor.get(`/practices/${'A'.repeat(300)}/whats-on`);
    assert.ok(huge.statusCode >= 400 && huge.statusCode < 500, `a very long code answered ${huge.statusCode}`);
  });

  test('bad filters show the form again with a 400 and the choices kept; nothing is a 500', async () => {
    const { app } = await testWorld();
    const world = await buildWhatsOnWorld(app.db);
    const visitor = new Agent(app);
    const base = `/practices/${world.ods.practice}/whats-on`;
    const unknownDay = await visitor.get(`${base}?day=funday&day=tuesday&category=creative-learning`);
    assert.equal(unknownDay.statusCode, 400);
    assert.match(unknownDay.body, /<title>Error: What/);
    assert.match(unknownDay.body, /There is a problem/);
    assert.match(unknownDay.body.replace(/\s+/g, ' '), /href="#day"> Select days of the week from the list/);
    assert.match(unknownDay.body, /value="tuesday" checked/);
    assert.match(unknownDay.body, /value="creative-learning" selected/);
    const unknownCategory = await visitor.get(`${base}?category=juggling&cost=free`);
    assert.equal(unknownCategory.statusCode, 400);
    assert.match(unknownCategory.body, /Select a category from the list/);
    assert.match(unknownCategory.body, /value="free" checked/);
    const long = await visitor.get(
      `${base}?category=${'x'.repeat(5000)}&day=${'y'.repeat(5000)}&cost=${'z'.repeat(5000)}`,
    );
    assert.equal(long.statusCode, 400);
    assert.ok(!long.body.includes('x'.repeat(101)), 'a very long value is not echoed back whole');
    const nul = await visitor.get(`${base}?day=tues%00day&category=%00`);
    assert.ok([200, 400].includes(nul.statusCode), `NUL: ${nul.statusCode}`);
    const ignored = await visitor.get(`${base}?utm_source=leaflet&page=3`);
    assert.equal(ignored.statusCode, 200, 'unknown fields are ignored');

    const key = fc.constantFrom('day', 'category', 'cost', 'day[]', 'other');
    const value = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.constantFrom('', '\u0000', 'tuesday', 'free', 'physical-activity', '%', '\ud800', 'a'.repeat(3000)),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(key, value), { maxLength: 6 }), async (pairs) => {
        const query = new URLSearchParams(pairs).toString();
        const page = await visitor.get(`${base}?${query}`);
        assert.ok([200, 400].includes(page.statusCode), `${query} answered ${page.statusCode}`);
      }),
      { numRuns: 40 },
    );
  });

  test("an activity's page: details, the next eight sessions with cancellations, how to join and its calendar", async () => {
    const { app } = await testWorld();
    const world = await buildWhatsOnWorld(app.db);
    const visitor = new Agent(app);
    const { walk } = world.activities;
    for (let week = 1; week <= 9; week += 1) {
      await buildSession(app.db, walk, {
        date: nextWeekday(2, week),
        startTime: '14:00',
        minutes: 60,
        status: week === 2 ? 'cancelled' : 'scheduled',
      });
    }
    await buildSession(app.db, walk, {
      date: nextWeekday(2, -2),
      startTime: '14:00',
      minutes: 60,
      status: 'delivered',
    });
    const url = `/practices/${world.ods.practice}/whats-on/${walk}`;
    const page = await visitor.get(url);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(`<title>Tuesday walk ${world.tag} – What(&#39;|')s on at Test Surgery`));
    assert.match(page.body, /<h2 class="nhsuk-heading-m">How to join<\/h2>/);
    assert.match(page.body, /A gentle walk round the park/);
    assert.match(page.body, /Five Ways to Wellbeing:<\/strong> Connect, Be active/);
    const sessions = [...page.body.matchAll(/<li class="app-whats-on__session[^"]*">/g)];
    assert.equal(sessions.length, 8, 'the next eight sessions, no past ones');
    assert.match(page.body, /Cancelled[\s\S]{0,120}Venue closed/);
    assert.match(page.body, new RegExp(`<a href="${url}/calendar.ics">Add to your calendar</a>`));
    for (const name of Object.values(PRIVATE_NAMES)) {
      assert.ok(!page.body.includes(name), `${name} is not shown`);
    }
    assert.doesNotMatch(page.body, /capacity|head count|attendees/i);
    // The network's page shows it too, under the network's address.
    assert.equal((await visitor.get(`/networks/${world.ods.network}/whats-on/${walk}`)).statusCode, 200);
    // A network activity hosted with the practice is shown there.
    assert.equal(
      (await visitor.get(`/practices/${world.ods.practice}/whats-on/${world.activities.networkCafe}`)).statusCode,
      200,
    );
  });

  test("a private, paused, closed or proposed activity, or another practice's, is a 404, page and feed alike", async () => {
    const { app } = await testWorld();
    const world = await buildWhatsOnWorld(app.db);
    const visitor = new Agent(app);
    const base = `/practices/${world.ods.practice}/whats-on`;
    for (const [label, id] of [
      ['private', world.activities.private],
      ['paused', world.activities.paused],
      ['closed', world.activities.closed],
      ['proposed', world.activities.proposed],
      ['neighbour', world.activities.ukulele],
      ['elsewhere', world.activities.elsewhere],
      ['unknown', '0190aaaa-0000-7000-8000-000000000000'],
      ['not an id', 'walk'],
    ] as const) {
      assert.equal((await visitor.get(`${base}/${id}`)).statusCode, 404, `${label} page`);
      assert.equal((await visitor.get(`${base}/${id}/calendar.ics`)).statusCode, 404, `${label} feed`);
    }
    assert.equal(
      (await visitor.get(`/networks/${world.ods.network}/whats-on/${world.activities.elsewhere}`)).statusCode,
      404,
    );
    // Making the walk private takes it off the list and its page at once.
    await updateActivity(app.db, world.activities.walk, { public: false });
    assert.equal((await visitor.get(`${base}/${world.activities.walk}`)).statusCode, 404);
    assert.equal((await visitor.get(`${base}/${world.activities.walk}/calendar.ics`)).statusCode, 404);
    assert.ok(!(await visitor.get(base)).body.includes(`Tuesday walk ${world.tag}`));
  });

  test('a schedule that has not started yet says from when; one that has ended is not shown', async () => {
    const { app } = await testWorld();
    const world = await buildWhatsOnWorld(app.db);
    const later = nextWeekday(3, 5);
    await buildSchedule(app.db, world.activities.walk, {
      weekday: 3,
      startsOn: later,
      startTime: '09:30',
      endTime: '10:15',
    });
    await buildSchedule(app.db, world.activities.walk, { weekday: 1, startsOn: '2025-01-06', endsOn: '2025-06-30' });
    const page = await new Agent(app).get(`/practices/${world.ods.practice}/whats-on/${world.activities.walk}`);
    assert.match(page.body, /Wednesdays, 9:30am to 10:15am from \d+ \w+ \d{4}/);
    assert.doesNotMatch(page.body, /Mondays/);
  });
});
