import { sql } from 'kysely';
import { type Scope, requireInScope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { newId } from '../../../lib/ids.ts';
import type { ActivityInput } from './activities.schemas.ts';
import type { ActivityStatus } from '../activities.tables.ts';
import { scopeIds as inScope } from '../shared/activity-records.repo.ts';

/** Activities of the organisations in scope, with the next session still to come. */
export async function listActivities(db: Executor, scope: Scope, status?: ActivityStatus) {
  let query = db
    .selectFrom('activities')
    .innerJoin('organisations', 'organisations.id', 'activities.organisation_id')
    .select([
      'activities.id',
      'activities.name',
      'activities.status',
      'activities.category',
      'activities.public',
      'activities.organisation_id',
      'organisations.name as organisation_name',
    ])
    .select(
      sql<Date | null>`(select min(s.starts_at) from activity_sessions s where s.activity_id = activities.id and s.status = 'scheduled' and s.starts_at > now())`.as(
        'next_session_at',
      ),
    )
    // Activities run here, and those another practice or the network hosts here.
    .where((eb) =>
      eb.or([
        eb('activities.organisation_id', 'in', inScope(scope)),
        eb.exists(
          eb
            .selectFrom('activity_hosts')
            .select('activity_hosts.activity_id')
            .whereRef('activity_hosts.activity_id', '=', 'activities.id')
            .where('activity_hosts.organisation_id', 'in', inScope(scope)),
        ),
      ]),
    );
  if (status) {
    query = query.where('activities.status', '=', status);
  }
  return query.orderBy('activities.name').orderBy('activities.id').limit(500).execute();
}

/** Meeting ideas some activity has already taken up (any organisation's activity). */
export async function takenIdeaIds(db: Executor): Promise<string[]> {
  const rows = await db
    .selectFrom('activities')
    .select('meeting_item_id')
    .where('meeting_item_id', 'is not', null)
    .execute();
  return rows.flatMap((row) => (row.meeting_item_id ? [row.meeting_item_id] : []));
}

/**
 * Practices an activity may also be hosted at: a network's practices, or the other practices
 * in a practice's network.
 */
export async function listHostOptions(
  db: Executor,
  scope: Scope,
  organisation: { id: string; kind: string; parent_id: string | null },
) {
  requireInScope(scope, organisation.id);
  const query = db.selectFrom('organisations').select(['id', 'name']).where('kind', '=', 'practice').orderBy('name');
  if (organisation.kind === 'network') {
    return query.where('parent_id', '=', organisation.id).execute();
  }
  if (!organisation.parent_id) {
    return [];
  }
  const parent = await db
    .selectFrom('organisations')
    .select('kind')
    .where('id', '=', organisation.parent_id)
    .executeTakeFirst();
  if (parent?.kind !== 'network') {
    return [];
  }
  return query.where('parent_id', '=', organisation.parent_id).where('id', '<>', organisation.id).execute();
}

/** The organisation's staff (anyone holding a role other than champion), who may sponsor an activity. */
export async function listStaffMembers(db: Executor, scope: Scope, organisationId: string) {
  return db
    .selectFrom('users')
    .select(['users.id', 'users.display_name'])
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('memberships')
          .select('memberships.id')
          .whereRef('memberships.user_id', '=', 'users.id')
          .where('memberships.organisation_id', '=', organisationId)
          .where('memberships.organisation_id', 'in', inScope(scope))
          .where('memberships.role', '<>', 'champion'),
      ),
    )
    .orderBy('users.display_name')
    .execute();
}

function columnsFrom(input: ActivityInput) {
  return {
    name: input.name,
    description: input.description,
    category: input.category,
    five_ways: input.fiveWays,
    target_groups: input.targetGroups,
    delivery_mode: input.deliveryMode,
    venue_name: input.venueName,
    venue_address: input.venueAddress,
    venue_postcode: input.venuePostcode,
    accessibility_notes: input.accessibilityNotes,
    cost_pence: input.costPence,
    cost_note: input.costNote,
    referral_routes: input.referralRoutes,
    how_to_join: input.howToJoin,
    capacity: input.capacity,
    staff_sponsor_user_id: input.staffSponsorUserId,
    review_on: input.reviewOn,
    named_register_reason: input.namedRegisterReason,
    public: input.public,
  };
}

