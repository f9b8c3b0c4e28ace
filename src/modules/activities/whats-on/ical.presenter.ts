import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { LONDON } from '../../../lib/dates.ts';

// RFC 5545 feeds of activity sessions, built with ical.js (Mozilla's iCalendar library, which
// folds lines by octets in one pass). Times are written as London wall-clock times with
// TZID=Europe/London and the zone's VTIMEZONE, so a calendar shows a 10am walk at 10am on both
// sides of a clock change; DTSTAMP and LAST-MODIFIED are in UTC, as RFC 5545 requires.

/** One session as a calendar event. */
export interface FeedEvent {
  /** Stable across fetches: the session's id with a fixed domain. */
  uid: string;
  start: Date;
  end: Date;
  summary: string;
  location: string;
  description: string;
  url: string;
  cancelled: boolean;
  lastModified: Date;
}

/** A calendar: its name, the page it belongs to, and its events. */
export interface FeedCalendar {
  name: string;
  description: string;
  url: string;
  events: FeedEvent[];
}

/** The domain part of every event's UID. */
export const UID_DOMAIN = 'thirdspace';

/** A session's UID: the same on every fetch of every feed that carries it. */
export function sessionUid(sessionId: string): string {
  return `${sessionId}@${UID_DOMAIN}`;
}

/**
 * Text for a calendar-level X- property, which ical.js writes as given: control characters go,
 * and the characters RFC 5545 TEXT reserves are escaped.
 */
function calendarText(value: string): string {
  return value
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .replace(/[\\;,]/g, (match) => `\\${match}`)
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** A wall-clock time in London as an ICAL property value, with its TZID. */
function londonProperty(name: string, instant: Date): ICAL.Property {
  const local = DateTime.fromJSDate(instant, { zone: LONDON });
  const property = new ICAL.Property(name);
  property.setParameter('tzid', LONDON);
  property.setValue(
    ICAL.Time.fromData({
      year: local.year,
      month: local.month,
      day: local.day,
      hour: local.hour,
      minute: local.minute,
      second: local.second,
      isDate: false,
    }),
  );
  return property;
}

/** A UTC time as an ICAL value. */
function utc(instant: Date): ICAL.Time {
  return ICAL.Time.fromJSDate(instant, true);
}

/** One session as a VEVENT. */
function eventComponent(event: FeedEvent): ICAL.Component {
  const component = new ICAL.Component('vevent');
  component.addPropertyWithValue('uid', event.uid);
  // With no METHOD, DTSTAMP is when the event last changed: the same on every fetch.
  component.addPropertyWithValue('dtstamp', utc(event.lastModified));
  component.addProperty(londonProperty('dtstart', event.start));
  component.addProperty(londonProperty('dtend', event.end));
  component.addPropertyWithValue('summary', event.summary);
  if (event.location) {
    component.addPropertyWithValue('location', event.location);
  }
  component.addPropertyWithValue('description', event.description);
  component.addPropertyWithValue('url', event.url);
  component.addPropertyWithValue('status', event.cancelled ? 'CANCELLED' : 'CONFIRMED');
  // Cancelling is a revision clients should prefer over the copy they hold.
  component.addPropertyWithValue('sequence', event.cancelled ? 1 : 0);
  component.addPropertyWithValue('last-modified', utc(event.lastModified));
  return component;
}

/** Renders a calendar as RFC 5545 text: CRLF line ends, lines folded at 75 octets. */
export function renderCalendar(feed: FeedCalendar): string {
  const calendar = new ICAL.Component('vcalendar');
  calendar.addPropertyWithValue('version', '2.0');
  calendar.addPropertyWithValue('prodid', "-//Thirdspace//What's on//EN");
  calendar.addPropertyWithValue('calscale', 'GREGORIAN');
  calendar.addPropertyWithValue('url', feed.url);
  calendar.addPropertyWithValue('x-wr-calname', calendarText(feed.name));
  calendar.addPropertyWithValue('x-wr-caldesc', calendarText(feed.description));
  // The zone's name for clients that read it, and an hourly refresh so a cancellation on the day gets through.
  calendar.addPropertyWithValue('x-wr-timezone', LONDON);
  // RFC 7986: ical.js writes the VALUE=DURATION this property must carry.
  calendar.addPropertyWithValue('refresh-interval', ICAL.Duration.fromString('PT1H'));
  calendar.addPropertyWithValue('x-published-ttl', 'PT1H');
  // RFC 5545 wants at least one component: with no sessions the zone is it.
  calendar.addSubcomponent(new ICAL.Component(ICAL.parse(londonZone())));
  for (const event of feed.events) {
    calendar.addSubcomponent(eventComponent(event));
  }
  // ical.js folds after 75 octets and then indents: 74 keeps every folded line within 75.
  const foldLength = ICAL.foldLength;
  ICAL.foldLength = 74;
  try {
    return `${calendar.toString()}\r\n`;
  } finally {
    ICAL.foldLength = foldLength;
  }
}

/** Europe/London's VTIMEZONE, with CRLF line ends. */
function londonZone(): string {
  return `${(getVtimezoneComponent(LONDON) ?? '').replace(/\r?\n/g, '\r\n').trim()}\r\n`;
}

/** A safe file name for a feed: lower-case letters, digits and hyphens, ending in .ics. */
export function feedFileName(words: string): string {
  const slug = words
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .toLowerCase()
    .replace(/[\s_-]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60)
    .replace(/-$/, '');
  return `${slug || 'calendar'}.ics`;
}
