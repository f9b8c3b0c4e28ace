import type { Insertable } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import { newId } from '../lib/ids.ts';
import { addDays, londonToday } from '../lib/dates.ts';
import { occurrenceDates, rruleFor } from '../modules/activities/schedules/recurrence.rules.ts';
import { stableId } from '../modules/directory/index.ts';
import type { DemoActivity, DemoOrg } from './activities-catalogue.ts';
import { riskWording } from './activities-extras.ts';
import { movesFor, schedulesFor } from './activities-plan.ts';
import type { RotaChampion } from './activities-rota.ts';
import { bankHolidayOn, isChristmasBreak } from './activities-seasons.ts';

// The rows of one demo activity, built in memory so all thirty are written in a handful of
// multi-row statements: the activity, its hosts, leads and roles, its history through the
// lifecycle, its risk assessments and its schedules with the dates they skip ahead.

const DAY = 86_400_000;
const NOTES: Partial<Record<string, string>> = {
  proposed: 'Proposed at the champions’ meeting',
  approved: 'Risk assessment approved',
  active: 'Published on what’s on and in the directory',
};

/** Every row the demo activities are made of, by table. */
export interface ActivityRows {
  activities: Insertable<Database['activities']>[];
  hosts: Insertable<Database['activity_hosts']>[];
  leads: Insertable<Database['activity_leads']>[];
  roles: Insertable<Database['activity_roles']>[];
  history: Insertable<Database['activity_status_history']>[];
  assessments: Insertable<Database['activity_risk_assessments']>[];
  schedules: Insertable<Database['activity_schedules']>[];
  exceptions: Insertable<Database['activity_schedule_exceptions']>[];
}

/** An empty set of rows to add activities to. */
export function emptyRows(): ActivityRows {
  return {
    activities: [],
    hosts: [],
    leads: [],
    roles: [],
    history: [],
    assessments: [],
    schedules: [],
    exceptions: [],
  };
}

/** Who is involved in an activity, and the context it is built in. */
export interface ActivityPeople {
  organisations: Record<DemoOrg, string>;
  leads: readonly RotaChampion[];
  roles: readonly { role_template_id: string; places: number }[];
  coordinatorId: string | null;
  sponsorId: string | null;
  meetingItemId: string | null;
  now: Date;
  today: string;
  window: { from: string; to: string };
}

/** What the rest of the seed needs to know about an activity once its rows are built. */
export interface BuiltActivity {
  id: string;
  activeAt: Date;
  statusChangedAt: Date;
  /** The London date its sessions start from. */
  startsOn: string;
}

/**
 * Adds one demo activity's rows: the activity at its status, its moves through the lifecycle
 * (the pause or close by a sustain review), a risk assessment from 'risk assessed' on (approved
 * when it was, renewed after a year while it runs), and its schedules with bank holidays and
 * the Christmas break ahead skipped.
 */
