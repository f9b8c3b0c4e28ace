import { type Insertable, sql, type Transaction } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import { encryptSecret } from '../platform/crypto.ts';
import { newId } from '../lib/ids.ts';
import type {
  ActivityRotaPlacesTable,
  ActivityScheduleRow,
  ActivitySessionsTable,
} from '../modules/activities/activities.tables.ts';
import { addDays } from '../lib/dates.ts';
import { occurrencesBetween } from '../modules/activities/schedules/recurrence.rules.ts';
import { ruleOf } from '../modules/activities/schedules/session-generation.jobs.ts';
import type { ChampionHoursTable } from '../modules/champions/champion-activity.tables.ts';
import type { DemoActivity } from './activities-catalogue.ts';
import { Bookings, type RotaChampion, type RotaSession, slotOf, staffSession, teamFor } from './activities-rota.ts';
import { cancellationReason, isChristmasBreak, sessionCounts } from './activities-seasons.ts';
import { hashOf, seededRandom } from './random.ts';

// A year of demo sessions: generated from each schedule exactly as the daily job does (the
// module's ruleOf and occurrencesBetween, open places per role in role order), then staffed,
// cancelled (bank holidays, snow, Christmas, the odd mishap) or recorded as the session screen
// records them, and written in a few multi-row statements. The invariants are the module's:
// new people and referrals no more than the people who came, people supported only for service
// support, a named register only where the activity gives a reason, an incident flag routed
// without detail, and each champion's time one champion_hours row per session.

/** An activity with what its sessions need to be staffed and recorded. */
export interface SessionPlan {
  id: string;
  def: DemoActivity;
  organisationId: string;
  leads: RotaChampion[];
  /** The roles its sessions need: template id and places. */
  roles: { role_template_id: string; places: number }[];
  /** The London date it went active. */
  activeOn: string;
  /** The London date it was paused, when it is paused. */
  pausedOn: string | null;
  /** Who records its sessions: a lead with a log-in, or the coordinator. */
  recorderId: string | null;
  /** Who verifies its champions' hours and assigns rota places. */
  coordinatorId: string | null;
}

/** What one session came to, for the sustain reviews' figures. */
export interface SessionSummary {
  activityId: string;
  localDate: string;
  startsAt: Date;
  status: 'scheduled' | 'cancelled' | 'delivered';
  headCount: number;
  newAttendees: number;
  minutes: number;
}

const CHILD_NAMES = [
  'Ava',
  'Noah',
  'Isla',
  'Leo',
  'Freya',
  'Oscar',
  'Amara',
  'Musa',
  'Zofia',
  'Harry',
  'Maryam',
  'Theo',
  'Ruby',
  'Yusuf',
  'Elsie',
  'Arlo',
];
const CHUNK = 500;
const DAY = 86_400_000;
/** Where the two incident flags fall: days before today, per activity. */
const INCIDENT_WINDOWS: Record<string, [number, number]> = { 'canal-knit': [-130, -90], 'millbrook-shed': [-80, -40] };
/** Patterns whose groups take a Christmas break. */
const NO_BREAK = ['greeting', 'flu', 'event', 'one_to_one'];

/** Writes rows a few hundred at a time (one statement each). */
async function inChunks<T>(rows: readonly T[], write: (part: T[]) => Promise<unknown>): Promise<void> {
  for (let index = 0; index < rows.length; index += CHUNK) {
    await write(rows.slice(index, index + CHUNK));
  }
}

const column = <T, V>(rows: readonly T[], pick: (row: T) => V) => rows.map(pick);
const stamp = (value: Date | string | null | undefined) =>
  value instanceof Date ? value.toISOString() : (value ?? null);

