import { sql } from 'kysely';
import { recordAudit } from '../../../platform/audit/audit.ts';
import { trustedScope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../../lib/errors.ts';
import { isUuid, newId } from '../../../lib/ids.ts';
import { type ChampionDeparture, clearanceFor } from '../../champions/index.ts';
import type { RotaPlaceRow } from '../activities.tables.ts';
import { formatLongDay, formatTimeRange, londonToday, londonWallClock } from '../schedules/recurrence.rules.ts';

/**
 * Brings the rota of an activity's future sessions in line with the roles it needs: adds open
 * places for new or larger roles, removes open places no longer needed (places a champion
 * holds are kept). Call after changing an activity's roles.
 */
export async function refreshFutureRotaPlaces(db: Executor, activityId: string): Promise<void> {
  const roles = await db.selectFrom('activity_roles').select(['role_template_id', 'places']).where('activity_id', '=', activityId).execute();
  const needed = new Map(roles.map((role) => [role.role_template_id, role.places]));
  const sessions = await db.selectFrom('activity_sessions').select(['id', 'organisation_id']).where('activity_id', '=', activityId).where('status', '=', 'scheduled').where('starts_at', '>', sql<Date>`now()`).execute();
  if (sessions.length === 0) {
    return;
  }
  const places = await db
    .selectFrom('activity_rota_places')
    .select(['id', 'session_id', 'role_template_id', 'position', 'champion_id'])
    .where('session_id', 'in', sessions.map((session) => session.id))
    .orderBy('position')
    .execute();
  const additions: { id: string; session_id: string; organisation_id: string; role_template_id: string; position: number }[] = [];
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
        additions.push({ id: newId(), session_id: session.id, organisation_id: session.organisation_id, role_template_id: roleId, position: top });
      }
      // Open places go first, the last positions first; a place a champion holds stays.
      const open = existing.filter((place) => place.champion_id === null).reverse();
      removals.push(...open.slice(0, Math.max(0, existing.length - want)).map((place) => place.id));
    }
  }
  if (removals.length > 0) {
    await db.deleteFrom('activity_rota_places').where('id', 'in', removals).where('champion_id', 'is', null).execute();
  }
  if (additions.length > 0) {
    await db.insertInto('activity_rota_places').values(additions).execute();
  }
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
export async function clashingSessions(db: Executor, championId: string, session: { id: string; starts_at: Date; ends_at: Date }) {
  const sameLogIn = db
    .selectFrom('champions as others')
    .innerJoin('champions as this', 'this.user_id', 'others.user_id')
    .select('others.id')
    .where('this.id', '=', championId);
  return db
    .selectFrom('activity_rota_places')
    .innerJoin('activity_sessions', 'activity_sessions.id', 'activity_rota_places.session_id')
    .innerJoin('activities', 'activities.id', 'activity_sessions.activity_id')
    .select(['activity_sessions.id', 'activity_sessions.starts_at', 'activity_sessions.ends_at', 'activities.name as activity_name'])
    .where((eb) => eb.or([eb('activity_rota_places.champion_id', '=', championId), eb('activity_rota_places.champion_id', 'in', sameLogIn)]))
    .where('activity_sessions.id', '<>', session.id)
    .where('activity_sessions.status', '<>', 'cancelled')
    .where('activity_sessions.starts_at', '<', session.ends_at)
    .where('activity_sessions.ends_at', '>', session.starts_at)
    .orderBy('activity_sessions.starts_at')
    .execute();
}

/**
 * Whether a session's rota may still change: a champion takes places only before a session
 * starts; a coordinator may also fix the rota on the day (someone stepped in that morning),
 * so the record screen lists who really helped. Cancelled and recorded sessions never change.
 */
