import type { Scope } from '../../../platform/auth/policy.ts';
import type { ServiceContext } from '../../../platform/context.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import type { FieldErrors } from '../../../lib/errors.ts';
import {
  activeChampionsIn,
  championsInNameOrder,
  findIdeaOrigin as findMeetingIdeaOrigin,
  listActivityIdeas,
  roleTemplateNames,
  roleTemplatesIn,
} from '../../champions/index.ts';
import { findLinkRows, listHostOptions, listStaffMembers, takenIdeaIds } from './activities.repo.ts';
import type { ActivityInput } from './activities.schemas.ts';

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

/** Who and what the proposal form offers: host practices, lead champions, staff sponsors and roles. */
export interface FormOptions {
  hosts: { id: string; name: string }[];
  champions: { id: string; display_name: string }[];
  staff: { id: string; display_name: string }[];
  roles: { id: string; name: string }[];
}

type Links = Awaited<ReturnType<typeof findLinks>>;

export async function formOptions(
  ctx: ServiceContext,
  organisation: Parameters<typeof listHostOptions>[2] & { id: string },
  scope: Scope,
  current?: { links: Links; sponsor: { id: string; display_name: string } | null },
): Promise<FormOptions> {
  const keep = <T extends { id: string }>(list: T[], extra: T[]) => [
    ...list,
    ...extra.filter((item) => !list.some((entry) => entry.id === item.id)),
  ];
  const templates = await roleTemplatesIn(ctx.db, scope);
  return {
    hosts: await listHostOptions(ctx.db, scope, organisation),
    // Someone already chosen stays on the list even if they have since paused or moved on.
    champions: keep(await listActiveChampions(ctx.db, scope, organisation.id), current?.links.leads ?? []),
    staff: keep(await listStaffMembers(ctx.db, scope, organisation.id), current?.sponsor ? [current.sponsor] : []),
    roles: keep(
      templates.map((template) => ({ id: template.id, name: template.name })),
      (current?.links.roles ?? []).map((role) => ({ id: role.id, name: role.name })),
    ),
  };
}

/** Ticked hosts, leads and sponsor must come from the options; roles not offered are dropped. */
export function checkChoices(
  input: ActivityInput,
  options: FormOptions,
): { errors: FieldErrors; places: Record<string, number> } {
  const errors: FieldErrors = {};
  const has = (list: { id: string }[], id: string) => list.some((item) => item.id === id);
  if (!input.hostIds.every((id) => has(options.hosts, id))) {
    errors.hostIds = 'Choose host practices from the list';
  }
  if (!input.leadChampionIds.every((id) => has(options.champions, id))) {
    errors.leadChampionIds = 'Choose lead champions from the list';
  }
  if (input.staffSponsorUserId && !has(options.staff, input.staffSponsorUserId)) {
    errors.staffSponsorUserId = 'Choose a staff sponsor from the list';
  }
  const places = Object.fromEntries(Object.entries(input.places).filter(([id]) => has(options.roles, id)));
  return { errors, places };
}
