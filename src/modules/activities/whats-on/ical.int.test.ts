import assert from 'node:assert/strict';
import { describe, mock, test } from 'node:test';
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { Agent } from '../../../../test/helpers/agent.ts';
import { buildActivity, buildSession } from '../../../../test/helpers/activity-factories.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { LONDON } from '../../../lib/dates.ts';
import { PRIVATE_NAMES, buildWhatsOnWorld, nextWeekday } from './whats-on.fixtures.ts';

/** One event as a calendar application would read it. */
interface ParsedEvent {
  uid: string;
  summary: string;
  location: string;
  description: string;
  url: string;
  status: string;
  /** The start as an instant. */
  startUtc: string;
  /** The start on the London wall clock, 'YYYY-MM-DDTHH:MM'. */
  startLondon: string;
  tzid: string;
}

/** Parses a feed with ical.js, registering its VTIMEZONE, and reads every event. */
function parseFeed(text: string): { name: string; events: ParsedEvent[] } {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const zones = calendar.getAllSubcomponents('vtimezone');
  assert.equal(zones.length, 1, 'one VTIMEZONE');
  for (const zone of zones) {
    ICAL.TimezoneService.register(zone);
  }
  const london = ICAL.TimezoneService.get(LONDON);
  assert.ok(london, 'Europe/London is defined by the feed');
  const events = calendar.getAllSubcomponents('vevent').map((component) => {
    const event = new ICAL.Event(component);
    const local = event.startDate.convertToZone(london);
    const pad = (value: number) => String(value).padStart(2, '0');
    return {
      uid: event.uid,
      summary: event.summary,
      location: event.location,
      description: event.description,
      url: String(component.getFirstPropertyValue('url') ?? ''),
      status: String(component.getFirstPropertyValue('status') ?? ''),
      startUtc: event.startDate.toJSDate().toISOString(),
      startLondon: `${local.year}-${pad(local.month)}-${pad(local.day)}T${pad(local.hour)}:${pad(local.minute)}`,
      tzid: String(component.getFirstProperty('dtstart')?.getParameter('tzid') ?? ''),
    };
  });
  return { name: String(calendar.getFirstPropertyValue('x-wr-calname') ?? ''), events };
}

/** The London wall-clock start of a session, as the database holds it. */
async function wallClockOf(sessionId: string): Promise<string> {
  const { app } = await testWorld();
  const row = await app.db
    .selectFrom('activity_sessions')
    .select('starts_at')
    .where('id', '=', sessionId)
    .executeTakeFirstOrThrow();
  return DateTime.fromJSDate(new Date(row.starts_at), { zone: LONDON }).toFormat("yyyy-LL-dd'T'HH:mm");
}

const daysFromToday = (days: number) => DateTime.now().setZone(LONDON).plus({ days }).toISODate() ?? '';