export function addActivityRows(rows: ActivityRows, def: DemoActivity, people: ActivityPeople): BuiltActivity {
  const { now, coordinatorId: coordinator } = people;
  const organisationId = people.organisations[def.org];
  const id = stableId(`demo:activity:${def.key}`);
  const proposer = people.leads.find((lead) => lead.userId !== null)?.userId ?? coordinator;
  const moves = movesFor(def, now);
  const last = moves.at(-1);
  const statusChangedAt = last?.at ?? now;
  const activeAt = moves.find((move) => move.to === 'active')?.at ?? statusChangedAt;
  rows.activities.push({
    id,
    organisation_id: organisationId,
    name: def.name,
    description: def.description,
    category: def.category,
    five_ways: def.fiveWays,
    target_groups: def.targetGroups,
    delivery_mode: def.mode,
    venue_name: def.venue[0],
    venue_address: def.venue[1],
    venue_postcode: def.venue[2],
    accessibility_notes: def.accessibility,
    cost_pence: def.costPence ?? 0,
    cost_note: def.costNote ?? '',
    referral_routes: def.routes,
    how_to_join: def.howToJoin,
    capacity: def.capacity,
    staff_sponsor_user_id: def.status === 'idea' ? null : people.sponsorId,
    review_on: def.status === 'active' ? addDays(londonToday(activeAt), 91) : null,
    named_register_reason: def.registerReason ?? null,
    status: def.status,
    status_changed_at: statusChangedAt,
    public: def.public ?? true,
    meeting_item_id: people.meetingItemId,
    created_by: proposer,
    created_at: moves[0]?.at ?? now,
    updated_at: statusChangedAt,
  });
  rows.hosts.push(
    ...(def.hosts ?? []).map((host) => ({ activity_id: id, organisation_id: people.organisations[host] })),
  );
  rows.leads.push(
    ...people.leads.map((lead) => ({ activity_id: id, champion_id: lead.id, organisation_id: organisationId })),
  );
  rows.roles.push(
    ...people.roles.map((role) => ({
      activity_id: id,
      role_template_id: role.role_template_id,
      organisation_id: organisationId,
      places: role.places,
    })),
  );
  rows.history.push(
    ...moves.map((move) => ({
      id: newId(),
      activity_id: id,
      organisation_id: organisationId,
      from_status: move.from,
      to_status: move.to,
      changed_by: move.to === 'idea' || move.to === 'proposed' ? proposer : coordinator,
      note:
        move.to === 'paused' || move.to === 'closed' ? `Sustain review: ${def.stopNote ?? ''}` : (NOTES[move.to] ?? ''),
      changed_at: move.at,
    })),
  );
  const assessed = moves.find((move) => move.to === 'risk_assessed');
  if (assessed) {
    const wording = riskWording(def);
    const approved = moves.find((move) => move.to === 'approved');
    const assessedOn = londonToday(assessed.at);
    const assessments: { on: string; at: Date; approvedAt: Date | null }[] = [
      { on: assessedOn, at: assessed.at, approvedAt: approved?.at ?? null },
    ];
    if (def.status === 'active' && addDays(assessedOn, 330) < people.today) {
      // Looked at again after a year while it runs; the latest assessment counts.
      const renewed = new Date(now.getTime() - (10 + (def.key.length % 20)) * DAY);
      assessments.push({ on: londonToday(renewed), at: renewed, approvedAt: null });
    }
    rows.assessments.push(
      ...assessments.map((assessment) => ({
        id: newId(),
        activity_id: id,
        organisation_id: organisationId,
        hazards: wording.hazards,
        controls: wording.controls,
        safeguarding: wording.safeguarding,
        lone_working: wording.loneWorking,
        insurance: wording.insurance,
        assessed_by: coordinator,
        assessed_on: assessment.on,
        review_on: addDays(assessment.on, 365),
        approved_by: assessment.approvedAt ? coordinator : null,
        approved_at: assessment.approvedAt,
        created_at: assessment.at,
      })),
    );
  }
  const startsOn = def.status === 'approved' ? addDays(people.today, 10) : londonToday(activeAt);
  const endsOn = def.status === 'closed' ? londonToday(statusChangedAt) : null;
  const breaks = !['greeting', 'flu', 'event', 'one_to_one'].includes(def.pattern);
  for (const planned of schedulesFor(def, people.window, startsOn, endsOn)) {
    const scheduleId = newId();
    rows.schedules.push({
      id: scheduleId,
      activity_id: id,
      organisation_id: organisationId,
      frequency: planned.rule.frequency,
      rrule: rruleFor(planned.rule),
      starts_on: planned.rule.startsOn,
      ends_on: planned.rule.endsOn,
      weekday: planned.rule.weekday,
      week_of_month: planned.rule.weekOfMonth,
      start_time: planned.rule.startTime,
      end_time: planned.rule.endTime,
      venue_name: planned.venue,
      created_by: coordinator,
      created_at: activeAt,
    });
    for (const date of occurrenceDates(planned.rule, addDays(people.today, 1), people.window.to)) {
      const holiday = bankHolidayOn(date);
      const reason = holiday
        ? `Bank holiday (${holiday})`
        : breaks && isChristmasBreak(date)
          ? 'Christmas break'
          : null;
      if (reason) {
        rows.exceptions.push({
          schedule_id: scheduleId,
          organisation_id: organisationId,
          on_date: date,
          reason,
          created_by: coordinator,
        });
      }
    }
  }
  return { id, activeAt, statusChangedAt, startsOn };
}
