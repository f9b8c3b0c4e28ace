import { isoWeekday } from '../lib/dates.ts';

// Who stands on each demo session's rota: a steady team per activity (its leads first, then
// champions free at that time of the week), only champions cleared for the role, never one
// person in two places at once, and the load spread across the practice's champions.

/** A demo champion as the rota sees them. */
export interface RotaChampion {
  id: string;
  organisationId: string;
  userId: string | null;
  name: string;
  /** The same person across practices (a log-in), or the champion record. */
  personKey: string;
  /** Availability slots, like 'tue_morning'. */
  availability: ReadonlySet<string>;
  /** Role templates they are cleared for today, and in three weeks' time (a check may lapse). */
  clearedNow: ReadonlySet<string>;
  clearedLater: ReadonlySet<string>;
}

/** A session to staff, with its open places. */
export interface RotaSession {
  id: string;
  activityId: string;
  organisationId: string;
  startsAt: Date;
  endsAt: Date;
  localDate: string;
  places: { id: string; roleTemplateId: string }[];
}

const DAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const LONDON_HOUR = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', hourCycle: 'h23' });

/** 'tue_morning' for a session: its London weekday and part of the day. */
export function slotOf(localDate: string, startsAt: Date): string {
  const hour = Number(LONDON_HOUR.format(startsAt));
  const part = hour < 12 ? 'morning' : hour < 17 ? 'afternoon' : 'evening';
  return `${DAY_KEYS[isoWeekday(localDate) - 1] ?? 'mon'}_${part}`;
}

/** Keeps who is busy when, by person and London date, so nobody is booked twice at once. */
export class Bookings {
  private readonly busy = new Map<string, [number, number][]>();
  private readonly counts = new Map<string, number>();

  /** True when the person has no place overlapping this session. */
  isFree(personKey: string, session: Pick<RotaSession, 'localDate' | 'startsAt' | 'endsAt'>): boolean {
    const held = this.busy.get(`${personKey}|${session.localDate}`) ?? [];
    return held.every(([start, end]) => start >= session.endsAt.getTime() || end <= session.startsAt.getTime());
  }

  /** Books the person for the session. */
  book(personKey: string, session: Pick<RotaSession, 'localDate' | 'startsAt' | 'endsAt'>): void {
    const key = `${personKey}|${session.localDate}`;
    this.busy.set(key, [...(this.busy.get(key) ?? []), [session.startsAt.getTime(), session.endsAt.getTime()]]);
    this.counts.set(personKey, (this.counts.get(personKey) ?? 0) + 1);
  }

  /** How many places the person holds so far. */
  load(personKey: string): number {
    return this.counts.get(personKey) ?? 0;
  }
}

/**
 * The steady team of an activity: its leads, then the champions of its organisation cleared for
 * at least one of its roles, those free at its usual time first, then those in fewest teams.
 */
export function teamFor(
  leads: readonly RotaChampion[],
  pool: readonly RotaChampion[],
  roleIds: readonly string[],
  slot: string | null,
  size: number,
  teams: Map<string, number>,
): RotaChampion[] {
  const cleared = pool.filter(
    (champion) =>
      roleIds.some((roleId) => champion.clearedNow.has(roleId)) && !leads.some((lead) => lead.id === champion.id),
  );
  const ranked = [...cleared].sort((a, b) => {
    const free = Number(slot !== null && b.availability.has(slot)) - Number(slot !== null && a.availability.has(slot));
    return free !== 0 ? free : (teams.get(a.personKey) ?? 0) - (teams.get(b.personKey) ?? 0);
  });
  const team = [...leads, ...ranked].slice(0, Math.max(size, leads.length));
  for (const member of team) {
    teams.set(member.personKey, (teams.get(member.personKey) ?? 0) + 1);
  }
  return team;
}

/**
 * Fills a session's places, each with probability `fill`: from the team first, then anyone in
 * the organisation; only a champion cleared for the role (as of the session's date), free at
 * that time, and not already on this session; the least-booked first. Returns place → champion.
 */
export function staffSession(
  session: RotaSession,
  team: readonly RotaChampion[],
  pool: readonly RotaChampion[],
  bookings: Bookings,
  options: { fill: number; useLaterClearance: boolean; random: () => number },
): Map<string, RotaChampion> {
  const slot = slotOf(session.localDate, session.startsAt);
  const chosen = new Map<string, RotaChampion>();
  for (const place of session.places) {
    if (options.random() >= options.fill) {
      continue;
    }
    const fits = (champion: RotaChampion) =>
      (options.useLaterClearance ? champion.clearedLater : champion.clearedNow).has(place.roleTemplateId) &&
      ![...chosen.values()].some((taken) => taken.personKey === champion.personKey) &&
      bookings.isFree(champion.personKey, session);
    const rank = (list: readonly RotaChampion[]) =>
      list
        .filter(fits)
        .map((champion) => ({
          champion,
          score: (champion.availability.has(slot) ? 0 : 3) + bookings.load(champion.personKey) / 20 + options.random(),
        }))
        .sort((a, b) => a.score - b.score)[0]?.champion;
    const champion = rank(team) ?? rank(pool.filter((member) => !team.includes(member)));
    if (champion) {
      chosen.set(place.id, champion);
      bookings.book(champion.personKey, session);
    }
  }
  return chosen;
}
