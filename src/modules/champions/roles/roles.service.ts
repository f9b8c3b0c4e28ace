import { sql } from 'kysely';
import type { z } from 'zod';
import { recordAudit } from '../../../platform/audit/audit.ts';
import type { Scope } from '../../../platform/auth/policy.ts';
import { actorOf, inTransaction, type ServiceContext } from '../../../platform/context.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../../lib/errors.ts';
import { isUuid, newId } from '../../../lib/ids.ts';
import { splitList } from '../shared/champions.schemas.ts';
import { manageScope, organisationIn } from '../shared/champions.policy.ts';
import { ensureChampionDefaults } from '../settings/champion-defaults.service.ts';
import type { CheckLevel } from '../champions.tables.ts';
import type { RoleTemplateForm } from '../checks/checks.schemas.ts';
import { managedChampion } from '../checks/checks.service.ts';
import { clearanceFor } from '../checks/clearance.service.ts';

/** Role templates in scope with the training each needs. */
export async function roleTemplatesIn(db: Executor, scope: Scope) {
  if (scope.organisationIds.length === 0) {
    return [];
  }
  const templates = await db
    .selectFrom('champion_role_templates')
    .select(['id', 'organisation_id', 'name', 'description', 'check_level', 'references_required', 'grants_directory_research'])
    .where('organisation_id', 'in', scope.organisationIds)
    .where('active', '=', true)
    .orderBy('name')
    .execute();
  const training = templates.length
    ? await db.selectFrom('champion_role_training').select(['role_template_id', 'course']).where('role_template_id', 'in', templates.map((template) => template.id)).orderBy('course').execute()
    : [];
  return templates.map((template) => ({ ...template, training: training.filter((row) => row.role_template_id === template.id).map((row) => row.course) }));
}

/** A practice's role templates (seeding the defaults on first use). */
export async function listRoleTemplates(ctx: ServiceContext, organisationId: string) {
  const scope = await manageScope(ctx, organisationId);
  const organisation = await organisationIn(ctx, scope, organisationId);
  await ensureChampionDefaults(ctx.db, organisationId);
  return { organisation, templates: await roleTemplatesIn(ctx.db, scope) };
}

/** Adds a role template. */
export async function createRoleTemplate(ctx: ServiceContext, organisationId: string, form: z.infer<typeof RoleTemplateForm>): Promise<void> {
  const scope = await manageScope(ctx, organisationId);
  await organisationIn(ctx, scope, organisationId);
  await inTransaction(ctx, async ({ db: tx }) => {
    const id = newId();
    const inserted = await tx
      .insertInto('champion_role_templates')
      .values({ id, organisation_id: organisationId, name: form.name, description: form.description, check_level: form.checkLevel as CheckLevel, references_required: form.referencesRequired, grants_directory_research: form.directoryResearch })
      .onConflict((conflict) => conflict.columns(['organisation_id', 'name']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) {
      throw new ValidationError({ name: 'There is already a role with this name' });
    }
    const courses = splitList(form.training);
    if (courses.length > 0) {
      await tx.insertInto('champion_role_training').values(courses.map((course) => ({ role_template_id: id, course }))).execute();
    }
    await recordAudit(tx, ctx.audit, { action: 'role-template.created', subjectType: 'champion_role_template', subjectId: id, organisationId });
  });
}

/** Turns directory research on or off for one of the organisation's role templates. */
export async function setDirectoryResearch(ctx: ServiceContext, organisationId: string, roleTemplateId: string, grants: boolean): Promise<void> {
  const scope = await manageScope(ctx, organisationId);
  await organisationIn(ctx, scope, organisationId);
  if (!isUuid(roleTemplateId)) {
    throw new NotFoundError();
  }
  await inTransaction(ctx, async ({ db: tx }) => {
    const updated = await tx
      .updateTable('champion_role_templates')
      .set({ grants_directory_research: grants })
      .where('id', '=', roleTemplateId)
      .where('organisation_id', '=', organisationId)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) {
      throw new NotFoundError();
    }
    await recordAudit(tx, ctx.audit, { action: 'role-template.directory-research-changed', subjectType: 'champion_role_template', subjectId: roleTemplateId, organisationId, details: { grants } });
  });
}

/**
 * The organisations where a person is an active champion holding a live role whose template
 * grants directory research: where they may claim and complete directory checking tasks.
 */
export async function directoryResearchOrganisations(db: Executor, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('champions')
    .innerJoin('champion_role_assignments as assignment', 'assignment.champion_id', 'champions.id')
    .innerJoin('champion_role_templates as template', 'template.id', 'assignment.role_template_id')
    .select('champions.organisation_id')
    .distinct()
    .where('champions.user_id', '=', userId)
    .where('champions.stage', '=', 'active')
    .where('assignment.ended_at', 'is', null)
    .where('template.grants_directory_research', '=', true)
    .where('template.active', '=', true)
    .execute();
  return rows.map((row) => row.organisation_id);
}

/** Roles a champion holds now. */
export async function rolesOf(db: Executor, scope: Scope, championId: string) {
  if (scope.organisationIds.length === 0) {
    return [];
  }
  return db
    .selectFrom('champion_role_assignments as assignment')
    .innerJoin('champion_role_templates as template', 'template.id', 'assignment.role_template_id')
    .innerJoin('champions', 'champions.id', 'assignment.champion_id')
    .select(['assignment.id', 'template.id as role_template_id', 'template.name', 'assignment.assigned_at'])
    .where('assignment.champion_id', '=', championId)
    .where('assignment.ended_at', 'is', null)
    .where('champions.organisation_id', 'in', scope.organisationIds)
    .orderBy('template.name')
    .execute();
}

/** Gives a champion a role, only when they are cleared for every requirement of it. */
export async function assignRole(ctx: ServiceContext, organisationId: string, championId: string, roleTemplateId: string): Promise<void> {
  return inTransaction(ctx, async (tx) => {
    const { scope, champion } = await managedChampion(tx, organisationId, championId);
    if (!isUuid(roleTemplateId)) {
      throw new ValidationError({ roleTemplateId: 'Select a role' });
    }
    const clearance = await clearanceFor(tx.db, scope, champion.id, roleTemplateId);
    if (!clearance.cleared) {
      throw new ValidationError({ roleTemplateId: `They are not cleared for this role yet. Still needed: ${clearance.missing.join('; ')}` });
    }
    const inserted = await tx.db
      .insertInto('champion_role_assignments')
      .values({ id: newId(), champion_id: champion.id, role_template_id: roleTemplateId, assigned_by: actorOf(tx).userId, assigned_at: sql<Date>`now()` })
      .onConflict((conflict) => conflict.columns(['champion_id', 'role_template_id']).where('ended_at', 'is', null).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) {
      throw new ConflictError('They already have this role', { roleTemplateId: 'They already have this role' });
    }
    await recordAudit(tx.db, tx.audit, { action: 'champion.role-assigned', subjectType: 'champion', subjectId: champion.id, organisationId, details: { roleTemplateId } });
  });
}