export function rotaCanChange(session: { status: string; starts_at: Date; local_date: string }, self: boolean, now: Date = new Date()): boolean {
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
export async function claimPlace(tx: Executor, claim: PlaceClaim): Promise<RotaPlaceRow & { role_name: string; champion_name: string }> {
  // The caller authorised the claim: a coordinator assigning, or a champion taking a place themselves.
  const scope = trustedScope([claim.organisationId], 'linked');
  const refuse = (message: string) => new ValidationError({ [claim.field]: message });
  const champion = isUuid(claim.championId)
    ? await tx.selectFrom('champions').select(['id', 'display_name', 'stage']).where('id', '=', claim.championId).where('organisation_id', '=', claim.organisationId).forUpdate().executeTakeFirst()
    : undefined;
  if (!champion) {
    throw claim.self ? new NotFoundError() : refuse('Choose a champion for this place');
  }
  const place = isUuid(claim.placeId) ? await tx.selectFrom('activity_rota_places').selectAll().where('id', '=', claim.placeId).where('organisation_id', '=', claim.organisationId).forUpdate().executeTakeFirst() : undefined;
  if (!place || (claim.sessionId !== undefined && place.session_id !== claim.sessionId)) {
    throw new NotFoundError();
  }
  const session = await tx
    .selectFrom('activity_sessions')
    .innerJoin('activities', 'activities.id', 'activity_sessions.activity_id')
    .select(['activity_sessions.id', 'activity_sessions.status', 'activity_sessions.starts_at', 'activity_sessions.ends_at', 'activity_sessions.local_date', 'activities.name as activity_name'])
    .where('activity_sessions.id', '=', place.session_id)
    .executeTakeFirstOrThrow();
  const role = await tx.selectFrom('champion_role_templates').select('name').where('id', '=', place.role_template_id).executeTakeFirstOrThrow();
  const who = claim.self ? 'You' : champion.display_name;
  if (session.status !== 'scheduled') {
    throw new ConflictError(`This session is ${session.status === 'cancelled' ? 'cancelled' : 'over'}, so its rota cannot change`);
  }
  if (!rotaCanChange(session, claim.self)) {
    throw new ConflictError(claim.self ? 'This session has already started, so you cannot take a place on it' : 'This session was on an earlier day, so its rota cannot change');
  }
  if (place.champion_id === champion.id) {
    throw new ConflictError(`${who} already ${claim.self ? 'have' : 'has'} this place`);
  }
  if (place.champion_id !== null) {
    throw new ConflictError(claim.self ? 'Sorry, someone else has just taken this place. Choose another open place.' : 'This place has already been taken. Release it first, or choose an open place.');
  }
  if (champion.stage !== 'active') {
    throw refuse(claim.self ? 'You cannot take places while you are paused. Ask your coordinator.' : `${champion.display_name} cannot be put on the rota: only active champions can (they are ${champion.stage})`);
  }
  const clearance = await clearanceFor(tx, scope, champion.id, place.role_template_id);
  if (!clearance.cleared) {
    throw refuse(`${who} ${claim.self ? 'are' : 'is'} not cleared for the ${role.name} role yet. Missing: ${clearance.missing.join('; ')}`);
  }
  const sameSession = await tx.selectFrom('activity_rota_places').select('id').where('session_id', '=', place.session_id).where('champion_id', '=', champion.id).executeTakeFirst();
  if (sameSession) {
    throw new ConflictError(`${who} already ${claim.self ? 'have' : 'has'} a place on this session`);
  }
  const [clash] = await clashingSessions(tx, champion.id, session);
  if (clash) {
    throw new ConflictError(`${who} ${claim.self ? 'are' : 'is'} already on the rota for ${sessionLabel(clash)}, which overlaps this session`);
  }
  const taken = await tx
    .updateTable('activity_rota_places')
    .set({ champion_id: champion.id, assigned_by: claim.byUserId, assigned_at: sql<Date>`now()` })
    .where('id', '=', place.id)
    .where('champion_id', 'is', null)
    .returningAll()
    .executeTakeFirstOrThrow();
  return { ...taken, role_name: role.name, champion_name: champion.display_name };
}

/**
 * When a champion leaves, frees every place they hold on sessions still to come; when they
 * pause, frees those before their return date (all of them when it is not known). Registered
 * with the champions module's departure handlers; runs in the departure's transaction.
 */
export async function freePlacesOnDeparture(tx: Executor, departure: ChampionDeparture): Promise<void> {
  const upcoming = tx
    .selectFrom('activity_sessions')
    .select('id')
    .where('organisation_id', '=', departure.organisationId)
    .where('starts_at', '>', sql<Date>`now()`)
    .$if(departure.kind === 'paused' && departure.until !== null, (query) => query.where('local_date', '<', departure.until ?? ''));
  const freed = await tx
    .updateTable('activity_rota_places')
    .set({ champion_id: null, assigned_by: null, assigned_at: null })
    .where('champion_id', '=', departure.championId)
    .where('organisation_id', '=', departure.organisationId)
    .where('session_id', 'in', upcoming)
    .returning('id')
    .execute();
  if (freed.length > 0) {
    await recordAudit(tx, { actorUserId: null }, { action: 'activity.rota-released-on-departure', subjectType: 'champion', subjectId: departure.championId, organisationId: departure.organisationId, details: { places: freed.length, kind: departure.kind } });
  }
}
