import type { Insertable } from 'kysely';
import { newId } from '../lib/ids.ts';
import type { ActivityRotaPlacesTable, ActivityScheduleRow } from '../modules/activities/activities.tables.ts';
import { occurrencesBetween } from '../modules/activities/schedules/recurrence.rules.ts';
import { ruleOf } from '../modules/activities/schedules/session-generation.jobs.ts';
import type { DemoActivity } from './activities-catalogue.ts';
import { type RotaChampion, type RotaSession, slotOf, teamFor } from './activities-rota.ts';

// The demo's sessions before they are staffed (activities-sessions.ts): generated from each schedule
// exactly as the daily job does, and each activity's regular team.

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

/** A session to be written, with its places in the order they are staffed. */
export type SessionDraft = RotaSession & { scheduleId: string; venue: string; plan: SessionPlan };

/** The sessions of every schedule from `from` to `through`, with their open places per role in role order. */
export function draftSessions(
  plans: readonly SessionPlan[],
  schedules: readonly { row: ActivityScheduleRow; exceptions: string[] }[],
  options: { from: string; through: string },
): { drafts: SessionDraft[]; places: Insertable<ActivityRotaPlacesTable>[] } {
  const byId = new Map(plans.map((plan) => [plan.id, plan]));
  const drafts: SessionDraft[] = [];
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

  return { drafts, places };
}

/** Each organisation's champions, and each activity's regular team, chosen from its first session's slot. */
export function teamsOf(
  plans: readonly SessionPlan[],
  drafts: readonly SessionDraft[],
  champions: readonly RotaChampion[],
): { pools: Map<string, RotaChampion[]>; teams: Map<string, RotaChampion[]> } {
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
  return { pools, teams };
}
