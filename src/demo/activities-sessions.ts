import { type Insertable, sql, type Transaction } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import { encryptSecret } from '../platform/crypto.ts';
import { newId } from '../lib/ids.ts';
import type { ActivityScheduleRow, ActivitySessionsTable } from '../modules/activities/activities.tables.ts';
import { addDays } from '../lib/dates.ts';
import type { ChampionHoursTable } from '../modules/champions/champion-activity.tables.ts';
import { Bookings, type RotaChampion, staffSession } from './activities-rota.ts';
import { cancellationReason, isChristmasBreak, sessionCounts } from './activities-seasons.ts';
import { hashOf, seededRandom } from './random.ts';
import { inChunks, insertPlaces, insertSessions } from './activities-session-inserts.ts';
import { draftSessions, type SessionPlan, type SessionSummary, teamsOf } from './activities-session-drafts.ts';
import { daysBetween } from '../lib/dates.ts';

// A year of demo sessions: generated from each schedule exactly as the daily job does (the
// module's ruleOf and occurrencesBetween, open places per role in role order), then staffed,
// cancelled (bank holidays, snow, Christmas, the odd mishap) or recorded as the session screen
// records them, and written in a few multi-row statements. The invariants are the module's:
// new people and referrals no more than the people who came, people supported only for service
// support, a named register only where the activity gives a reason, an incident flag routed
// without detail, and each champion's time one champion_hours row per session.

export type { SessionPlan, SessionSummary } from './activities-session-drafts.ts';

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
const DAY = 86_400_000;
/** Where the two incident flags fall: days before today, per activity. */
const INCIDENT_WINDOWS: Record<string, [number, number]> = { 'canal-knit': [-130, -90], 'millbrook-shed': [-80, -40] };
/** Patterns whose groups take a Christmas break. */
const NO_BREAK = ['greeting', 'flu', 'event', 'one_to_one'];

/** How likely a future place is to be taken already: most of next fortnight, fewer further out. */
function fillAhead(daysAhead: number): number {
  return daysAhead <= 14 ? 0.8 : daysAhead <= 42 ? 0.55 : 0.3;
}

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
  const { drafts, places } = draftSessions(plans, schedules, options);
  const { pools, teams } = teamsOf(plans, drafts, champions);
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
