import { championsOfUser } from '../../champions/index.ts';
import { authorise, rolesIn, type Scope } from '../../../platform/auth/policy.ts';
import { rolesGrant } from '../../../platform/auth/roles.ts';
import { type ServiceContext, actorOf } from '../../../platform/context.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { ForbiddenError } from '../../../lib/errors.ts';
import { activeStaffOrganisation, deliversAsStaff, londonDate } from './session-access.policy.ts';

/** How far back a session not yet recorded is still listed. */
const UNRECORDED_DAYS = 90;
/** How far back recorded sessions are listed. */
const RECENT_DAYS = 7;

/** A session in the "today's sessions" lists. */
export interface SessionListItem {
  id: string;
  activityName: string;
  organisationName: string;
  startsAt: Date;
  endsAt: Date;
  localDate: string;
  venue: string;
  status: 'scheduled' | 'cancelled' | 'delivered';
  headCount: number | null;
  incidentFlagged: boolean;
}

/** The sessions of a list, grouped as the page shows them. */
export interface SessionLists {
  today: SessionListItem[];
  toRecord: SessionListItem[];
  recent: SessionListItem[];
}

/** A date some days before a YYYY-MM-DD date. */
function daysBefore(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() - days);
  return date.toISOString().slice(0, 10);
}

/**
 * Sessions today and in the last week, and older ones not yet recorded: either those of an
 * organisation (staff) or those connected to some champions (activities they lead, or sessions
 * where they hold a rota place). Cancelled sessions are listed only for today.
 */
async function listSessions(
  db: Executor,
  filter: { scope: Scope } | { championIds: string[] },
  today: string,
): Promise<SessionLists> {
  const weekAgo = daysBefore(today, RECENT_DAYS);
  const oldest = daysBefore(today, UNRECORDED_DAYS);
  const rows = await db
    .selectFrom('activity_sessions')
    .innerJoin('activities', 'activities.id', 'activity_sessions.activity_id')
    .innerJoin('organisations', 'organisations.id', 'activity_sessions.organisation_id')
    .select([
      'activity_sessions.id',
      'activities.name as activity_name',
      'organisations.name as organisation_name',
      'activity_sessions.starts_at',
      'activity_sessions.ends_at',
      'activity_sessions.local_date',
      'activity_sessions.venue_name',
      'activities.venue_name as activity_venue',
      'activity_sessions.status',
      'activity_sessions.head_count',
      'activity_sessions.incident_flagged',
    ])
    .where('activity_sessions.local_date', '<=', today)
    .where((where) =>
      where.or([
        where.and([
          where('activity_sessions.local_date', '>=', weekAgo),
          where('activity_sessions.status', '<>', 'cancelled'),
        ]),
        where('activity_sessions.local_date', '=', today),
        where.and([
          where('activity_sessions.local_date', '>=', oldest),
          where('activity_sessions.status', '=', 'scheduled'),
        ]),
      ]),
    )
    .$if('scope' in filter, (query) =>
      query.where(
        'activity_sessions.organisation_id',
        'in',
        'scope' in filter && filter.scope.organisationIds.length > 0
          ? [...filter.scope.organisationIds]
          : ['00000000-0000-0000-0000-000000000000'],
      ),
    )
    .$if('championIds' in filter, (query) => {
      const ids =
        'championIds' in filter && filter.championIds.length > 0
          ? filter.championIds
          : ['00000000-0000-0000-0000-000000000000'];
      return query.where((where) =>
        where.or([
          where('activity_sessions.activity_id', 'in', (sub) =>
            sub.selectFrom('activity_leads').select('activity_id').where('champion_id', 'in', ids),
          ),
          where('activity_sessions.id', 'in', (sub) =>
            sub.selectFrom('activity_rota_places').select('session_id').where('champion_id', 'in', ids),
          ),
        ]),
      );
    })
    .orderBy('activity_sessions.starts_at', 'desc')
    .limit(300)
    .execute();
  const items: SessionListItem[] = rows.map((row) => ({
    id: row.id,
    activityName: row.activity_name,
    organisationName: row.organisation_name,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    localDate: String(row.local_date),
    venue: row.venue_name || row.activity_venue,
    status: row.status,
    headCount: row.head_count,
    incidentFlagged: row.incident_flagged,
  }));
  return {
    today: items.filter((item) => item.localDate === today).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime()),
    toRecord: items.filter((item) => item.localDate < today && item.status === 'scheduled'),
    recent: items.filter((item) => item.localDate < today && item.status === 'delivered'),
  };
}

/**
 * The signed-in champion's sessions. Someone who is not a champion anywhere but records
 * sessions as staff is sent to their organisation's sessions; anyone else gets 403.
 */
export async function mySessions(
  ctx: ServiceContext,
): Promise<{ redirectTo: string } | { lists: SessionLists; today: string }> {
  const actor = actorOf(ctx);
  const mine = (await championsOfUser(ctx.db, actor.userId)).filter((champion) =>
    rolesGrant(rolesIn(actor, champion.organisation_id), 'activities:deliver'),
  );
  if (mine.length === 0) {
    const staffOrganisation = activeStaffOrganisation(actor);
    if (staffOrganisation) {
      return { redirectTo: `/organisations/${staffOrganisation}/sessions` };
    }
    throw new ForbiddenError('This page is for champions. Ask your coordinator if you think you should see it.');
  }
  const today = londonDate();
  return { lists: await listSessions(ctx.db, { championIds: mine.map((champion) => champion.id) }, today), today };
}

/** An organisation's sessions, for its coordinators and practice managers (404 for outsiders, 403 for others). */
export async function organisationSessions(
  ctx: ServiceContext,
  organisationId: string,
): Promise<{ lists: SessionLists; today: string; organisationName: string }> {
  const actor = actorOf(ctx);
  const scope = await authorise(ctx.db, actor, 'activities:deliver', organisationId);
  if (!deliversAsStaff(rolesIn(actor, organisationId))) {
    throw new ForbiddenError('Champions record their sessions from their own sessions page');
  }
  const today = londonDate();
  const organisation = await ctx.db
    .selectFrom('organisations')
    .select('name')
    .where('id', '=', organisationId)
    .executeTakeFirst();
  return { lists: await listSessions(ctx.db, { scope }, today), today, organisationName: organisation?.name ?? '' };
}
