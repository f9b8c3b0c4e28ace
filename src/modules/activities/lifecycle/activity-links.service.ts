import type { Scope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import {
  activeChampionsIn,
  championsInNameOrder,
  findIdeaOrigin as findMeetingIdeaOrigin,
  listActivityIdeas,
  roleTemplateNames,
} from '../../champions/index.ts';
import { findLinkRows, takenIdeaIds } from './activities.repo.ts';

/** Ideas from the organisation's champion meetings marked for an activity that no activity has taken up yet. */
export async function listMeetingIdeas(db: Executor, scope: Scope, organisationId: string) {
  return listActivityIdeas(db, scope, organisationId, await takenIdeaIds(db));
}

/** One such idea, or undefined (unknown, another organisation's, or already taken up). */
export async function findMeetingIdea(db: Executor, scope: Scope, organisationId: string, itemId: string) {
  const [idea] = await listActivityIdeas(db, scope, organisationId, await takenIdeaIds(db), { itemId });
  return idea;
}

/** The meeting an activity's idea came from, whatever the idea's status now. */
export async function findIdeaOrigin(db: Executor, scope: Scope, itemId: string) {
  return findMeetingIdeaOrigin(db, scope, itemId);
}

/** The organisation's active champions, who may lead an activity. */
export async function listActiveChampions(db: Executor, scope: Scope, organisationId: string) {
  return activeChampionsIn(db, scope, organisationId);
}

/** An activity's host practices, lead champions and roles needed, with names. */
export async function findLinks(db: Executor, scope: Scope, activityId: string) {
  const { hosts, leadIds, roles: roleRows } = await findLinkRows(db, scope, activityId);
  // A lead champion belongs to the activity's organisation or one of its hosts, as the caller's scope does.
  const leads = await championsInNameOrder(db, scope, leadIds);
  const places = new Map(roleRows.map((row) => [row.role_template_id, row.places]));
  const roles = (await roleTemplateNames(db, [...places.keys()])).map((role) => ({
    id: role.id,
    name: role.name,
    places: places.get(role.id) ?? 0,
  }));
  return { hosts, leads, roles };
}
