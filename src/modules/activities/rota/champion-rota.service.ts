import { sql } from 'kysely';
import { recordAudit } from '../../../platform/audit/audit.ts';
import { authorise, trustedScope } from '../../../platform/auth/policy.ts';
import type { ServiceContext } from '../../../platform/context.ts';
import { withTransaction } from '../../../platform/db/transaction.ts';
import { ConflictError, NotFoundError } from '../../../lib/errors.ts';
import { isUuid } from '../../../lib/ids.ts';
import { type Clearance, clearanceFor, findChampionForUser } from '../../champions/index.ts';
import { actorOf } from '../shared/activities-scope.policy.ts';
import { claimPlace } from './rota.service.ts';

/** How many open places the champion's page lists at most (the soonest first). */
export const OPEN_PLACES_SHOWN = 50;

/** The signed-in champion in their active organisation (404 when they have no record there, 403 for staff). */
export async function rotaChampion(ctx: ServiceContext) {
  const actor = actorOf(ctx);
  const organisationId = actor.activeOrganisationId;
  if (!organisationId) {
    throw new NotFoundError();
  }
  await authorise(ctx.db, actor, 'champions:self', organisationId);
  const champion = await findChampionForUser(ctx.db, actor.userId, organisationId);
  if (!champion || champion.stage === 'left') {
    throw new NotFoundError('We could not find your champion record. Ask your coordinator.');
  }
  const organisation = await ctx.db.selectFrom('organisations').select('name').where('id', '=', organisationId).executeTakeFirstOrThrow();
  return { id: champion.id, displayName: champion.display_name, stage: champion.stage, organisationId, organisationName: organisation.name };
}

function placesQuery(ctx: ServiceContext, organisationId: string) {
  return ctx.db
    .selectFrom('activity_rota_places')
    .innerJoin('activity_sessions', 'activity_sessions.id', 'activity_rota_places.session_id')
    .innerJoin('activities', 'activities.id', 'activity_sessions.activity_id')
    .innerJoin('champion_role_templates', 'champion_role_templates.id', 'activity_rota_places.role_template_id')
    .select([
      'activity_rota_places.id',
      'activity_rota_places.role_template_id',
      'activity_sessions.id as session_id',
      'activity_sessions.starts_at',
      'activity_sessions.ends_at',
      'activity_sessions.status',
      'activity_sessions.cancel_reason',
      'activity_sessions.venue_name',
      'activities.id as activity_id',
      'activities.name as activity_name',
      'champion_role_templates.name as role_name',
    ])
    .where('activity_rota_places.organisation_id', '=', organisationId)
    .where('activity_sessions.starts_at', '>', sql<Date>`now()`);
}

/**
 * The champion's rota page: their places on sessions still to come (cancelled ones marked),
 * and open places they could take: on scheduled sessions of active activities in their
 * practice, for roles they are cleared for, not clashing with a place they already hold.
 */
export async function myRota(ctx: ServiceContext) {
  const champion = await rotaChampion(ctx);
  const mine = await placesQuery(ctx, champion.organisationId).where('activity_rota_places.champion_id', '=', champion.id).orderBy('activity_sessions.starts_at').limit(200).execute();
  if (champion.stage !== 'active') {
    return { champion, mine, open: [], more: false };
  }
  const candidates = await placesQuery(ctx, champion.organisationId)
    .select(sql<number>`count(*) over (partition by activity_sessions.id, activity_rota_places.role_template_id)::int`.as('open_count'))
    .select(sql<number>`row_number() over (partition by activity_sessions.id, activity_rota_places.role_template_id order by activity_rota_places.position)::int`.as('rank'))
    .where('activity_rota_places.champion_id', 'is', null)
    .where('activity_sessions.status', '=', 'scheduled')
    .where('activities.status', '=', 'active')
    .where('activity_sessions.id', 'not in', (eb) => eb.selectFrom('activity_rota_places as held').select('held.session_id').where('held.champion_id', '=', champion.id))
    .orderBy('activity_sessions.starts_at')
    .orderBy('champion_role_templates.name')
    .orderBy('activity_rota_places.position')
    .execute();
  const busy = mine.filter((place) => place.status !== 'cancelled');
  const clearances = new Map<string, Clearance>();
  const open = [];
  for (const place of candidates) {
    if (place.rank !== 1 || busy.some((held) => held.starts_at < place.ends_at && held.ends_at > place.starts_at)) {
      continue;
    }
    let clearance = clearances.get(place.role_template_id);
    if (!clearance) {
      clearance = await clearanceFor(ctx.db, trustedScope([champion.organisationId], 'self'), champion.id, place.role_template_id);
      clearances.set(place.role_template_id, clearance);
    }
    if (clearance.cleared) {
      open.push(place);
    }
  }
  return { champion, mine, open: open.slice(0, OPEN_PLACES_SHOWN), more: open.length > OPEN_PLACES_SHOWN };
}

/** The champion takes an open place themselves, on an active activity of their practice (see claimPlace for what else is refused). */
export async function takePlace(ctx: ServiceContext, placeId: string): Promise<void> {
  const champion = await rotaChampion(ctx);
  await withTransaction(ctx.db, async (tx) => {
    const activity = isUuid(placeId)
      ? await tx
          .selectFrom('activity_rota_places')
          .innerJoin('activity_sessions', 'activity_sessions.id', 'activity_rota_places.session_id')
          .innerJoin('activities', 'activities.id', 'activity_sessions.activity_id')
          .select('activities.status')
          .where('activity_rota_places.id', '=', placeId)
          .where('activity_rota_places.organisation_id', '=', champion.organisationId)
          .executeTakeFirst()
      : undefined;
    if (!activity) {
      throw new NotFoundError();
    }
    if (activity.status !== 'active') {
      throw new ConflictError('This activity is not running at the moment, so its places cannot be taken');
    }
    const place = await claimPlace(tx, { placeId, championId: champion.id, organisationId: champion.organisationId, byUserId: actorOf(ctx).userId, self: true, field: 'open-places' });
    await recordAudit(tx, ctx.audit, { action: 'activity.rota-place-taken', subjectType: 'activity_rota_place', subjectId: place.id, organisationId: champion.organisationId, details: { sessionId: place.session_id, championId: champion.id } });
  });
}

/** The champion gives up a place of theirs on a session still to come. */
export async function leavePlace(ctx: ServiceContext, placeId: string): Promise<void> {
  const champion = await rotaChampion(ctx);
  await withTransaction(ctx.db, async (tx) => {
    const place = isUuid(placeId)
      ? await tx.selectFrom('activity_rota_places').select(['id', 'session_id', 'champion_id']).where('id', '=', placeId).where('organisation_id', '=', champion.organisationId).where('champion_id', '=', champion.id).forUpdate().executeTakeFirst()
      : undefined;
    if (!place) {
      throw new NotFoundError();
    }
    const session = await tx.selectFrom('activity_sessions').select(['starts_at']).where('id', '=', place.session_id).executeTakeFirstOrThrow();
    if (session.starts_at <= new Date()) {
      throw new ConflictError('This session has already started. Talk to your coordinator if you cannot be there.');
    }
    await tx.updateTable('activity_rota_places').set({ champion_id: null, assigned_by: null, assigned_at: null }).where('id', '=', place.id).execute();
    await recordAudit(tx, ctx.audit, { action: 'activity.rota-left', subjectType: 'activity_rota_place', subjectId: place.id, organisationId: champion.organisationId, details: { sessionId: place.session_id, championId: champion.id } });
  });
}
