import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import ICAL from 'ical.js';
import { type FeedEvent, feedFileName, renderCalendar, sessionUid } from './ical.presenter.ts';

const event = (overrides: Partial<FeedEvent>): FeedEvent => ({
  uid: sessionUid('0190aaaa-0000-7000-8000-000000000001'),
  start: new Date('2026-03-28T10:00:00Z'),
  end: new Date('2026-03-28T11:00:00Z'),
  summary: 'Walk, talk; and tea',
  location: 'Community room, 1 Canal Street',
  description: `How to join:\nJust turn up.\n\n${'A long line about the walk. '.repeat(10)}`,
  url: 'http://thirdspace.test/practices/Y99901/whats-on/x',
  cancelled: false,
  lastModified: new Date('2026-03-01T08:30:00Z'),
  ...overrides,
});

describe('iCalendar text', () => {
  test('wall-clock times in Europe/London with its VTIMEZONE, UTC stamps, escaped text and folded lines', () => {
    const text = renderCalendar({
      name: 'What’s on at Canal Street, Riverside; demo\nsecond line',
      description: 'Activities',
      url: 'http://thirdspace.test/practices/Y99901/whats-on',
      events: [
        event({}),
        event({
          uid: sessionUid('0190aaaa-0000-7000-8000-000000000002'),
          start: new Date('2026-03-30T09:00:00Z'),
          end: new Date('2026-03-30T10:00:00Z'),
          cancelled: true,
        }),
      ],
    });
    assert.ok(
      text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75),
      'lines are folded at 75 octets',
    );
    assert.match(text, /\r\nDTSTART;TZID=Europe\/London:20260328T100000\r\n/);
    assert.match(text, /\r\nDTSTART;TZID=Europe\/London:20260330T100000\r\n/);
    assert.match(text, /\r\nDTSTAMP:20260301T083000Z\r\n/);
    assert.match(text, /\r\nX-WR-CALNAME:What’s on at Canal Street\\, Riverside\\; demo\\nsecond line\r\n/);
    assert.match(text, /\r\nSTATUS:CANCELLED\r\n/);
    assert.match(
      text,
      /\r\nX-WR-CALDESC:Activities\r\nX-WR-TIMEZONE:Europe\/London\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\nX-PUBLISHED-TTL:PT1H\r\nBEGIN:VTIMEZONE\r\n/,
    );
    assert.match(
      text,
      /\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n$/,
      'calendar properties come before the components, and the last line ends in CRLF',
    );

    const calendar = new ICAL.Component(ICAL.parse(text));
    for (const zone of calendar.getAllSubcomponents('vtimezone')) {
      ICAL.TimezoneService.register(zone);
    }
    // ical.js keeps X- properties as written; the escaping above is what RFC 5545 asks of TEXT.
    assert.equal(
      calendar.getFirstPropertyValue('x-wr-calname'),
      'What’s on at Canal Street\\, Riverside\\; demo\\nsecond line',
    );
    const [winter, summer] = calendar.getAllSubcomponents('vevent').map((component) => new ICAL.Event(component));
    assert.equal(winter?.startDate.toJSDate().toISOString(), '2026-03-28T10:00:00.000Z');
    assert.equal(summer?.startDate.toJSDate().toISOString(), '2026-03-30T09:00:00.000Z');
    assert.equal(winter?.summary, 'Walk, talk; and tea');
    assert.match(winter?.description ?? '', /^How to join:\nJust turn up\./);
  });

  test('a calendar with no sessions is still a valid calendar, with its time zone', () => {
    const text = renderCalendar({ name: 'Nothing yet', description: '', url: 'http://thirdspace.test/x', events: [] });
    assert.match(text, /\r\nBEGIN:VTIMEZONE\r\nTZID:Europe\/London\r\n[\s\S]*END:VTIMEZONE\r\nEND:VCALENDAR\r\n$/);
    const calendar = new ICAL.Component(ICAL.parse(text));
    assert.equal(calendar.getAllSubcomponents('vtimezone').length, 1);
    assert.equal(calendar.getAllSubcomponents('vevent').length, 0);
  });

  test('file names are safe', () => {
    assert.equal(feedFileName('Knit & Natter – Tuesdays!'), 'knit-natter-tuesdays.ics');
    assert.equal(feedFileName('whats-on-Y99901'), 'whats-on-y99901.ics');
    assert.equal(feedFileName('"; rm -rf /'), 'rm-rf.ics');
    assert.equal(feedFileName('—'), 'calendar.ics');
  });
});
