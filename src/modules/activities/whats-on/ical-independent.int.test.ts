import assert from 'node:assert/strict';
import { describe, mock, test } from 'node:test';
import nodeIcal, { type CalendarResponse, type ParameterValue, type VEvent } from 'node-ical';
import { buildActivity, buildSession } from '../../../../test/helpers/activity-factories.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { LONDON } from '../../../lib/dates.ts';
import { buildWhatsOnWorld } from './whats-on.fixtures.ts';

// The feeds are written with ical.js, and ical.int.test.ts reads them back with ical.js too,
// so a mistake the library makes both ways would pass unnoticed. Here a second, independent
// parser (node-ical, as many calendar integrations use) reads the same feeds, and the raw
// text is checked as well: every start is a London wall-clock time with TZID=Europe/London,
// and the instants either side of the March and October clock changes are right.

/** A property's text, with or without parameters. */
function text(value: ParameterValue | undefined): string {
  return value === undefined ? '' : typeof value === 'string' ? value : value.val;
}

/** The feed's events as node-ical reads them. */
function eventsOf(calendar: CalendarResponse): VEvent[] {
  return Object.values(calendar).filter((component): component is VEvent => component?.type === 'VEVENT');
}

/** The feed as it would have been fetched at `now` (the feed covers the weeks around "now"). */
async function feedAt(url: string, now: string): Promise<string> {
  const { app } = await testWorld();
  mock.timers.enable({ apis: ['Date'], now: new Date(now) });
  try {
    const response = await app.inject({ method: 'GET', url });
    assert.equal(response.statusCode, 200);
    return response.body;
  } finally {
    mock.timers.reset();
  }
}

/** The raw content line of a property of the event with this UID (unfolded). */
function rawLine(feed: string, uid: string, name: string): string {
  const unfolded = feed.replace(/\r\n[ \t]/g, '');
  const event = unfolded.split('BEGIN:VEVENT').find((block) => block.includes(`\r\nUID:${uid}\r\n`)) ?? '';
  return event.split('\r\n').find((line) => line.startsWith(`${name};`) || line.startsWith(`${name}:`)) ?? '';
}

describe('iCalendar feeds read by a second, independent parser (node-ical)', () => {
  test('10am sessions either side of the March and October 2026 changes: TZID Europe/London, the right instants, cancellations marked', async () => {
    const { app } = await testWorld();
    const world = await buildWhatsOnWorld(app.db);
    const activityId = await buildActivity(app.db, world.practiceId, {
      name: `Clock change café ${world.tag}`,
      status: 'active',
    });
    // Greenwich Mean Time before 29 March and from 25 October; British Summer Time between.
    const expected: Record<string, { start: string; end: string; status: string }> = {
      '2026-03-28': { start: '2026-03-28T10:00:00.000Z', end: '2026-03-28T11:30:00.000Z', status: 'CONFIRMED' },
      '2026-03-29': { start: '2026-03-29T09:00:00.000Z', end: '2026-03-29T10:30:00.000Z', status: 'CANCELLED' },
      '2026-03-30': { start: '2026-03-30T09:00:00.000Z', end: '2026-03-30T10:30:00.000Z', status: 'CONFIRMED' },
      '2026-10-24': { start: '2026-10-24T09:00:00.000Z', end: '2026-10-24T10:30:00.000Z', status: 'CONFIRMED' },
      '2026-10-25': { start: '2026-10-25T10:00:00.000Z', end: '2026-10-25T11:30:00.000Z', status: 'CANCELLED' },
      '2026-10-26': { start: '2026-10-26T10:00:00.000Z', end: '2026-10-26T11:30:00.000Z', status: 'CONFIRMED' },
    };
    const dateOf = new Map<string, string>();
    for (const [date, { status }] of Object.entries(expected)) {
      const sessionId = await buildSession(app.db, activityId, {
        date,
        startTime: '10:00',
        minutes: 90,
        status: status === 'CANCELLED' ? 'cancelled' : 'scheduled',
      });
      dateOf.set(`${sessionId}@thirdspace`, date);
    }

    const url = `/practices/${world.ods.practice}/whats-on/${activityId}/calendar.ics`;
    const seen = new Set<string>();
    for (const now of ['2026-03-26T12:00:00Z', '2026-10-21T12:00:00Z']) {
      const feed = await feedAt(url, now);
      const calendar = nodeIcal.sync.parseICS(feed);
      const zones = Object.values(calendar).filter((component) => component?.type === 'VTIMEZONE');
      assert.deepEqual(
        zones.map((zone) => (zone as { tzid?: string }).tzid),
        [LONDON],
        'one VTIMEZONE, for Europe/London',
      );
      const events = eventsOf(calendar);
      assert.equal(events.length, 3, `three sessions around ${now}`);
      for (const event of events) {
        const date = dateOf.get(event.uid);
        assert.ok(date, `${event.uid} is one of this activity's sessions`);
        const want = expected[date];
        assert.ok(want);
        seen.add(event.uid);
        assert.equal(text(event.summary), `Clock change café ${world.tag}`);
        assert.equal(event.datetype, 'date-time');
        assert.equal(event.start.tz, LONDON, `${date}: DTSTART carries TZID=Europe/London`);
        assert.equal(event.start.toISOString(), want.start, `${date} starts at ${want.start}`);
        assert.equal(event.end?.toISOString(), want.end, `${date} ends at ${want.end}`);
        assert.equal(event.status, want.status);
        // The text itself, whatever any parser makes of it: 10:00 on the London wall clock.
        assert.equal(rawLine(feed, event.uid, 'DTSTART'), `DTSTART;TZID=${LONDON}:${date.replace(/-/g, '')}T100000`);
        assert.equal(rawLine(feed, event.uid, 'DTEND'), `DTEND;TZID=${LONDON}:${date.replace(/-/g, '')}T113000`);
        assert.match(rawLine(feed, event.uid, 'DTSTAMP'), /^DTSTAMP:\d{8}T\d{6}Z$/);
      }
    }
    assert.equal(seen.size, Object.keys(expected).length, 'every session is in one of the two feeds');
  });

  test("a practice's whole feed parses the same way: every event in London time, with its page", async () => {
    const { app, config } = await testWorld();
    const world = await buildWhatsOnWorld(app.db);
    const feed = (await app.inject({ method: 'GET', url: `/practices/${world.ods.practice}/whats-on.ics` })).body;
    const events = eventsOf(nodeIcal.sync.parseICS(feed));
    assert.deepEqual(
      events.map((event) => event.uid),
      [`${world.walkSession}@thirdspace`],
    );
    for (const event of events) {
      assert.equal(event.start.tz, LONDON);
      assert.equal(text(event.summary), `Tuesday walk ${world.tag}`);
      assert.equal(text(event.location), 'Canal Street Surgery community room, 1 Canal Street, Testtown, LS28 7AA');
      assert.equal(
        String((event as { url?: unknown }).url ?? ''),
        `${config.baseUrl}/practices/${world.ods.practice}/whats-on/${world.activities.walk}`,
      );
      assert.match(rawLine(feed, event.uid, 'DTSTART'), new RegExp(`^DTSTART;TZID=${LONDON}:\\d{8}T140000$`));
    }
  });
});
