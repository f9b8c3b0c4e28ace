import { type Scope, trustedScope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { championsByIds, clearanceFor, expensesOnSessionDays, sessionMinutes } from '../../champions/index.ts';
import type { ActivityRow } from '../activities.tables.ts';
import { introductionTotals, leadsAndRoles, monthlyRows, sessionIdsOf, sessionTotals } from './review-figures.repo.ts';
import {
  type ExpenseFigures,
  type MonthFigures,
  type Period,
  type ReviewFigures,
  costFigures,
  monthLabel,
  monthsOf,
  percentChange,
  previousPeriod,
} from './review-figures.rules.ts';
import { findActivityOrganisation } from '../shared/activity-records.repo.ts';

// The figures a sustain review is decided on, gathered: the activity's own rows here, champion
// time and expenses through the champions module's read contracts.

/** The activity's own organisation: the caller has already been authorised for the activity. */
function scopeOf(activity: Pick<ActivityRow, 'organisation_id'>): Scope {
  return trustedScope([activity.organisation_id], 'linked');
}

async function monthlyFigures(db: Executor, scope: Scope, activityId: string, period: Period): Promise<MonthFigures[]> {
  const byMonth = new Map((await monthlyRows(db, scope, activityId, period)).map((row) => [row.month, row]));
  return monthsOf(period).map((month) => {
    const row = byMonth.get(month);
    return {
      month,
      label: monthLabel(month),
      sessions: Number(row?.sessions ?? 0),
      attendances: Number(row?.attendances ?? 0),
      newAttendees: Number(row?.new_attendees ?? 0),
    };
  });
}

/** Champion time given at the activity's sessions in the period (the champions module's own rows). */
async function championMinutes(db: Executor, scope: Scope, activityId: string, period: Period): Promise<number> {
  const totals = await sessionMinutes(db, await sessionIdsOf(db, scope, activityId, period));
  return [...totals.values()].reduce((sum, minutes) => sum + minutes, 0);
}

/**
 * Approved champion expenses for days in the period on which the champion gave time at this
 * activity's sessions (the champion_hours rows session recording writes, on the session's
 * London date) and at nothing else. Expense claims name no activity or session, so a line from
 * a day they also gave time elsewhere cannot be split fairly: it is counted apart.
 */
export async function expenseFigures(db: Executor, activityId: string, period: Period): Promise<ExpenseFigures> {
  const organisationId = await findActivityOrganisation(db, activityId);
  const ids = organisationId ? await sessionIdsOf(db, trustedScope([organisationId], 'linked'), activityId) : [];
  const found = await expensesOnSessionDays(db, ids, period);
  return {
    approvedPence: found.pence,
    items: found.items,
    champions: found.champions,
    sharedDayItems: found.shared,
    sharedDayPence: found.sharedPence,
  };
}

/** How many of the activity's lead champions are cleared, today, for every role its sessions need. */
export async function leaderCover(
  db: Executor,
  activity: Pick<ActivityRow, 'id' | 'organisation_id'>,
): Promise<ReviewFigures['leaders']> {
  const { leadIds, roleIds } = await leadsAndRoles(db, scopeOf(activity), activity.id);
  const people = await championsByIds(db, trustedScope([activity.organisation_id], 'linked'), leadIds);
  const leads = leadIds.flatMap((id) => {
    const person = people.get(id);
    return person ? [person] : [];
  });
  let cleared = 0;
  for (const lead of leads) {
    if (lead.stage === 'left') {
      continue;
    }
    const scope = trustedScope([lead.organisationId, activity.organisation_id], 'linked');
    let coversAll = true;
    for (const roleId of roleIds) {
      if (!(await clearanceFor(db, scope, lead.id, roleId)).cleared) {
        coversAll = false;
        break;
      }
    }
    cleared += coversAll ? 1 : 0;
  }
  return { leads: leads.length, cleared, rolesNeeded: roleIds.length };
}

/** The figures for an activity over a period, as the reviewer sees them and the review stores them. */
export async function reviewFigures(
  db: Executor,
  activity: Pick<ActivityRow, 'id' | 'organisation_id' | 'cost_pence' | 'cost_note'>,
  period: Period,
): Promise<ReviewFigures> {
  const scope = scopeOf(activity);
  const current = await sessionTotals(db, scope, activity.id, period);
  const before = previousPeriod(period);
  const earlier = await sessionTotals(db, scope, activity.id, before);
  return {
    period,
    sessions: { delivered: current.delivered, cancelled: current.cancelled, notRecorded: current.notRecorded },
    attendances: current.attendances,
    newAttendees: current.newAttendees,
    months: await monthlyFigures(db, scope, activity.id, period),
    previous: { period: before, sessions: earlier.delivered, attendances: earlier.attendances },
    attendanceChange: current.attendances - earlier.attendances,
    attendanceChangePercent: percentChange(current.attendances, earlier.attendances),
    championMinutes: await championMinutes(db, scope, activity.id, period),
    cost: costFigures(activity, current.attendances),
    expenses: await expenseFigures(db, activity.id, period),
    leaders: await leaderCover(db, activity),
    introductions: await introductionTotals(db, scope, activity.id, period),
  };
}