/** Stores a new activity as an idea, with the first line of its history. Returns the row. */
export async function insertActivity(
  db: Executor,
  scope: Scope,
  organisationId: string,
  input: ActivityInput,
  userId: string | null,
) {
  requireInScope(scope, organisationId);
  const id = newId();
  const row = await db
    .insertInto('activities')
    .values({
      id,
      organisation_id: organisationId,
      ...columnsFrom(input),
      status: 'idea',
      meeting_item_id: input.meetingItemId,
      created_by: userId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await db
    .insertInto('activity_status_history')
    .values({
      id: newId(),
      activity_id: id,
      organisation_id: organisationId,
      from_status: null,
      to_status: 'idea',
      changed_by: userId,
    })
    .execute();
  return row;
}

/** Saves an activity's fields (not its status or where it came from). Returns the row. */
export async function updateActivity(db: Executor, scope: Scope, activityId: string, input: ActivityInput) {
  return db
    .updateTable('activities')
    .set({ ...columnsFrom(input), updated_at: sql<Date>`now()` })
    .where('id', '=', activityId)
    .where('organisation_id', 'in', inScope(scope))
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Replaces an activity's host practices, lead champions and roles needed (ids already checked). */
export async function replaceLinks(
  db: Executor,
  scope: Scope,
  activity: { id: string; organisation_id: string },
  links: { hostIds: readonly string[]; leadChampionIds: readonly string[]; places: Record<string, number> },
): Promise<void> {
  requireInScope(scope, activity.organisation_id);
  await db.deleteFrom('activity_hosts').where('activity_id', '=', activity.id).execute();
  await db.deleteFrom('activity_leads').where('activity_id', '=', activity.id).execute();
  await db.deleteFrom('activity_roles').where('activity_id', '=', activity.id).execute();
  if (links.hostIds.length > 0) {
    await db
      .insertInto('activity_hosts')
      .values(links.hostIds.map((organisationId) => ({ activity_id: activity.id, organisation_id: organisationId })))
      .execute();
  }
  if (links.leadChampionIds.length > 0) {
    await db
      .insertInto('activity_leads')
      .values(
        links.leadChampionIds.map((championId) => ({
          activity_id: activity.id,
          champion_id: championId,
          organisation_id: activity.organisation_id,
        })),
      )
      .execute();
  }
  const roles = Object.entries(links.places);
  if (roles.length > 0) {
    await db
      .insertInto('activity_roles')
      .values(
        roles.map(([roleTemplateId, places]) => ({
          activity_id: activity.id,
          role_template_id: roleTemplateId,
          organisation_id: activity.organisation_id,
          places,
        })),
      )
      .execute();
  }
}

/** An activity's host practices (with names), lead champions' ids and roles needed (ids and places). */
export async function findLinkRows(db: Executor, scope: Scope, activityId: string) {
  const hosts = await db
    .selectFrom('activity_hosts')
    .innerJoin('organisations', 'organisations.id', 'activity_hosts.organisation_id')
    .innerJoin('activities', 'activities.id', 'activity_hosts.activity_id')
    .select(['organisations.id', 'organisations.name'])
    .where('activity_hosts.activity_id', '=', activityId)
    .where('activities.organisation_id', 'in', inScope(scope))
    .orderBy('organisations.name')
    .execute();
  const leadRows = await db
    .selectFrom('activity_leads')
    .select('champion_id')
    .where('activity_id', '=', activityId)
    .where('organisation_id', 'in', inScope(scope))
    .execute();
  const roles = await db
    .selectFrom('activity_roles')
    .select(['role_template_id', 'places'])
    .where('activity_id', '=', activityId)
    .where('organisation_id', 'in', inScope(scope))
    .execute();
  return { hosts, leadIds: leadRows.map((row) => row.champion_id), roles };
}

/** Every move of an activity through its lifecycle, oldest first, with who made it. */
export async function listStatusHistory(db: Executor, scope: Scope, activityId: string) {
  return db
    .selectFrom('activity_status_history')
    .leftJoin('users', 'users.id', 'activity_status_history.changed_by')
    .select([
      'activity_status_history.id',
      'activity_status_history.from_status',
      'activity_status_history.to_status',
      'activity_status_history.note',
      'activity_status_history.changed_at',
      'users.display_name as changed_by_name',
    ])
    .where('activity_status_history.activity_id', '=', activityId)
    .where('activity_status_history.organisation_id', 'in', inScope(scope))
    .orderBy('activity_status_history.changed_at')
    .orderBy('activity_status_history.id')
    .execute();
}

/** A person's name by id (a staff sponsor, the proposer), or null. */
export async function findUserName(db: Executor, userId: string | null): Promise<string | null> {
  if (!userId) {
    return null;
  }
  const row = await db.selectFrom('users').select('display_name').where('id', '=', userId).executeTakeFirst();
  return row?.display_name ?? null;
}
