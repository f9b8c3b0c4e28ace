import { championsOfUser } from '../../champions/index.ts';
import { authorise, rolesIn, type Scope } from '../../../platform/auth/policy.ts';
import { rolesGrant } from '../../../platform/auth/roles.ts';
import { type ServiceContext, actorOf } from '../../../platform/context.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { ForbiddenError } from '../../../lib/errors.ts';
import { addDays } from '../../../lib/dates.ts';
import { findOrganisation } from '../shared/activity-records.repo.ts';
import { activeStaffOrganisation, deliversAsStaff, londonDate } from './session-access.policy.ts';
import { listChampionsSessions, listOrganisationSessions } from './sessions-today.repo.ts';

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
  const window = { today, weekAgo: addDays(today, -RECENT_DAYS), oldest: addDays(today, -UNRECORDED_DAYS) };
  const rows =
    'scope' in filter
      ? await listOrganisationSessions(db, filter.scope, window)
      : await listChampionsSessions(db, filter.championIds, window);
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
  const organisation = await findOrganisation(ctx.db, scope, organisationId);
  return { lists: await listSessions(ctx.db, { scope }, today), today, organisationName: organisation?.name ?? '' };
}
