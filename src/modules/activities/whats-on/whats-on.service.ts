import { type Scope, organisationAndBelow, trustedScope } from '../../../platform/auth/policy.ts';
import type { ServiceContext } from '../../../platform/context.ts';
import { NotFoundError } from '../../../lib/errors.ts';
import { isUuid } from '../../../lib/ids.ts';
import { type FeedEvent, feedFileName, renderCalendar, sessionUid } from './ical.presenter.ts';
import {
  type PublicSession,
  categoryName,
  describeCost,
  describeSchedule,
  describeStart,
  fiveWaysNames,
  joinPhrases,
  londonDate,
  presentSession,
  shortDescription,
  venueLine,
} from './whats-on.presenter.ts';
import {
  type PublicActivityRow,
  type PublicSessionRow,
  type WhatsOnOrganisation,
  findOrganisationByOdsCode,
  findPublicActivity,
  listComingSessions,
  listCurrentSchedules,
  listNextSessions,
  listPublicActivities,
  listSessionsBetween,
} from './whats-on.repo.ts';
import type { WhatsOnFilters } from './whats-on.schemas.ts';

/** The two kinds of public "what's on", as they appear in addresses. */
export const WHATS_ON_KINDS = { practices: 'practice', networks: 'network' } as const;
/** "practices" or "networks". */
export type WhatsOnKind = keyof typeof WHATS_ON_KINDS;

/** A practice's or network's "what's on": whose activities it shows and where it lives. */
export interface WhatsOnPlace {
  organisation: WhatsOnOrganisation;
  /** The page's address, like /practices/Y99901/whats-on. */
  base: string;
  scope: Scope;
}

/** An activity as a listing shows it. Nothing here names or counts people. */
export interface ActivitySummary {
  id: string;
  name: string;
  href: string;
  category: string;
  summary: string;
  when: string[];
  nextSession: string;
  venue: string;
  cost: string;
  accessibility: string;
  howToJoin: string;
  joinRoutes: string[];
  /** The practice or network that runs it, when that is not the page's own. */
  runBy: string;
}

/** One activity's public page. */
export interface ActivityPage extends ActivitySummary {
  description: string;
  fiveWays: string[];
  targetGroups: string[];
  sessions: PublicSession[];
  calendarHref: string;
}

/** Sessions shown on an activity's page. */
export const SESSIONS_SHOWN = 8;
/** The feed covers the past week (so last week's changes still reach calendars) and the next twelve. */
export const FEED_DAYS_BEFORE = 7;
/** Days ahead a feed covers. */
export const FEED_DAYS_AFTER = 84;

/** A practice's or network's "what's on" by ODS code; 404 when there is no such organisation. */
export async function openWhatsOn(ctx: ServiceContext, kind: WhatsOnKind, odsCode: string): Promise<WhatsOnPlace> {
  const code = odsCode.toUpperCase();
  if (!/^[A-Z0-9]{3,10}$/.test(code)) {
    throw new NotFoundError();
  }
  const organisation = await findOrganisationByOdsCode(ctx.db, WHATS_ON_KINDS[kind], code);
  if (!organisation) {
    throw new NotFoundError();
  }
  // A practice shows what it runs or hosts; a network also shows its practices' activities.
  const organisationIds = kind === 'networks' ? await organisationAndBelow(ctx.db, organisation.id) : [organisation.id];
  return { organisation, base: `/${kind}/${code}/whats-on`, scope: trustedScope(organisationIds, 'public') };
}

function summarise(
  place: WhatsOnPlace,
  row: PublicActivityRow,
  when: string[],
  nextStart: Date | undefined,
): ActivitySummary {
  return {
    id: row.id,
    name: row.name,
    href: `${place.base}/${row.id}`,
    category: categoryName(row.category),
    summary: shortDescription(row.description),
    when,
    nextSession: nextStart ? describeStart(nextStart) : '',
    venue: venueLine(row),
    cost: describeCost(row.cost_pence, row.cost_note),
    accessibility: row.accessibility_notes.trim(),
    howToJoin: row.how_to_join.trim(),
    joinRoutes: joinPhrases(row.referral_routes),
    runBy: row.organisation_id === place.organisation.id ? '' : row.organisation_name,
  };
}

async function summariseAll(
  ctx: ServiceContext,
  place: WhatsOnPlace,
  rows: PublicActivityRow[],
  now: Date,
): Promise<ActivitySummary[]> {
  const ids = rows.map((row) => row.id);
  const today = londonDate(now);
  const schedules = await listCurrentSchedules(ctx.db, place.scope, ids, today);
  const next = new Map(
    (await listNextSessions(ctx.db, place.scope, ids, now)).map((row) => [row.activity_id, new Date(row.starts_at)]),
  );
  return rows.map((row) => {
    const when = schedules
      .filter((schedule) => schedule.activity_id === row.id)
      .map((schedule) => describeSchedule(schedule, today));
    return summarise(place, row, [...new Set(when)], next.get(row.id));
  });
}