/** Inserts sessions with one array per column (unnest), far quicker than thousands of parameters. */
async function insertSessions(
  tx: Transaction<Database>,
  rows: readonly Insertable<ActivitySessionsTable>[],
): Promise<void> {
  if (rows.length === 0) {
    return;
  }
  await sql`
    insert into activity_sessions (id, activity_id, organisation_id, schedule_id, starts_at, ends_at, local_date, venue_name, status, cancel_reason, head_count, new_attendees,
      referred_self, referred_reception, referred_gp, referred_link_worker, people_supported, incident_flagged, incident_routed_at, recorded_by, recorded_at)
    select * from unnest(
      ${column(rows, (row) => row.id)}::uuid[], ${column(rows, (row) => row.activity_id)}::uuid[], ${column(rows, (row) => row.organisation_id)}::uuid[], ${column(rows, (row) => row.schedule_id ?? null)}::uuid[],
      ${column(rows, (row) => stamp(row.starts_at))}::timestamptz[], ${column(rows, (row) => stamp(row.ends_at))}::timestamptz[], ${column(rows, (row) => String(row.local_date))}::date[],
      ${column(rows, (row) => row.venue_name ?? '')}::text[], ${column(rows, (row) => row.status ?? 'scheduled')}::text[], ${column(rows, (row) => row.cancel_reason ?? '')}::text[],
      ${column(rows, (row) => row.head_count ?? null)}::int[], ${column(rows, (row) => row.new_attendees ?? null)}::int[], ${column(rows, (row) => row.referred_self ?? 0)}::int[],
      ${column(rows, (row) => row.referred_reception ?? 0)}::int[], ${column(rows, (row) => row.referred_gp ?? 0)}::int[], ${column(rows, (row) => row.referred_link_worker ?? 0)}::int[],
      ${column(rows, (row) => row.people_supported ?? null)}::int[], ${column(rows, (row) => row.incident_flagged ?? false)}::boolean[], ${column(rows, (row) => stamp(row.incident_routed_at))}::timestamptz[],
      ${column(rows, (row) => row.recorded_by ?? null)}::uuid[], ${column(rows, (row) => stamp(row.recorded_at))}::timestamptz[])`.execute(
    tx,
  );
}

/** Inserts rota places, taken or open, with one array per column. */
async function insertPlaces(
  tx: Transaction<Database>,
  rows: readonly Insertable<ActivityRotaPlacesTable>[],
): Promise<void> {
  if (rows.length === 0) {
    return;
  }
  await sql`
    insert into activity_rota_places (id, session_id, organisation_id, role_template_id, position, champion_id, assigned_by, assigned_at)
    select * from unnest(
      ${column(rows, (row) => row.id)}::uuid[], ${column(rows, (row) => row.session_id)}::uuid[], ${column(rows, (row) => row.organisation_id)}::uuid[], ${column(rows, (row) => row.role_template_id)}::uuid[],
      ${column(rows, (row) => row.position ?? 1)}::int[], ${column(rows, (row) => row.champion_id ?? null)}::uuid[], ${column(rows, (row) => row.assigned_by ?? null)}::uuid[], ${column(rows, (row) => stamp(row.assigned_at))}::timestamptz[])`.execute(
    tx,
  );
}

/** How likely a future place is to be taken already: most of next fortnight, fewer further out. */
function fillAhead(daysAhead: number): number {
  return daysAhead <= 14 ? 0.8 : daysAhead <= 42 ? 0.55 : 0.3;
}

