import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import { ICalCalendar, ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import { LONDON } from './recurrence.ts';

// RFC 5545 feeds of activity sessions. Times are written as London wall-clock times with
// TZID=Europe/London and the zone's VTIMEZONE, so a calendar shows a 10am walk at 10am on
// both sides of a clock change. ical-generator formats a native Date in the *server's* zone
// when a time zone is set, so starts and ends are handed over as Luxon times in London.

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
 * Text for a calendar-level property that ical-generator writes as given (X-WR-CALNAME,
 * X-WR-CALDESC): control characters go, and the characters RFC 5545 TEXT reserves are escaped.
 */
function calendarText(value: string): string {
  return value
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .replace(/[\\;,]/g, (match) => `\\${match}`)
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** The zone's name for clients that read it, and an hourly refresh so a cancellation on the day gets through. */
const EXTRA_PROPERTIES = `X-WR-TIMEZONE:${LONDON}\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\nX-PUBLISHED-TTL:PT1H\r\n`;

/** Renders a calendar as RFC 5545 text. */
export function renderCalendar(feed: FeedCalendar): string {
  const calendar = new ICalCalendar({
    prodId: { company: 'Thirdspace', product: "What's on", language: 'EN' },
    name: calendarText(feed.name),
    description: calendarText(feed.description),
    url: feed.url,
    // A named zone here would also be applied to DTSTAMP and LAST-MODIFIED, which RFC 5545
    // requires in UTC; so the zone is set on each event and only its VTIMEZONE comes from here.
    timezone: { name: null, generator: getVtimezoneComponent },
  });
  for (const event of feed.events) {
    calendar.createEvent({
      id: event.uid,
      timezone: LONDON,
      start: DateTime.fromJSDate(event.start, { zone: LONDON }),
      end: DateTime.fromJSDate(event.end, { zone: LONDON }),
      summary: event.summary,
      location: event.location || null,
      description: event.description,
      url: event.url,
      status: event.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      // Cancelling is a revision clients should prefer over the copy they hold.
      sequence: event.cancelled ? 1 : 0,
      // With no METHOD, DTSTAMP is when the event last changed: the same on every fetch.
      stamp: event.lastModified,
      lastModified: event.lastModified,
    });
  }
  let text = calendar.toString().replace(/\r\n$/, '');
  if (feed.events.length === 0) {
    // RFC 5545 wants at least one component in a calendar; with no sessions the zone is it.
    text = text.replace(/END:VCALENDAR$/, `${londonZone()}END:VCALENDAR`);
  }
  // Calendar properties must come before the first component, where ical-generator would put
  // these after it; and every line ends in CRLF, the last one too.
  const firstComponent = text.indexOf('\r\nBEGIN:') + 2;
  return `${text.slice(0, firstComponent)}${EXTRA_PROPERTIES}${text.slice(firstComponent)}\r\n`;
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