/** The public activities of a "what's on" that match the filters. */
export async function listWhatsOn(
  ctx: ServiceContext,
  place: WhatsOnPlace,
  filters: WhatsOnFilters,
  now: Date,
): Promise<ActivitySummary[]> {
  const rows = await listPublicActivities(ctx.db, place.scope, filters, londonDate(now));
  return summariseAll(ctx, place, rows, now);
}

/** An activity of this "what's on" that is active and public; 404 for anything else. */
async function publicActivity(
  ctx: ServiceContext,
  place: WhatsOnPlace,
  activityId: string,
): Promise<PublicActivityRow> {
  const row = isUuid(activityId) ? await findPublicActivity(ctx.db, place.scope, activityId) : undefined;
  if (!row) {
    throw new NotFoundError();
  }
  return row;
}

/** One activity's public page, with its next sessions (cancelled ones too). */
export async function showWhatsOnActivity(
  ctx: ServiceContext,
  place: WhatsOnPlace,
  activityId: string,
  now: Date,
): Promise<ActivityPage> {
  const row = await publicActivity(ctx, place, activityId);
  const [summary] = await summariseAll(ctx, place, [row], now);
  const sessions = await listComingSessions(ctx.db, place.scope, row.id, now, SESSIONS_SHOWN);
  return {
    ...(summary as ActivitySummary),
    description: row.description.trim(),
    fiveWays: fiveWaysNames(row.five_ways),
    targetGroups: row.target_groups,
    sessions: sessions.map((session) => presentSession(session, row.venue_name)),
    calendarHref: `${place.base}/${row.id}/calendar.ics`,
  };
}

/** An event's description: cancellation first, then what it is, how to join and what it costs. */
function eventDescription(row: PublicActivityRow, session: PublicSessionRow, url: string): string {
  const join = [row.how_to_join.trim(), ...joinPhrases(row.referral_routes).map((phrase) => `${phrase}.`)]
    .filter(Boolean)
    .join('\n');
  return [
    session.status === 'cancelled' ? `Cancelled: ${session.cancel_reason}` : '',
    shortDescription(row.description, 400),
    join ? `How to join:\n${join}` : '',
    `Cost: ${describeCost(row.cost_pence, row.cost_note)}`,
    row.accessibility_notes.trim() ? `Accessibility: ${row.accessibility_notes.trim()}` : '',
    `More information: ${url}`,
  ]
    .filter(Boolean)
    .join('\n\n');
}

function toEvent(
  ctx: ServiceContext,
  place: WhatsOnPlace,
  row: PublicActivityRow,
  session: PublicSessionRow,
): FeedEvent {
  const url = `${ctx.config.baseUrl}${place.base}/${row.id}`;
  const sessionVenue = session.venue_name.trim();
  const location = sessionVenue && sessionVenue !== row.venue_name.trim() ? sessionVenue : venueLine(row);
  const changed = Math.max(new Date(row.updated_at).getTime(), new Date(session.created_at).getTime());
  return {
    uid: sessionUid(session.id),
    start: new Date(session.starts_at),
    end: new Date(session.ends_at),
    summary: row.name,
    location,
    description: eventDescription(row, session, url),
    url,
    cancelled: session.status === 'cancelled',
    // Whole seconds: iCalendar has no finer resolution, and fetches should match exactly.
    lastModified: new Date(Math.floor(changed / 1000) * 1000),
  };
}

/**
 * The iCalendar feed of a "what's on" (every public activity) or of one of its activities:
 * every session from a week ago to twelve weeks ahead, cancelled ones marked cancelled.
 */
export async function whatsOnFeed(
  ctx: ServiceContext,
  place: WhatsOnPlace,
  activityId: string | null,
  now: Date,
): Promise<{ text: string; fileName: string }> {
  const rows =
    activityId === null
      ? await listPublicActivities(ctx.db, place.scope, { days: [], freeOnly: false }, londonDate(now))
      : [await publicActivity(ctx, place, activityId)];
  const byId = new Map(rows.map((row) => [row.id, row]));
  const sessions = await listSessionsBetween(
    ctx.db,
    place.scope,
    [...byId.keys()],
    londonDate(now, -FEED_DAYS_BEFORE),
    londonDate(now, FEED_DAYS_AFTER),
  );
  const events = sessions.flatMap((session) => {
    const row = byId.get(session.activity_id);
    return row ? [toEvent(ctx, place, row, session)] : [];
  });
  const single = activityId === null ? undefined : rows[0];
  const placeName = place.organisation.name;
  const text = renderCalendar({
    name: single ? `${single.name} – ${placeName}` : `What's on at ${placeName}`,
    description: single ? shortDescription(single.description, 200) : `Activities run by and with ${placeName}`,
    url: `${ctx.config.baseUrl}${single ? `${place.base}/${single.id}` : place.base}`,
    events,
  });
  const fileName = feedFileName(single ? single.name : `whats-on-${place.organisation.ods_code}`);
  return { text, fileName };
}