const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T12:00:00Z`) - Date.parse(`${from}T12:00:00Z`)) / DAY);

/**
 * Generates, staffs and records the sessions of the demo schedules from `from` to `through`,
 * as of `now`: past sessions delivered or cancelled; today's left to record, and those of Joan
 * Walker's activities since yesterday, and a few recent ones; future ones with some places taken
 * and some open. Marks each schedule generated to `through` (or its end), as generateSessions
 * does, so the daily job carries on from there. Returns a summary of every session.
 */
export async function writeDemoSessions(
  tx: Transaction<Database>,
  plans: readonly SessionPlan[],
  schedules: readonly { row: ActivityScheduleRow; exceptions: string[] }[],
  champions: readonly RotaChampion[],
  options: { now: Date; today: string; from: string; through: string; key: Buffer },
): Promise<SessionSummary[]> {
  const { now, today } = options;
  const byId = new Map(plans.map((plan) => [plan.id, plan]));
  const drafts: (RotaSession & { scheduleId: string; venue: string; plan: SessionPlan })[] = [];
  const places: Insertable<ActivityRotaPlacesTable>[] = [];
  for (const { row, exceptions } of schedules) {
    const plan = byId.get(row.activity_id);
    if (!plan) {
      continue;
    }
    const start = [options.from, row.starts_on].sort().at(-1) ?? options.from;
    // Open places per role in role order, as generateSessions adds them.
    const roles = [...plan.roles].sort((a, b) => a.role_template_id.localeCompare(b.role_template_id));
    const rank = (roleId: string) => plan.roles.findIndex((role) => role.role_template_id === roleId);
    for (const occurrence of occurrencesBetween(ruleOf(row, exceptions), start, options.through)) {
      const id = newId();
      const sessionPlaces = roles.flatMap((role) =>
        Array.from({ length: role.places }, (_unused, index) => ({
          id: newId(),
          session_id: id,
          organisation_id: row.organisation_id,
          role_template_id: role.role_template_id,
          position: index + 1,
        })),
      );
      places.push(...sessionPlaces);
      // Staffed in the order the activity lists its roles, so the same champions come out every time.
      const staffingOrder = [...sessionPlaces].sort(
        (a, b) => rank(a.role_template_id) - rank(b.role_template_id) || a.position - b.position,
      );
      drafts.push({
        id,
        activityId: row.activity_id,
        organisationId: row.organisation_id,
        startsAt: occurrence.startsAt,
        endsAt: occurrence.endsAt,
        localDate: occurrence.localDate,
        places: staffingOrder.map((place) => ({ id: place.id, roleTemplateId: place.role_template_id })),
        scheduleId: row.id,
        venue: row.venue_name,
        plan,
      });
    }
  }
  // Staffed in time order (then by activity), so the same data comes out every time.
  drafts.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.plan.def.key.localeCompare(b.plan.def.key));

  const pools = new Map<string, RotaChampion[]>();
  for (const champion of champions) {
    pools.set(champion.organisationId, [...(pools.get(champion.organisationId) ?? []), champion]);
  }
  const teamCounts = new Map<string, number>();
  const teams = new Map(
    plans.map((plan) => {
      const first = drafts.find((draft) => draft.activityId === plan.id);
      const size = plan.roles.reduce((sum, role) => sum + role.places, 0) + 2;
      return [
        plan.id,
        teamFor(
          plan.leads,
          pools.get(plan.organisationId) ?? [],
          plan.roles.map((role) => role.role_template_id),
          first ? slotOf(first.localDate, first.startsAt) : null,
          size,
          teamCounts,
        ),
      ];
    }),
  );
  // One stream for what happened at each session, another for who was there, so each is the same every time.
  const randoms = new Map(plans.map((plan) => [plan.id, seededRandom(hashOf(`sessions:${plan.def.key}`))]));
  const rotaRandoms = new Map(plans.map((plan) => [plan.id, seededRandom(hashOf(`rota:${plan.def.key}`))]));
  const bookings = new Bookings();
  const taken = new Map<string, { championId: string; by: string | null; at: Date }>();
  const sessions: Insertable<ActivitySessionsTable>[] = [];
  const hours: Insertable<ChampionHoursTable>[] = [];
  const register: Insertable<Database['activity_register_entries']>[] = [];
  const summaries: SessionSummary[] = [];
  const flagged = new Set<string>();
  const yesterday = addDays(today, -1);

  for (const draft of drafts) {
    const { plan } = draft;
    const { def } = plan;
    const random = randoms.get(plan.id) ?? seededRandom(1);
    const rotaRandom = rotaRandoms.get(plan.id) ?? seededRandom(2);
    const date = draft.localDate;
    const daysAhead = daysBetween(today, date);
    const base = {
      id: draft.id,
      activity_id: draft.activityId,
      organisation_id: draft.organisationId,
      schedule_id: draft.scheduleId,
      starts_at: draft.startsAt,
      ends_at: draft.endsAt,
      local_date: date,
      venue_name: draft.venue,
    };
    const summary: SessionSummary = {
      activityId: plan.id,
      localDate: date,
      startsAt: draft.startsAt,
      status: 'scheduled',
      headCount: 0,
      newAttendees: 0,
      minutes: 0,
    };
    summaries.push(summary);
    const paused = plan.pausedOn !== null && date >= plan.pausedOn;
    const onBreak = !NO_BREAK.includes(def.pattern) && isChristmasBreak(date);
    const reason = paused
      ? 'The activity is paused'
      : daysAhead < 0
        ? onBreak
          ? 'Christmas break'
          : cancellationReason(date, def.outdoor === true, random)
        : random() < 0.01
          ? 'The room is needed for staff training'
          : null;
    if (reason) {
      sessions.push({ ...base, status: 'cancelled', cancel_reason: reason });
      summary.status = 'cancelled';
      continue;
    }
    const staffed = staffSession(draft, teams.get(plan.id) ?? [], pools.get(plan.organisationId) ?? [], bookings, {
      fill: daysAhead <= 0 ? 0.96 : fillAhead(daysAhead),
      useLaterClearance: daysAhead > 21,
      random: rotaRandom,
    });
    const assignedAt = new Date(
      Math.min(now.getTime() - 3_600_000, draft.startsAt.getTime() - (3 + Math.floor(rotaRandom() * 20)) * DAY),
    );
    for (const [placeId, champion] of staffed) {
      taken.set(placeId, { championId: champion.id, by: plan.coordinatorId, at: assignedAt });
    }
    // Today's sessions wait to be recorded, Joan's since yesterday too, and a few recent ones.
    const waiting =
      daysAhead >= 0 ||
      (def.joanLeads === true && date >= yesterday) ||
      (daysAhead > -10 && random() < 0.08) ||
      (daysAhead > -60 && random() < 0.01);
    if (waiting) {
      sessions.push({ ...base, status: 'scheduled' });
      continue;
    }
    const counts = sessionCounts(
      {
        pattern: def.pattern,
        usual: def.usual,
        capacity: def.capacity,
        routes: def.routes,
        serviceSupport: def.mode === 'service_support',
        weeksRunning: Math.floor(daysBetween(plan.activeOn, date) / 7),
      },
      date,
      random,
    );
    const recordedAt = new Date(
      Math.min(now.getTime() - 60_000, draft.endsAt.getTime() + (20 + Math.floor(random() * 26 * 60)) * 60_000),
    );
    // Two incidents flagged (and routed), a few months back: the flag only, never what happened.
    const window = INCIDENT_WINDOWS[def.key];
    const incident = window !== undefined && !flagged.has(def.key) && daysAhead >= window[0] && daysAhead <= window[1];
    if (incident) {
      flagged.add(def.key);
    }
    sessions.push({
      ...base,
      status: 'delivered',
      head_count: counts.headCount,
      new_attendees: counts.newAttendees,
      referred_self: counts.referred.self,
      referred_reception: counts.referred.reception,
      referred_gp: counts.referred.gp,
      referred_link_worker: counts.referred.link_worker,
      people_supported: counts.peopleSupported,
      incident_flagged: incident,
      incident_routed_at: incident ? recordedAt : null,
      recorded_by: plan.recorderId,
      recorded_at: recordedAt,
    });
    Object.assign(summary, { status: 'delivered', headCount: counts.headCount, newAttendees: counts.newAttendees });
    const length = Math.round((draft.endsAt.getTime() - draft.startsAt.getTime()) / 60_000);
    for (const champion of staffed.values()) {
      if (rotaRandom() < 0.04) {
        continue;
      }
      const extra = rotaRandom();
      const minutes = Math.max(15, length + (extra < 0.12 ? 30 : extra < 0.25 ? 15 : extra > 0.96 ? -30 : 0));
      const verified = daysAhead < -14 && rotaRandom() < 0.92;
      summary.minutes += minutes;
      hours.push({
        id: newId(),
        organisation_id: champion.organisationId,
        champion_id: champion.id,
        worked_on: date,
        minutes,
        category: 'session',
        description: `Session: ${def.name}`,
        session_id: draft.id,
        status: verified ? 'verified' : 'logged',
        verified_by: verified ? plan.coordinatorId : null,
        verified_at: verified
          ? new Date(Math.min(now.getTime() - 60_000, recordedAt.getTime() + (2 + Math.floor(rotaRandom() * 8)) * DAY))
          : null,
        created_at: recordedAt,
      });
    }
    if (def.registerReason) {
      for (let child = 0; child < counts.headCount; child += 1) {
        const name = `${CHILD_NAMES[(child * 5 + hashOf(date)) % CHILD_NAMES.length] ?? 'Sam'} ${String.fromCharCode(65 + ((child * 7 + 3) % 26))}.`;
        register.push({
          id: newId(),
          session_id: draft.id,
          organisation_id: draft.organisationId,
          name_enc: encryptSecret(options.key, name),
          created_by: plan.recorderId,
          created_at: new Date(recordedAt.getTime() + child),
        });
      }
    }
  }

  await insertSessions(tx, sessions);
  await insertPlaces(
    tx,
    places.map((place) => {
      const holder = taken.get(place.id);
      return holder
        ? { ...place, champion_id: holder.championId, assigned_by: holder.by, assigned_at: holder.at }
        : place;
    }),
  );
  await inChunks(hours, (part) => tx.insertInto('champion_hours').values(part).execute());
  await inChunks(register, (part) => tx.insertInto('activity_register_entries').values(part).execute());
  if (schedules.length > 0) {
    // As generateSessions records it: generated to the horizon, or to the schedule's end if sooner.
    await tx
      .updateTable('activity_schedules')
      .set({
        generated_until: sql<string>`least(coalesce(ends_on, ${options.through}::date), ${options.through}::date)`,
      })
      .where(
        'id',
        'in',
        schedules.map(({ row }) => row.id),
      )
      .execute();
  }
  return summaries;
}
