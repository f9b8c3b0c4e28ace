import type { ActivityStatus } from '../modules/activities/activities.tables.ts';
import { addDays, isoWeekday } from '../lib/dates.ts';
import type { ScheduleRule } from '../modules/activities/schedules/recurrence.rules.ts';
import type { DemoActivity, DemoSchedule } from './activities-catalogue.ts';

// When each demo activity moved through its lifecycle, and the schedules (recurrence rules)
// its sessions come from, worked out from "now" so the demo always has a year behind it and
// twelve weeks ahead. Pure functions: activities-seed.ts writes what they return.

const DAY = 86_400_000;
const WEEK = 7 * DAY;
const LIFECYCLE: ActivityStatus[] = ['idea', 'proposed', 'risk_assessed', 'approved', 'active'];

/** One move through the lifecycle, at a time. */
export interface Move {
  from: ActivityStatus | null;
  to: ActivityStatus;
  at: Date;
}

/**
 * The moves an activity made to reach its status: twelve days apart up to the status (or up to
 * going active), then the pause or close. The last move's time is when it reached its status.
 */
export function movesFor(def: Pick<DemoActivity, 'status' | 'since' | 'stoppedWeeksAgo'>, now: Date): Move[] {
  const stopped = def.status === 'paused' || def.status === 'closed';
  const anchorStatus: ActivityStatus = stopped ? 'active' : def.status;
  const anchorIndex = LIFECYCLE.indexOf(anchorStatus);
  const anchor = now.getTime() - def.since * WEEK;
  const moves: Move[] = LIFECYCLE.slice(0, anchorIndex + 1).map((to, index) => ({
    from: index === 0 ? null : (LIFECYCLE[index - 1] ?? null),
    to,
    at: new Date(anchor - (anchorIndex - index) * 12 * DAY),
  }));
  if (stopped) {
    moves.push({ from: 'active', to: def.status, at: new Date(now.getTime() - (def.stoppedWeeksAgo ?? 4) * WEEK) });
  }
  return moves;
}

function isoOf(year: number, month: number, day: number): string {
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}

/** The last given ISO weekday on or before a date. */
function onOrBefore(date: string, weekday: number): string {
  return addDays(date, -((isoWeekday(date) - weekday + 7) % 7));
}

/** The date of a dated one-off in a year: the Christmas dinner (a Saturday before Christmas) or the summer fun day. */
export function eventDate(on: 'christmas_dinner' | 'fun_day', year: number): string {
  if (on === 'christmas_dinner') {
    return onOrBefore(isoOf(year, 12, 19), 6);
  }
  // The second Saturday of July.
  return addDays(onOrBefore(isoOf(year, 7, 7), 6), 7);
}

/** A schedule to create: its recurrence rule and venue. */
export interface PlannedSchedule {
  rule: ScheduleRule;
  venue: string;
}

/**
 * The schedules of an activity that produce sessions between the window's start and end:
 * repeating ones from the day it went active (until it closed), the flu clinic once per autumn
 * that touches the window, one-offs on their dates.
 */
export function schedulesFor(
  def: Pick<DemoActivity, 'schedules' | 'venue'>,
  window: { from: string; to: string },
  startsOn: string,
  endsOn: string | null,
): PlannedSchedule[] {
  const year = Number(window.to.slice(0, 4));
  const years = [year - 2, year - 1, year];
  const earliest = startsOn > window.from ? startsOn : window.from;
  const planned: PlannedSchedule[] = [];
  const base = (schedule: DemoSchedule) => ({
    startTime: schedule.start,
    endTime: schedule.end,
    exceptions: [] as string[],
  });
  for (const schedule of def.schedules) {
    const venue = 'venue' in schedule && schedule.venue ? schedule.venue : def.venue[0];
    switch (schedule.kind) {
      case 'weekly':
      case 'fortnightly':
        planned.push({
          venue,
          rule: {
            ...base(schedule),
            frequency: schedule.kind,
            startsOn,
            endsOn,
            weekday: schedule.weekday,
            weekOfMonth: null,
          },
        });
        break;
      case 'monthly':
        planned.push({
          venue,
          rule: {
            ...base(schedule),
            frequency: 'monthly_weekday',
            startsOn,
            endsOn,
            weekday: schedule.weekday,
            weekOfMonth: schedule.week,
          },
        });
        break;
      case 'flu_season':
        for (const season of years) {
          const [from, to] = [isoOf(season, 10, 1), isoOf(season, 11, 30)];
          if (to >= earliest && from <= window.to) {
            planned.push({
              venue,
              rule: {
                ...base(schedule),
                frequency: 'weekly',
                startsOn: from,
                endsOn: to,
                weekday: schedule.weekday,
                weekOfMonth: null,
              },
            });
          }
        }
        break;
      case 'once':
        for (const date of years.map((each) => eventDate(schedule.on, each))) {
          if (date >= earliest && date <= window.to) {
            planned.push({
              venue,
              rule: {
                ...base(schedule),
                frequency: 'once',
                startsOn: date,
                endsOn: null,
                weekday: null,
                weekOfMonth: null,
              },
            });
          }
        }
        break;
    }
  }
  return planned;
}
