import { z } from 'zod';
import type { Scope } from '../../../platform/auth/policy.ts';
import type { ServiceContext } from '../../../platform/context.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { sessionMinutes } from '../../champions/index.ts';
import type { ReferralRoute } from '../activities.tables.ts';
import { activityScope, loadActivity } from '../shared/activities-scope.policy.ts';
import { findOrganisation } from '../shared/activity-records.repo.ts';
import { londonDate } from './session-access.policy.ts';
import { countedSessions } from './session-totals.repo.ts';

const isoDate = z
  .string()
  .trim()
  .refine(
    (value) => /^\d{4}-\d{2}-\d{2}$/.test(value) && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value,
    'Enter a real date, like 2026-04-06',
  );

/** The period filter: from and to dates (inclusive); blank means the last 12 months. */
export const TotalsPeriod = z
  .object({ from: z.union([z.literal(''), isoDate]).default(''), to: z.union([z.literal(''), isoDate]).default('') })
  .refine((period) => !period.from || !period.to || period.from <= period.to, {
    path: ['to'],
    error: 'The end date must be the same as or after the start date',
  });

/** What the period filter holds once read. */
export type TotalsPeriod = z.infer<typeof TotalsPeriod>;

/** The period to count: as given, or the 12 months to today. */
export function resolvePeriod(period: TotalsPeriod, today = londonDate()): { from: string; to: string } {
  const to = period.to || today;
  if (period.from) {
    return { from: period.from, to };
  }
  const start = new Date(`${to}T12:00:00Z`);
  start.setUTCFullYear(start.getUTCFullYear() - 1);
  start.setUTCDate(start.getUTCDate() + 1);
  return { from: start.toISOString().slice(0, 10), to };
}

/** Counts for one activity (or all of them) over a period. No names: counts only. */
export interface Totals {
  sessions: number;
  attendances: number;
  newAttendees: number;
  referred: Record<ReferralRoute, number>;
  peopleSupported: number;
  championMinutes: number;
  incidents: number;
}

/** One activity's totals, with its name and organisation. */
export interface ActivityTotals extends Totals {
  activityId: string;
  name: string;
  organisationName: string;
}

function emptyTotals(): Totals {
  return {
    sessions: 0,
    attendances: 0,
    newAttendees: 0,
    referred: { self: 0, reception: 0, gp: 0, link_worker: 0 },
    peopleSupported: 0,
    championMinutes: 0,
    incidents: 0,
  };
}

function addInto(target: Totals, source: Totals): void {
  target.sessions += source.sessions;
  target.attendances += source.attendances;
  target.newAttendees += source.newAttendees;
  target.peopleSupported += source.peopleSupported;
  target.championMinutes += source.championMinutes;
  target.incidents += source.incidents;
  for (const route of Object.keys(target.referred) as ReferralRoute[]) {
    target.referred[route] += source.referred[route];
  }
}

/**
 * Totals per activity over a period, from the sessions of the scope's organisations (or of
 * one activity). Champion hours are the champion_hours rows of those sessions, the same rows
 * the champions module adds up, so the two always agree.
 */
async function totalsByActivity(
  db: Executor,
  scope: Scope,
  period: { from: string; to: string },
  activityId?: string,
): Promise<ActivityTotals[]> {
  const sessions = await countedSessions(db, scope, period, activityId);
  const minutes = await sessionMinutes(
    db,
    sessions.map((session) => session.id),
  );
  const byActivity = new Map<string, ActivityTotals>();
  for (const session of sessions) {
    let totals = byActivity.get(session.activity_id);
    if (!totals) {
      totals = {
        ...emptyTotals(),
        activityId: session.activity_id,
        name: session.name,
        organisationName: session.organisation_name,
      };
      byActivity.set(session.activity_id, totals);
    }
    totals.championMinutes += minutes.get(session.id) ?? 0;
    if (session.status !== 'delivered') {
      continue;
    }
    totals.sessions += 1;
    totals.attendances += session.head_count ?? 0;
    totals.newAttendees += session.new_attendees ?? 0;
    totals.referred.self += session.referred_self;
    totals.referred.reception += session.referred_reception;
    totals.referred.gp += session.referred_gp;
    totals.referred.link_worker += session.referred_link_worker;
    totals.peopleSupported += session.people_supported ?? 0;
    totals.incidents += session.incident_flagged ? 1 : 0;
  }
  return [...byActivity.values()]
    .filter((totals) => totals.sessions > 0 || totals.championMinutes > 0)
    .sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
}

/** The sum of several activities' totals. */
export function overallTotals(rows: readonly Totals[]): Totals {
  const overall = emptyTotals();
  for (const row of rows) {
    addInto(overall, row);
  }
  return overall;
}

/** One activity's session totals over a period (activities:view). */
export async function activityTotals(ctx: ServiceContext, activityId: string, period: TotalsPeriod) {
  const { activity, scope } = await loadActivity(ctx, 'activities:view', activityId);
  const resolved = resolvePeriod(period);
  const rows = await totalsByActivity(ctx.db, scope, resolved, activity.id);
  return {
    activity: { id: activity.id, name: activity.name, organisationId: activity.organisation_id },
    period: resolved,
    rows,
    overall: overallTotals(rows),
  };
}

/** An organisation's session totals by activity over a period; a network's include its practices (activities:view). */
export async function organisationTotals(ctx: ServiceContext, organisationId: string, period: TotalsPeriod) {
  const scope = await activityScope(ctx, 'activities:view', organisationId);
  const resolved = resolvePeriod(period);
  const rows = await totalsByActivity(ctx.db, scope, resolved);
  const organisation = await findOrganisation(ctx.db, scope, organisationId);
  return {
    organisation: { id: organisationId, name: organisation?.name ?? '' },
    manyOrganisations: scope.organisationIds.length > 1,
    period: resolved,
    rows,
    overall: overallTotals(rows),
  };
}
