import { readFileSync } from 'node:fs';
import type { ActivityStatus, DeliveryMode, ReferralRoute } from '../modules/activities/activities.tables.ts';
import type { AttendancePattern } from './activities-seasons.ts';

// The demo's activities (domain research §2.1), written out once in data/activities-catalogue.json:
// what each is, where, who runs it, how it repeats and how many people usually come.
// activities-seed.ts turns these into rows; activities-sessions.ts gives them a year of sessions.

/** The demo organisations that run activities. */
/** Every stage of the activity lifecycle, in alphabetical order: the demo reaches each (the type checks none is missing). */
const STAGES: Record<ActivityStatus, true> = {
  active: true,
  approved: true,
  closed: true,
  idea: true,
  paused: true,
  proposed: true,
  risk_assessed: true,
};
export const EVERY_ACTIVITY_STATUS = Object.keys(STAGES).sort() as ActivityStatus[];

export type DemoOrg = 'canal' | 'millbrook' | 'hillside' | 'rosecourt' | 'riverside';

/** How a demo schedule repeats: as the schedule form offers, plus the autumn flu season and dated one-offs. */
export type DemoSchedule =
  | { kind: 'weekly' | 'fortnightly'; weekday: number; start: string; end: string; venue?: string }
  | { kind: 'monthly'; weekday: number; week: 1 | 2 | 3 | 4 | -1; start: string; end: string }
  | { kind: 'flu_season'; weekday: number; start: string; end: string }
  | { kind: 'once'; on: 'christmas_dinner' | 'fun_day'; start: string; end: string };

/** One demo activity. */
export interface DemoActivity {
  key: string;
  org: DemoOrg;
  /** Practices it is also hosted at (network activities). */
  hosts?: ('canal' | 'millbrook')[];
  name: string;
  description: string;
  category: string;
  fiveWays: string[];
  targetGroups: string[];
  mode: DeliveryMode;
  venue: [name: string, address: string, postcode: string];
  accessibility: string;
  costPence?: number;
  costNote?: string;
  routes: ReferralRoute[];
  howToJoin: string;
  capacity: number | null;
  /** Role template names and places per session. */
  roles: [string, number][];
  /** Joan Walker (the demo champion) leads it. */
  joanLeads?: boolean;
  status: ActivityStatus;
  /** Weeks since it went active (active, paused, closed); since it reached its status otherwise. */
  since: number;
  /** Weeks since it was paused or closed. */
  stoppedWeeksAgo?: number;
  stopNote?: string;
  public?: boolean;
  registerReason?: string;
  schedules: DemoSchedule[];
  pattern: AttendancePattern;
  usual: number;
  outdoor?: boolean;
}

/** The demo activities: about thirty, across three practices, a care home and the network. */
export const DEMO_ACTIVITIES: DemoActivity[] = JSON.parse(
  readFileSync(new URL('./data/activities-catalogue.json', import.meta.url), 'utf8'),
);
