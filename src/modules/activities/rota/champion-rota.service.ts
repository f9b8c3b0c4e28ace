import { recordAudit } from '../../../platform/audit/audit.ts';
import { type Scope, authorise, trustedScope } from '../../../platform/auth/policy.ts';
import { type ServiceContext, actorOf, inTransaction } from '../../../platform/context.ts';
import { ConflictError, NotFoundError } from '../../../lib/errors.ts';
import { isUuid } from '../../../lib/ids.ts';
import { type Clearance, clearanceFor, findChampionForUser, roleTemplateNames } from '../../champions/index.ts';
import {
  findPlaceActivityStatus,
  listHeldPlaces,
  listOpenPlaceCandidates,
  lockHeldPlace,
} from './champion-rota.repo.ts';
import { findOrganisationName } from '../shared/activity-records.repo.ts';
import { openPlace } from './rota.repo.ts';
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
  const organisationName = (await findOrganisationName(ctx.db, ownScope(organisationId), organisationId)).name;
  return {
    id: champion.id,
    displayName: champion.display_name,
    stage: champion.stage,
    organisationId,
    organisationName,
  };
}

/** The champion's own organisation, which authorise() has just let them act in. */
function ownScope(organisationId: string): Scope {
  return trustedScope([organisationId], 'self');
}

/** Adds each place's role name, keeping the order given; places whose role is gone are left out. */
async function withRoleNames<T extends { role_template_id: string }>(
  ctx: ServiceContext,
  places: readonly T[],
): Promise<(T & { role_name: string })[]> {
  const roles = new Map(
    (
      await roleTemplateNames(
        ctx.db,
        places.map((place) => place.role_template_id),
      )
    ).map((role) => [role.id, role.name]),
  );
  return places.flatMap((place) => {
    const name = roles.get(place.role_template_id);
    return name === undefined ? [] : [{ ...place, role_name: name }];
  });
}

/**
 * The champion's rota page: their places on sessions still to come (cancelled ones marked),
 * and open places they could take: on scheduled sessions of active activities in their
 * practice, for roles they are cleared for, not clashing with a place they already hold.
 */
export async function myRota(ctx: ServiceContext) {
  const champion = await rotaChampion(ctx);
  const scope = ownScope(champion.organisationId);
  const mine = await withRoleNames(ctx, await listHeldPlaces(ctx.db, scope, champion.organisationId, champion.id));
  if (champion.stage !== 'active') {
    return { champion, mine, open: [], more: false };
  }
  const found = await listOpenPlaceCandidates(ctx.db, scope, champion.organisationId, champion.id);
  // Soonest first, then by role name (the order role names sort in the database), then position.
  const rank = new Map(
    (
      await roleTemplateNames(
        ctx.db,
        found.map((place) => place.role_template_id),
      )
    ).map((role, index) => [role.id, index]),
  );
  const ordered = [...found].sort(
    (a, b) =>
      a.starts_at.getTime() - b.starts_at.getTime() ||
      (rank.get(a.role_template_id) ?? 0) - (rank.get(b.role_template_id) ?? 0) ||
      a.position - b.position,
  );
  const candidates = await withRoleNames(ctx, ordered);
  const busy = mine.filter((place) => place.status !== 'cancelled');
  const clearances = new Map<string, Clearance>();
  const open = [];
  for (const place of candidates) {
    if (place.rank !== 1 || busy.some((held) => held.starts_at < place.ends_at && held.ends_at > place.starts_at)) {
      continue;
    }
    let clearance = clearances.get(place.role_template_id);
    if (!clearance) {
      clearance = await clearanceFor(
        ctx.db,
        trustedScope([champion.organisationId], 'self'),
        champion.id,
        place.role_template_id,
      );
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
  await inTransaction(ctx, async (tx) => {
    const activity = isUuid(placeId)
      ? await findPlaceActivityStatus(tx.db, ownScope(champion.organisationId), champion.organisationId, placeId)
      : undefined;
    if (!activity) {
      throw new NotFoundError();
    }
    if (activity.status !== 'active') {
      throw new ConflictError('This activity is not running at the moment, so its places cannot be taken');
    }
    const place = await claimPlace(tx.db, {
      placeId,
      championId: champion.id,
      organisationId: champion.organisationId,
      byUserId: actorOf(ctx).userId,
      self: true,
      field: 'open-places',
    });
    await recordAudit(tx.db, tx.audit, {
      action: 'activity.rota-place-taken',
      subjectType: 'activity_rota_place',
      subjectId: place.id,
      organisationId: champion.organisationId,
      details: { sessionId: place.session_id, championId: champion.id },
    });
  });
}

/** The champion gives up a place of theirs on a session still to come. */
export async function leavePlace(ctx: ServiceContext, placeId: string): Promise<void> {
  const champion = await rotaChampion(ctx);
  await inTransaction(ctx, async (tx) => {
    const scope = ownScope(champion.organisationId);
    const place = isUuid(placeId)
      ? await lockHeldPlace(tx.db, scope, champion.organisationId, champion.id, placeId)
      : undefined;
    if (!place) {
      throw new NotFoundError();
    }
    if (place.startsAt <= tx.clock.now()) {
      throw new ConflictError('This session has already started. Talk to your coordinator if you cannot be there.');
    }
    await openPlace(tx.db, scope, place.id);
    await recordAudit(tx.db, tx.audit, {
      action: 'activity.rota-left',
      subjectType: 'activity_rota_place',
      subjectId: place.id,
      organisationId: champion.organisationId,
      details: { sessionId: place.session_id, championId: champion.id },
    });
  });
}
