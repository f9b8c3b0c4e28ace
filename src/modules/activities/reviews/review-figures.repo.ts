import { sql } from 'kysely';
import type { Scope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import type { Period } from './review-figures.rules.ts';
import { scopeIds } from '../shared/activity-records.repo.ts';

/** Sessions delivered, cancelled and not recorded in the period, with their attendances. */
export async function sessionTotals(db: Executor, scope: Scope, activityId: string, period: Period) {
  const row = await db
    .selectFrom('activity_sessions')
    .select([
      sql<number>`count(*) filter (where status = 'delivered')`.as('delivered'),
      sql<number>`count(*) filter (where status = 'cancelled')`.as('cancelled'),
      sql<number>`count(*) filter (where status = 'scheduled' and starts_at < now())`.as('not_recorded'),
      sql<number>`coalesce(sum(head_count) filter (where status = 'delivered'), 0)`.as('attendances'),
      sql<number>`coalesce(sum(new_attendees) filter (where status = 'delivered'), 0)`.as('new_attendees'),
    ])
    .where('activity_id', '=', activityId)
    .where('organisation_id', 'in', scopeIds(scope))
    .where('local_date', '>=', period.from)
    .where('local_date', '<=', period.to)
    .executeTakeFirst();
  return {
    delivered: Number(row?.delivered ?? 0),
    cancelled: Number(row?.cancelled ?? 0),
    notRecorded: Number(row?.not_recorded ?? 0),
    attendances: Number(row?.attendances ?? 0),
    newAttendees: Number(row?.new_attendees ?? 0),
  };
}

/** Delivered sessions, attendances and new attendees by month (YYYY-MM) in the period. */
export async function monthlyRows(db: Executor, scope: Scope, activityId: string, period: Period) {
  return db
    .selectFrom('activity_sessions')
    .select([
      sql<string>`to_char(local_date, 'YYYY-MM')`.as('month'),
      sql<number>`count(*)`.as('sessions'),
      sql<number>`coalesce(sum(head_count), 0)`.as('attendances'),
      sql<number>`coalesce(sum(new_attendees), 0)`.as('new_attendees'),
    ])
    .where('activity_id', '=', activityId)
    .where('organisation_id', 'in', scopeIds(scope))
    .where('status', '=', 'delivered')
    .where('local_date', '>=', period.from)
    .where('local_date', '<=', period.to)
    .groupBy(sql`to_char(local_date, 'YYYY-MM')`)
    .execute();
}

/** The ids of the activity's sessions: all of them, or those on dates in the period. */
export async function sessionIdsOf(db: Executor, scope: Scope, activityId: string, period?: Period): Promise<string[]> {
  let query = db
    .selectFrom('activity_sessions')
    .select('id')
    .where('activity_id', '=', activityId)
    .where('organisation_id', 'in', scopeIds(scope));
  if (period) {
    query = query.where('local_date', '>=', period.from).where('local_date', '<=', period.to);
  }
  return (await query.execute()).map((row) => row.id);
}

/** The activity's lead champions' ids and the roles its sessions need. */
export async function leadsAndRoles(db: Executor, scope: Scope, activityId: string) {
  const leads = await db
    .selectFrom('activity_leads')
    .select('champion_id')
    .where('activity_id', '=', activityId)
    .where('organisation_id', 'in', scopeIds(scope))
    .execute();
  const roles = await db
    .selectFrom('activity_roles')
    .select('role_template_id')
    .where('activity_id', '=', activityId)
    .where('organisation_id', 'in', scopeIds(scope))
    .execute();
  return { leadIds: leads.map((lead) => lead.champion_id), roleIds: roles.map((role) => role.role_template_id) };
}

/** Introductions made in the period, and all of the activity's by state. */
export async function introductionTotals(db: Executor, scope: Scope, activityId: string, period: Period) {
  const row = await db
    .selectFrom('activity_introductions')
    .select([
      sql<number>`count(*) filter (where (created_at at time zone 'Europe/London')::date between ${period.from}::date and ${period.to}::date)`.as(
        'made',
      ),
      sql<number>`count(*) filter (where status = 'pending')`.as('pending'),
      sql<number>`count(*) filter (where status = 'joined')`.as('joined'),
      sql<number>`count(*) filter (where status = 'declined')`.as('declined'),
    ])
    .where('activity_id', '=', activityId)
    .where('organisation_id', 'in', scopeIds(scope))
    .executeTakeFirst();
  return {
    madeInPeriod: Number(row?.made ?? 0),
    pending: Number(row?.pending ?? 0),
    joined: Number(row?.joined ?? 0),
    declined: Number(row?.declined ?? 0),
  };
}
