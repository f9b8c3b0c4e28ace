import { recordAudit } from '../../../platform/audit/audit.ts';
import { trustedScope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../../lib/errors.ts';
import { isUuid, newId } from '../../../lib/ids.ts';
import {
  type ChampionDeparture,
  championsSharingLogIn,
  clearanceFor,
  lockChampionIn,
  roleTemplateNames,
} from '../../champions/index.ts';
import type { RotaPlaceRow } from '../activities.tables.ts';
import { formatLongDay, formatTimeRange, londonToday, londonWallClock } from '../../../lib/dates.ts';
import {
  assignOpenPlace,
  deleteOpenPlaces,
  findSessionForClaim,
  freeUpcomingPlaces,
  holdsPlaceOn,
  insertPlaces,
  listActivityRoles,
  listPlacesOfSessions,
  listUpcomingSessionsOf,
  lockPlace,
  overlappingPlaces,
} from './rota.repo.ts';
import { findActivityOrganisation } from '../shared/activity-records.repo.ts';

/**
 * Brings the rota of an activity's future sessions in line with the roles it needs: adds open
 * places for new or larger roles, removes open places no longer needed (places a champion
 * holds are kept). Call after changing an activity's roles.
 */
export async function refreshFutureRotaPlaces(db: Executor, activityId: string): Promise<void> {
  const organisationId = await findActivityOrganisation(db, activityId);
  if (!organisationId) {
    return;
  }
  // The caller changed the activity under its own authorisation: its sessions and places follow.
  const scope = trustedScope([organisationId], 'linked');
  const roles = await listActivityRoles(db, scope, activityId);
  const needed = new Map(roles.map((role) => [role.role_template_id, role.places]));
  const sessions = await listUpcomingSessionsOf(db, scope, activityId);
  if (sessions.length === 0) {
    return;
  }
  const places = await listPlacesOfSessions(
    db,
    scope,
    sessions.map((session) => session.id),
  );
  const additions: {
    id: string;
    session_id: string;
    organisation_id: string;
    role_template_id: string;
    position: number;
  }[] = [];
  const removals: string[] = [];
  for (const session of sessions) {
    const ofSession = places.filter((place) => place.session_id === session.id);
    const roleIds = new Set([...needed.keys(), ...ofSession.map((place) => place.role_template_id)]);
    for (const roleId of roleIds) {
      const existing = ofSession.filter((place) => place.role_template_id === roleId);
      const want = needed.get(roleId) ?? 0;
      let top = existing.reduce((max, place) => Math.max(max, place.position), 0);
      for (let count = existing.length; count < want; count += 1) {
        top += 1;
        additions.push({
          id: newId(),
          session_id: session.id,
          organisation_id: session.organisation_id,
          role_template_id: roleId,
          position: top,
        });
      }
      // Open places go first, the last positions first; a place a champion holds stays.
      const open = existing.filter((place) => place.champion_id === null).reverse();
      removals.push(...open.slice(0, Math.max(0, existing.length - want)).map((place) => place.id));
    }
  }
  if (removals.length > 0) {
    await deleteOpenPlaces(db, scope, removals);
  }
  await insertPlaces(db, scope, additions);
}

/** Who is asking for a place: a coordinator for a champion, or the champion themselves. */
export interface PlaceClaim {
  placeId: string;
  championId: string;
  /** The activity's organisation: the place, session and champion must all be in it. */
  organisationId: string;
  byUserId: string | null;
  /** True when the champion is taking the place themselves (messages say "you"). */
  self: boolean;
  /** The form field a refusal is shown against. */
  field: string;
  /** When given, the place must belong to this session. */
  sessionId?: string;
}

/** "Knit and natter on Tuesday 3 March 2026, 2pm to 3pm" */
export function sessionLabel(session: { activity_name: string; starts_at: Date; ends_at: Date }): string {
  const start = londonWallClock(session.starts_at);
  return `${session.activity_name} on ${formatLongDay(start.date)}, ${formatTimeRange(start.time, londonWallClock(session.ends_at).time)}`;
}

/**
 * The champion's other places on sessions that overlap [startsAt, endsAt), cancelled ones
 * aside. A person who champions at several practices has a record in each, linked by their
 * log-in: their places at every practice count, so nobody is booked in two places at once.
 */
export async function clashingSessions(
  db: Executor,
  championId: string,
  session: { id: string; starts_at: Date; ends_at: Date },
) {
  return overlappingPlaces(db, await championsSharingLogIn(db, championId), session);
}

/**
 * Whether a session's rota may still change: a champion takes places only before a session
 * starts; a coordinator may also fix the rota on the day (someone stepped in that morning),
 * so the record screen lists who really helped. Cancelled and recorded sessions never change.
 */
export function rotaCanChange(
  session: { status: string; starts_at: Date; local_date: string },
  self: boolean,
  now: Date = new Date(),
): boolean {
  if (session.status !== 'scheduled') {
    return false;
  }
  return self ? session.starts_at > now : session.starts_at > now || session.local_date >= londonToday(now);
}

/**
 * Puts a champion in an open place, under row locks (the champion, then the place) so two
 * people cannot take the same place and one champion cannot be booked twice at once. Refuses
 * (409) a place already taken, a session that has started or is cancelled, a second place on
 * the same session or one whose times overlap another of theirs; refuses (400) a champion who
 * is not active or not cleared for the role, naming what is missing. Call inside a transaction.
 */
export async function claimPlace(
  tx: Executor,
  claim: PlaceClaim,
): Promise<RotaPlaceRow & { role_name: string; champion_name: string }> {
  // The caller authorised the claim: a coordinator assigning, or a champion taking a place themselves.
  const scope = trustedScope([claim.organisationId], 'linked');
  const refuse = (message: string) => new ValidationError({ [claim.field]: message });
  const champion = isUuid(claim.championId)
    ? await lockChampionIn(tx, scope, claim.organisationId, claim.championId)
    : undefined;
  if (!champion) {
    throw claim.self ? new NotFoundError() : refuse('Choose a champion for this place');
  }
  const place = isUuid(claim.placeId) ? await lockPlace(tx, scope, claim.organisationId, claim.placeId) : undefined;
  if (!place || (claim.sessionId !== undefined && place.session_id !== claim.sessionId)) {
    throw new NotFoundError();
  }
  const session = await findSessionForClaim(tx, scope, place.session_id);
  const [role] = await roleTemplateNames(tx, [place.role_template_id]);
  if (!role) {
    throw new NotFoundError();
  }
  const who = claim.self ? 'You' : champion.display_name;
  if (session.status !== 'scheduled') {
    throw new ConflictError(
      `This session is ${session.status === 'cancelled' ? 'cancelled' : 'over'}, so its rota cannot change`,
    );
  }
  if (!rotaCanChange(session, claim.self)) {
    throw new ConflictError(
      claim.self
        ? 'This session has already started, so you cannot take a place on it'
        : 'This session was on an earlier day, so its rota cannot change',
    );
  }
  if (place.champion_id === champion.id) {
    throw new ConflictError(`${who} already ${claim.self ? 'have' : 'has'} this place`);
  }
  if (place.champion_id !== null) {
    throw new ConflictError(
      claim.self
        ? 'Sorry, someone else has just taken this place. Choose another open place.'
        : 'This place has already been taken. Release it first, or choose an open place.',
    );
  }
  if (champion.stage !== 'active') {
    throw refuse(
      claim.self
        ? 'You cannot take places while you are paused. Ask your coordinator.'
        : `${champion.display_name} cannot be put on the rota: only active champions can (they are ${champion.stage})`,
    );
  }
  const clearance = await clearanceFor(tx, scope, champion.id, place.role_template_id);
  if (!clearance.cleared) {
    throw refuse(
      `${who} ${claim.self ? 'are' : 'is'} not cleared for the ${role.name} role yet. Missing: ${clearance.missing.join('; ')}`,
    );
  }
  if (await holdsPlaceOn(tx, scope, place.session_id, champion.id)) {
    throw new ConflictError(`${who} already ${claim.self ? 'have' : 'has'} a place on this session`);
  }
  const [clash] = await clashingSessions(tx, champion.id, session);
  if (clash) {
    throw new ConflictError(
      `${who} ${claim.self ? 'are' : 'is'} already on the rota for ${sessionLabel(clash)}, which overlaps this session`,
    );
  }
  const taken = await assignOpenPlace(tx, scope, place.id, champion.id, claim.byUserId);
  return { ...taken, role_name: role.name, champion_name: champion.display_name };
}

/**
 * When a champion leaves, frees every place they hold on sessions still to come; when they
 * pause, frees those before their return date (all of them when it is not known). Registered
 * with the champions module's departure handlers; runs in the departure's transaction.
 */
export async function freePlacesOnDeparture(tx: Executor, departure: ChampionDeparture): Promise<void> {
  // The champions module runs this for a departure it has already authorised, in its organisation.
  const scope = trustedScope([departure.organisationId], 'linked');
  const until = departure.kind === 'paused' && departure.until !== null ? departure.until : null;
  const freed = await freeUpcomingPlaces(tx, scope, departure.organisationId, departure.championId, until);
  if (freed.length > 0) {
    await recordAudit(
      tx,
      { actorUserId: null },
      {
        action: 'activity.rota-released-on-departure',
        subjectType: 'champion',
        subjectId: departure.championId,
        organisationId: departure.organisationId,
        details: { places: freed.length, kind: departure.kind },
      },
    );
  }
}
