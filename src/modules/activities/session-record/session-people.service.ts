import type { Scope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { activeChampionsIn, championsByIds, roleTemplateNames } from '../../champions/index.ts';
import { heldRotaPlaces, roleIdsNeeded } from './session-record.repo.ts';

/** Champions holding places on the session's rota, with their role, in rota order. */
export async function listRotaChampions(
  db: Executor,
  scope: Scope,
  sessionId: string,
): Promise<{ id: string; display_name: string; role_name: string }[]> {
  const places = await heldRotaPlaces(db, scope, sessionId);
  const people = await championsByIds(
    db,
    scope,
    places.flatMap((place) => (place.champion_id ? [place.champion_id] : [])),
  );
  const roles = await roleTemplateNames(
    db,
    places.map((place) => place.role_template_id),
  );
  const rank = new Map(roles.map((role, index) => [role.id, index]));
  return places
    .filter((place) => place.champion_id !== null && people.has(place.champion_id) && rank.has(place.role_template_id))
    .sort(
      (a, b) => (rank.get(a.role_template_id) ?? 0) - (rank.get(b.role_template_id) ?? 0) || a.position - b.position,
    )
    .map((place) => {
      const person = people.get(place.champion_id ?? '');
      return {
        id: person?.id ?? '',
        display_name: person?.displayName ?? '',
        role_name: roles[rank.get(place.role_template_id) ?? 0]?.name ?? '',
      };
    });
}

/** The roles a session needs: those of its rota places and those its activity asks for now, by name. */
export async function listRolesNeeded(
  db: Executor,
  scope: Scope,
  session: { id: string; activity_id: string },
): Promise<{ id: string; name: string }[]> {
  return roleTemplateNames(db, await roleIdsNeeded(db, scope, session));
}

/** Champions by id, with their names (for champions recorded at a session but not on its rota). */
export async function championNames(
  db: Executor,
  scope: Scope,
  championIds: readonly string[],
): Promise<Map<string, string>> {
  if (championIds.length === 0) {
    return new Map();
  }
  const people = await championsByIds(db, scope, championIds);
  return new Map([...people.values()].map((person) => [person.id, person.displayName]));
}

/** The active champions of an organisation, by name: who else may be recorded as helping. */
export async function listActiveChampions(
  db: Executor,
  scope: Scope,
  organisationId: string,
): Promise<{ id: string; display_name: string }[]> {
  return activeChampionsIn(db, scope, organisationId, 500);
}
