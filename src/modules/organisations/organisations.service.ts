import { recordAudit } from '../../platform/audit/audit.ts';
import { type Actor, authorise, organisationAndBelow, scopeFor, type Scope, narrowScope, trustedScope } from '../../platform/auth/policy.ts';
import { type OrganisationKind, type Permission, rolesGrant } from '../../platform/auth/roles.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { withTransaction } from '../../platform/db/transaction.ts';
import { ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from '../../lib/errors.ts';
import { isUuid, newId } from '../../lib/ids.ts';
import { countMembersByRole, findOrganisation, findRelatives } from './organisations.repo.ts';
import { type CreateOrganisationForm, PARENT_KINDS } from './organisations.schemas.ts';

/** Counts under this are shown as "fewer than 5" in aggregate views (small-number suppression). */
export const SUPPRESSION_THRESHOLD = 5;

/** The signed-in person, for services that need one. */
export function actorOf(ctx: ServiceContext): Actor {
  if (!ctx.actor) {
    throw new UnauthenticatedError();
  }
  return ctx.actor;
}

/** A scope of exactly one organisation, after checking the permission there. */
export async function scopeOfOne(ctx: ServiceContext, permission: Permission, organisationId: string): Promise<Scope> {
  return authorise(ctx.db, actorOf(ctx), permission, organisationId);
}

/** What the person may do in an organisation, for pages and API responses. */
export interface Abilities {
  viewMembers: boolean;
  inviteMembers: boolean;
  manageMembers: boolean;
  viewAudit: boolean;
}

function abilitiesFor(roles: string[]): Abilities {
  return {
    viewMembers: rolesGrant(roles, 'members:view'),
    inviteMembers: rolesGrant(roles, 'members:invite'),
    manageMembers: rolesGrant(roles, 'members:manage'),
    viewAudit: rolesGrant(roles, 'audit:view'),
  };
}

/** A count as shown to people who may only see aggregates. */
export function suppressed(count: number): string {
  return count > 0 && count < SUPPRESSION_THRESHOLD ? 'fewer than 5' : String(count);
}

/**
 * An organisation as its members see it, or, for commissioners, facilitators and network
 * leads looking from above, as aggregates only. Non-members get NotFound.
 */
export async function viewOrganisation(ctx: ServiceContext, organisationId: string) {
  const actor = actorOf(ctx);
  const yourRoles = actor.memberships.find((membership) => membership.organisationId === organisationId)?.roles ?? [];
  let aggregatesOnly = false;
  let scope: Scope;
  if (yourRoles.length === 0) {
    scope = await authorise(ctx.db, actor, 'organisation:aggregates', organisationId);
    aggregatesOnly = true;
  } else {
    // Every member sees their own organisation's page.
    scope = trustedScope([organisationId], 'self');
  }
  const organisation = await findOrganisation(ctx.db, scope, organisationId);
  if (!organisation) {
    throw new NotFoundError();
  }
  const { parent, children } = await findRelatives(ctx.db, scope, organisationId);
  let roleCounts: { role: string; people: string }[] = [];
  if (aggregatesOnly || rolesGrant(yourRoles, 'organisation:aggregates')) {
    const below = await scopeFor(ctx.db, actor, 'organisation:aggregates');
    const within = narrowScope(below, await organisationAndBelow(ctx.db, organisationId));
    roleCounts = (await countMembersByRole(ctx.db, within)).map((row) => ({ role: row.role, people: suppressed(row.people) }));
  }
  return { organisation, parent, children, yourRoles, aggregatesOnly, roleCounts, abilities: abilitiesFor(yourRoles) };
}


/** Makes an organisation the one the person is working in for this session. */
export async function switchOrganisation(ctx: ServiceContext, organisationId: string): Promise<void> {
  const actor = actorOf(ctx);
  if (!actor.memberships.some((membership) => membership.organisationId === organisationId)) {
    throw new NotFoundError();
  }
  await withTransaction(ctx.db, async (tx) => {
    await tx.updateTable('sessions').set({ active_organisation_id: organisationId }).where('id', '=', actor.sessionId).execute();
    await recordAudit(tx, ctx.audit, { action: 'organisation.switched', subjectType: 'organisation', subjectId: organisationId, organisationId });
  });
}

/** Creates an organisation (system administrators only), checking where it may sit. */
export async function createOrganisation(ctx: ServiceContext, form: CreateOrganisationForm): Promise<string> {
  if (!actorOf(ctx).isSystemAdmin) {
    throw new ForbiddenError();
  }
  if (form.parentId) {
    if (!isUuid(form.parentId)) {
      throw new ValidationError({ parentId: `Select a parent that a ${form.kind} can belong to` });
    }
    const parent = await ctx.db.selectFrom('organisations').select(['id', 'kind']).where('id', '=', form.parentId).executeTakeFirst();
    if (!parent || !PARENT_KINDS[form.kind].includes(parent.kind)) {
      throw new ValidationError({ parentId: `Select a parent that a ${form.kind} can belong to` });
    }
  }
  if (form.odsCode) {
    const clash = await ctx.db.selectFrom('organisations').select('id').where('ods_code', '=', form.odsCode).executeTakeFirst();
    if (clash) {
      throw new ValidationError({ odsCode: 'An organisation with this ODS code already exists' });
    }
  }
  const id = newId();
  await withTransaction(ctx.db, async (tx) => {
    await tx
      .insertInto('organisations')
      .values({ id, kind: form.kind, subtype: form.subtype, name: form.name, ods_code: form.odsCode ?? null, parent_id: form.parentId ?? null, postcode: form.postcode ?? null })
      .execute();
    await recordAudit(tx, ctx.audit, { action: 'organisation.created', subjectType: 'organisation', subjectId: id, organisationId: id, details: { kind: form.kind } });
  });
  return id;
}

/**
 * Adds a practice to the practices a programme supports (system administrators). The
 * programme's facilitators then see that practice's aggregates. An unknown programme is
 * NotFound; a choice that is not a practice, or is one the programme supports already, is
 * refused with a message for the practice field.
 */
export async function addProgrammePractice(ctx: ServiceContext, programmeId: string, practiceId: string): Promise<void> {
  if (!actorOf(ctx).isSystemAdmin) {
    throw new ForbiddenError();
  }
  const ids = [programmeId, practiceId].filter(isUuid);
  const kinds = ids.length === 0 ? [] : await ctx.db.selectFrom('organisations').select(['id', 'kind']).where('id', 'in', ids).execute();
  const kindOf = (id: string): OrganisationKind | undefined => kinds.find((row) => row.id === id)?.kind;
  if (kindOf(programmeId) !== 'programme') {
    throw new NotFoundError();
  }
  if (kindOf(practiceId) !== 'practice') {
    throw new ValidationError({ practiceId: 'Select a practice for this programme to support' });
  }
  await withTransaction(ctx.db, async (tx) => {
    const added = await tx.insertInto('programme_practices').values({ programme_id: programmeId, practice_id: practiceId }).onConflict((conflict) => conflict.doNothing()).returning('practice_id').executeTakeFirst();
    if (!added) {
      throw new ConflictError('This programme supports that practice already');
    }
    await recordAudit(tx, ctx.audit, { action: 'programme.practice-added', subjectType: 'organisation', subjectId: practiceId, organisationId: programmeId });
  });
}
