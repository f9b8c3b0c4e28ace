import { z } from 'zod';
import { authorise, type Scope } from '../../../platform/auth/policy.ts';
import type { Permission } from '../../../platform/auth/roles.ts';
import { inTransaction, type ServiceContext } from '../../../platform/context.ts';
import { recordAudit } from '../../../platform/audit/audit.ts';
import { NotFoundError, UnauthenticatedError } from '../../../lib/errors.ts';
import { agreementsFor } from '../agreements/agreements.repo.ts';
import { availabilityField, INTERESTS } from '../shared/champions.schemas.ts';
import { listOpenActionsFor, listUpcomingFor } from '../meetings/meetings.repo.ts';
import {
  championTotals,
  type ChampionTotals,
  findChampionForUser,
  listProfileTags,
  saveProfile,
} from './self-service.repo.ts';
import { londonToday } from '../../../lib/dates.ts';
import { organisationNameOf } from '../shared/organisations.repo.ts';

/** Hours milestones a champion is congratulated on. */
export const MILESTONE_HOURS = [10, 50, 100, 250, 500, 1000] as const;

/** The signed-in champion, with the scope every query about them must use. */
export interface MyChampion {
  id: string;
  organisationId: string;
  organisationName: string;
  displayName: string;
  email: string | null;
  phone: string | null;
  stage: string;
  scope: Scope;
}

/**
 * The champion record of the signed-in person in their active organisation. A person with no
 * standing there gets 404; staff without the champion role get 403; a champion whose record
 * is missing or closed gets 404.
 */
export async function myChampion(ctx: ServiceContext): Promise<MyChampion> {
  const actor = ctx.actor;
  if (!actor) {
    throw new UnauthenticatedError();
  }
  const organisationId = actor.activeOrganisationId;
  if (!organisationId) {
    throw new NotFoundError();
  }
  const scope = await authorise(ctx.db, actor, 'champions:self', organisationId);
  const row = await findChampionForUser(ctx.db, scope, actor.userId);
  if (!row) {
    throw new NotFoundError('We could not find your champion record. Ask your coordinator.');
  }
  return {
    id: row.id,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
    displayName: row.display_name,
    email: row.email,
    phone: row.phone,
    stage: row.stage,
    scope,
  };
}

/** Milestones reached and the next one, from total minutes. */
export function milestonesFor(minutes: number): { reached: number[]; next: number | null; minutesToNext: number } {
  const reached = MILESTONE_HOURS.filter((hours) => minutes >= hours * 60);
  const next = MILESTONE_HOURS.find((hours) => minutes < hours * 60) ?? null;
  return { reached: [...reached], next, minutesToNext: next === null ? 0 : next * 60 - minutes };
}

const EMPTY_TOTALS: ChampionTotals = {
  loggedMinutes: 0,
  verifiedMinutes: 0,
  claimedPence: 0,
  approvedPence: 0,
  awaitingPence: 0,
};

/** The champion's home page: who they are, their totals and milestones, and agreements waiting for their signature. */
export async function myDashboard(ctx: ServiceContext) {
  const champion = await myChampion(ctx);
  const totals = (await championTotals(ctx.db, champion.scope, [champion.id])).get(champion.id) ?? EMPTY_TOTALS;
  const meetings = await listUpcomingFor(ctx.db, champion.scope, champion.id, londonToday(ctx.clock.now()));
  const actions = await listOpenActionsFor(ctx.db, champion.scope, champion.id);
  const unsigned = (await agreementsFor(ctx.db, champion.scope, champion.organisationId, champion.id)).filter(
    (agreement) => !agreement.signed,
  );
  const toSign = unsigned.map((agreement) => ({
    title: agreement.template.title,
    isNewVersion: agreement.needsNewSignature,
  }));
  return { champion, totals, milestones: milestonesFor(totals.loggedMinutes), meetings, actions, toSign };
}

const tagList = z
  .string()
  .max(500, 'Keep this under 500 characters')
  .transform((text) => [
    ...new Set(
      text
        .split(/[,\n]/)
        .map((part) => part.trim())
        .filter(Boolean),
    ),
  ])
  .refine((items) => items.every((item) => item.length <= 60), 'Keep each entry to 60 characters or fewer')
  .refine((items) => items.length <= 20, 'Enter up to 20 entries');

/** The profile form: contact details, interests (ticked), skills and languages (comma-separated) and availability (ticked, by day and part of the day). */
export const ProfileForm = z.object({
  email: z.union([
    z.literal(''),
    z.email('Enter an email address in the correct format, like name@example.com').max(254),
  ]),
  phone: z
    .string()
    .trim()
    .max(30, 'Enter a phone number of 30 characters or fewer')
    .refine(
      (text) => text === '' || /^[0-9 +()-]{6,30}$/.test(text),
      'Enter a phone number, like 01632 960 001 or 07700 900 982',
    ),
  interests: z
    .union([z.string(), z.array(z.string())])
    .default([])
    .transform((value) => [...new Set((Array.isArray(value) ? value : [value]).filter((item) => item !== ''))])
    .refine((values) => values.every((value) => Object.hasOwn(INTERESTS, value)), 'Select from the interests listed'),
  skills: tagList,
  languages: tagList,
  // The same keys as the recruitment form, so the talent register's search finds them.
  availability: availabilityField(false),
});

/** What the profile form holds once read. */
export type ProfileForm = z.infer<typeof ProfileForm>;

/** The profile form's current values. */
export async function myProfile(ctx: ServiceContext) {
  const champion = await myChampion(ctx);
  const tags = await listProfileTags(ctx.db, champion.scope, champion.id);
  const of = (kind: string) => tags.filter((tag) => tag.kind === kind).map((tag) => tag.value);
  const values = {
    email: champion.email ?? '',
    phone: champion.phone ?? '',
    interests: of('interest'),
    skills: of('skill').join(', '),
    languages: of('language').join(', '),
    availability: of('availability'),
  };
  return { champion, values };
}

/** Saves the champion's own contact details, interests, skills, languages and availability. */
export async function updateMyProfile(ctx: ServiceContext, form: ProfileForm): Promise<void> {
  const champion = await myChampion(ctx);
  await inTransaction(ctx, async ({ db: tx }) => {
    await saveProfile(tx, champion.scope, champion.id, {
      email: form.email,
      phone: form.phone,
      interests: form.interests,
      skills: form.skills,
      languages: form.languages,
      availability: form.availability,
    });
    await recordAudit(tx, ctx.audit, {
      action: 'champion.profile-updated',
      subjectType: 'champion',
      subjectId: champion.id,
      organisationId: champion.organisationId,
    });
  });
}

/** Checks a member of staff may use `permission` in an organisation and returns its scope (404 or 403 otherwise). */
export async function staffScope(ctx: ServiceContext, permission: Permission, organisationId: string): Promise<Scope> {
  if (!ctx.actor) {
    throw new UnauthenticatedError();
  }
  return authorise(ctx.db, ctx.actor, permission, organisationId);
}

/** The organisation's name, for page captions. */
export async function organisationName(ctx: ServiceContext, organisationId: string): Promise<string> {
  return (await organisationNameOf(ctx.db, organisationId)) ?? '';
}