describe('iCalendar feeds of activities (RFC 5545)', () => {
  test("an activity's feed: every session from a week ago to twelve weeks ahead, in London time, cancelled ones marked", async () => {
    const { app, config } = await testWorld();
    const world = await buildWhatsOnWorld(app.db);
    const { walk } = world.activities;
    const cancelled = await buildSession(app.db, walk, {
      date: nextWeekday(2, 1),
      startTime: '14:00',
      minutes: 60,
      status: 'cancelled',
    });
    const lastWeek = await buildSession(app.db, walk, {
      date: daysFromToday(-3),
      startTime: '09:15',
      status: 'delivered',
    });
    const tooOld = await buildSession(app.db, walk, { date: daysFromToday(-10), startTime: '14:00' });
    const tooFar = await buildSession(app.db, walk, { date: daysFromToday(90), startTime: '14:00' });
    const url = `/practices/${world.ods.practice}/whats-on/${walk}/calendar.ics`;
    const visitor = new Agent(app);
    const response = await visitor.get(url);
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'text/calendar; charset=utf-8');
    assert.equal(
      response.headers['content-disposition'],
      `attachment; filename="tuesday-walk-${world.tag.toLowerCase()}.ics"`,
    );
    assert.equal(response.headers['access-control-allow-origin'], '*');
    assert.equal(response.headers['cache-control'], 'public, max-age=900');
    assert.match(response.body, /^BEGIN:VCALENDAR\r\nVERSION:2\.0\r\nPRODID:/);
    assert.match(response.body, /\r\nDTSTAMP:\d{8}T\d{6}Z\r\n/);
    assert.match(response.body, /\r\nLAST-MODIFIED:\d{8}T\d{6}Z\r\n/);

    const feed = parseFeed(response.body);
    const practice = await app.db
      .selectFrom('organisations')
      .select('name')
      .where('id', '=', world.practiceId)
      .executeTakeFirstOrThrow();
    assert.equal(feed.name, `Tuesday walk ${world.tag} – ${practice.name}`);
    const uids = feed.events.map((event) => event.uid).sort();
    assert.deepEqual(uids, [world.walkSession, cancelled, lastWeek].map((id) => `${id}@thirdspace`).sort());
    assert.ok(!uids.includes(`${tooOld}@thirdspace`) && !uids.includes(`${tooFar}@thirdspace`));
    for (const event of feed.events) {
      const sessionId = event.uid.replace('@thirdspace', '');
      assert.equal(event.startLondon, await wallClockOf(sessionId), 'the start on the London wall clock');
      assert.equal(event.tzid, LONDON);
      assert.equal(event.summary, `Tuesday walk ${world.tag}`);
      assert.equal(event.location, 'Canal Street Surgery community room, 1 Canal Street, Testtown, LS28 7AA');
      assert.match(
        event.description,
        /How to join:\nMeet at the surgery door\.\nJust turn up\.\nAsk your social prescribing link worker\./,
      );
      assert.match(event.description, /Cost: Free/);
      assert.equal(event.url, `${config.baseUrl}/practices/${world.ods.practice}/whats-on/${walk}`);
      assert.equal(event.status, sessionId === cancelled ? 'CANCELLED' : 'CONFIRMED');
    }
    assert.match(
      feed.events.find((event) => event.status === 'CANCELLED')?.description ?? '',
      /^Cancelled: Venue closed/,
    );
    for (const name of Object.values(PRIVATE_NAMES)) {
      assert.ok(
        !response.body.includes(name) && !response.body.includes(name.slice(0, 20)),
        `${name} is not in the feed`,
      );
    }

    // The same feed twice: the same events with the same UIDs, byte for byte.
    const again = await visitor.get(url);
    assert.equal(again.body, response.body);
    assert.deepEqual(
      parseFeed(again.body).events.map((event) => event.uid),
      feed.events.map((event) => event.uid),
    );
  });

  test("a practice's feed has its public activities; a network's adds its practices'; nothing private", async () => {
    const { app } = await testWorld();
    const world = await buildWhatsOnWorld(app.db);
    const cafe = await buildSession(app.db, world.activities.networkCafe, { date: nextWeekday(5), startTime: '12:00' });
    const hiddenSessions = await app.db
      .selectFrom('activity_sessions')
      .select('id')
      .where('activity_id', 'in', [
        world.activities.private,
        world.activities.paused,
        world.activities.closed,
        world.activities.proposed,
        world.activities.elsewhere,
      ])
      .execute();
    const ukulele = await app.db
      .selectFrom('activity_sessions')
      .select('id')
      .where('activity_id', '=', world.activities.ukulele)
      .execute();
    assert.equal(hiddenSessions.length, 5);
    const visitor = new Agent(app);

    const practice = await visitor.get(`/practices/${world.ods.practice}/whats-on.ics`);
    assert.equal(practice.statusCode, 200);
    assert.equal(
      practice.headers['content-disposition'],
      `attachment; filename="whats-on-${world.ods.practice.toLowerCase()}.ics"`,
    );
    const practiceFeed = parseFeed(practice.body);
    assert.match(practiceFeed.name, /^What's on at Test Surgery/);
    assert.deepEqual(
      practiceFeed.events.map((event) => event.uid).sort(),
      [world.walkSession, cafe].map((id) => `${id}@thirdspace`).sort(),
    );

    const network = parseFeed((await visitor.get(`/networks/${world.ods.network}/whats-on.ics`)).body);
    const networkUids = network.events.map((event) => event.uid);
    assert.deepEqual(
      [...networkUids].sort(),
      [world.walkSession, cafe, ...ukulele.map((row) => row.id)].map((id) => `${id}@thirdspace`).sort(),
    );
    for (const row of hiddenSessions) {
      assert.ok(
        !networkUids.includes(`${row.id}@thirdspace`) &&
          !practiceFeed.events.some((event) => event.uid === `${row.id}@thirdspace`),
      );
    }
    // The network's events link to the network's pages.
    assert.ok(network.events.every((event) => event.url.includes(`/networks/${world.ods.network}/whats-on/`)));
    // A network activity's feed, under the network and under the practice it is hosted with.
    assert.equal(
      (await visitor.get(`/networks/${world.ods.network}/whats-on/${world.activities.networkCafe}/calendar.ics`))
        .statusCode,
      200,
    );
    assert.equal(
      (await visitor.get(`/practices/${world.ods.practice}/whats-on/${world.activities.networkCafe}/calendar.ics`))
        .statusCode,
      200,
    );
  });

  test('feeds can be read from any web page: CORS preflight is answered', async () => {
    const { app } = await testWorld();
    const world = await buildWhatsOnWorld(app.db);
    for (const url of [
      `/practices/${world.ods.practice}/whats-on.ics`,
      `/networks/${world.ods.network}/whats-on/${world.activities.walk}/calendar.ics`,
    ]) {
      const preflight = await app.inject({
        method: 'OPTIONS',
        url,
        headers: { origin: 'https://calendar.example', 'access-control-request-method': 'GET' },
      });
      assert.equal(preflight.statusCode, 204, url);
      assert.equal(preflight.headers['access-control-allow-origin'], '*');
      assert.match(String(preflight.headers['access-control-allow-methods']), /GET/);
      const head = await app.inject({ method: 'HEAD', url });
      assert.equal(head.statusCode, 200);
    }
  });

  test('a 10am session is at 10am on the London wall clock either side of the March and October 2026 clock changes', async () => {
    const { app } = await testWorld();
    const world = await buildWhatsOnWorld(app.db);
    const activity = await buildActivity(app.db, world.practiceId, {
      name: `Clock change walk ${world.tag}`,
      status: 'active',
    });
    const dates = ['2026-03-28', '2026-03-29', '2026-03-30', '2026-10-24', '2026-10-25', '2026-10-26'];
    const sessions = new Map<string, string>();
    for (const date of dates) {
      sessions.set(`${await buildSession(app.db, activity, { date, startTime: '10:00' })}@thirdspace`, date);
    }
    // Greenwich Mean Time before 29 March and from 25 October; British Summer Time between.
    const expectedUtc: Record<string, string> = {
      '2026-03-28': '2026-03-28T10:00:00.000Z',
      '2026-03-29': '2026-03-29T09:00:00.000Z',
      '2026-03-30': '2026-03-30T09:00:00.000Z',
      '2026-10-24': '2026-10-24T09:00:00.000Z',
      '2026-10-25': '2026-10-25T10:00:00.000Z',
      '2026-10-26': '2026-10-26T10:00:00.000Z',
    };
    const url = `/practices/${world.ods.practice}/whats-on/${activity}/calendar.ics`;
    const seen = new Map<string, ParsedEvent>();
    // The feed covers the weeks around "now", so it is read as it would have been in March and in October.
    for (const now of ['2026-03-26T12:00:00Z', '2026-10-21T12:00:00Z']) {
      mock.timers.enable({ apis: ['Date'], now: new Date(now) });
      let body: string;
      try {
        const response = await app.inject({ method: 'GET', url });
        assert.equal(response.statusCode, 200);
        body = response.body;
      } finally {
        mock.timers.reset();
      }
      for (const event of parseFeed(body).events) {
        seen.set(event.uid, event);
      }
    }
    assert.equal(seen.size, dates.length, 'every session is in one of the two feeds');
    for (const [uid, date] of sessions) {
      const event = seen.get(uid);
      assert.ok(event, `${date} is in the feed`);
      assert.equal(event.startLondon, `${date}T10:00`, `${date} starts at 10:00 in London`);
      assert.equal(event.startUtc, expectedUtc[date], `${date} is ${expectedUtc[date]}`);
    }
  });

  test("a private or unknown activity's feed, and an unknown place's, are 404s", async () => {
    const { app } = await testWorld();
    const world = await buildWhatsOnWorld(app.db);
    const visitor = new Agent(app);
    assert.equal(
      (await visitor.get(`/practices/${world.ods.practice}/whats-on/${world.activities.private}/calendar.ics`))
        .statusCode,
      404,
    );
    assert.equal(
      (await visitor.get(`/practices/${world.ods.practice}/whats-on/${world.activities.ukulele}/calendar.ics`))
        .statusCode,
      404,
    );
    assert.equal((await visitor.get('/networks/Z00000/whats-on.ics')).statusCode, 404);
    assert.equal((await visitor.get(`/practices/${world.ods.network}/whats-on.ics`)).statusCode, 404);
  });
});
