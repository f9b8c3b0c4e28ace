import { FREQUENCY_LABELS, WEEK_OF_MONTH_LABELS, dateParts } from './schedules.schemas.ts';
import { formatDay, formatLongDay, formatTimeRange, londonWallClock, weekdayName } from '../../../lib/dates.ts';
import type { SessionLine } from './schedules.repo.ts';

/** When a session is, as people read it: "Tuesday 3 March 2026" and "2pm to 3pm". */
export function sessionWhen(session: { starts_at: Date; ends_at: Date }): { date: string; time: string } {
  const start = londonWallClock(session.starts_at);
  return { date: formatLongDay(start.date), time: formatTimeRange(start.time, londonWallClock(session.ends_at).time) };
}

/** "2 of 3 places filled", or that no places are needed. */
export function fillText(places: number, filled: number): string {
  if (places === 0) {
    return 'No places needed';
  }
  return `${filled} of ${places} place${places === 1 ? '' : 's'} filled`;
}

/** A session's status as shown: cancelled sessions carry their reason. */
export function statusText(session: { status: string; cancel_reason: string }): string {
  if (session.status === 'cancelled') {
    return session.cancel_reason ? `Cancelled: ${session.cancel_reason}` : 'Cancelled';
  }
  return session.status === 'delivered' ? 'Delivered' : 'Going ahead';
}

/** A session's line on the schedules page. */
export function presentSessionLine(activityId: string, line: SessionLine) {
  return {
    ...sessionWhen(line),
    href: `/activities/${activityId}/sessions/${line.id}`,
    venue: line.venue_name,
    status: line.status,
    statusText: statusText(line),
    fill: fillText(line.places, line.filled),
    unfilled: line.status === 'scheduled' && line.filled < line.places,
  };
}

/** Choices for the new-schedule form's radios and selects. */
export function scheduleFormChoices() {
  return {
    frequencies: Object.entries(FREQUENCY_LABELS).map(([value, text]) => ({ value, text })),
    weekdays: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ value: String(day), text: weekdayName(day) })),
    weeks: Object.entries(WEEK_OF_MONTH_LABELS)
      .sort(([a], [b]) => (a === '-1' ? 1 : b === '-1' ? -1 : Number(a) - Number(b)))
      .map(([value, text]) => ({ value, text })),
  };
}

/** The new-schedule form's starting values: the activity's venue, starting today. */
export function newScheduleValues(venueName: string, today: string): Record<string, string> {
  const parts = dateParts(today);
  return { venueName, 'startsOn[day]': parts.day, 'startsOn[month]': parts.month, 'startsOn[year]': parts.year };
}

/** A skipped date as shown. */
export function presentSkipped(exception: { on_date: string; reason: string }) {
  return { date: formatLongDay(exception.on_date), reason: exception.reason };
}

/** The date a schedule ends, as shown, or null. */
export function endsText(endsOn: string | null): string | null {
  return endsOn ? formatDay(endsOn) : null;
}
