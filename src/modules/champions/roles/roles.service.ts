import type { z } from 'zod';
import { recordAudit } from '../../../platform/audit/audit.ts';
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
import {
  insertRoleAssignment,
  insertRoleTemplate,
  insertRoleTraining,
  researchOrganisationsOfUser,
  updateDirectoryResearch,
} from './roles.repo.ts';
import { roleTemplatesIn } from '../contracts/role-templates.repo.ts';

/** A practice's role templates (seeding the defaults on first use). */
export async function listRoleTemplates(ctx: ServiceContext, organisationId: string) {
  const scope = await manageScope(ctx, organisationId);
  const organisation = await organisationIn(ctx, scope, organisationId);
  await ensureChampionDefaults(ctx.db, organisationId);
  return { organisation, templates: await roleTemplatesIn(ctx.db, scope) };
}

/** Adds a role template. */
export async function createRoleTemplate(
  ctx: ServiceContext,
  organisationId: string,
  form: z.infer<typeof RoleTemplateForm>,
): Promise<void> {
  const scope = await manageScope(ctx, organisationId);
  await organisationIn(ctx, scope, organisationId);
  await inTransaction(ctx, async ({ db: tx }) => {
    const id = newId();
    const inserted = await insertRoleTemplate(tx, scope, {
      id,
      organisation_id: organisationId,
      name: form.name,
      description: form.description,
      check_level: form.checkLevel as CheckLevel,
      references_required: form.referencesRequired,
      grants_directory_research: form.directoryResearch,
    });
    if (!inserted) {
      throw new ValidationError({ name: 'There is already a role with this name' });
    }
    const courses = splitList(form.training);
    if (courses.length > 0) {
      await insertRoleTraining(tx, scope, id, courses);
    }
    await recordAudit(tx, ctx.audit, {
      action: 'role-template.created',
      subjectType: 'champion_role_template',
      subjectId: id,
      organisationId,
    });
  });
}

/** Turns directory research on or off for one of the organisation's role templates. */
export async function setDirectoryResearch(
  ctx: ServiceContext,
  organisationId: string,
  roleTemplateId: string,
  grants: boolean,
): Promise<void> {
  const scope = await manageScope(ctx, organisationId);
  await organisationIn(ctx, scope, organisationId);
  if (!isUuid(roleTemplateId)) {
    throw new NotFoundError();
  }
  await inTransaction(ctx, async ({ db: tx }) => {
    if (!(await updateDirectoryResearch(tx, scope, organisationId, roleTemplateId, grants))) {
      throw new NotFoundError();
    }
    await recordAudit(tx, ctx.audit, {
      action: 'role-template.directory-research-changed',
      subjectType: 'champion_role_template',
      subjectId: roleTemplateId,
      organisationId,
      details: { grants },
    });
  });
}

/**
 * The organisations where a person is an active champion holding a live role whose template
 * grants directory research: where they may claim and complete directory checking tasks.
 */
export async function directoryResearchOrganisations(db: Executor, userId: string): Promise<string[]> {
  return researchOrganisationsOfUser(db, userId);
}

/** Gives a champion a role, only when they are cleared for every requirement of it. */
export async function assignRole(
  ctx: ServiceContext,
  organisationId: string,
  championId: string,
  roleTemplateId: string,
): Promise<void> {
  return inTransaction(ctx, async (tx) => {
    const { scope, champion } = await managedChampion(tx, organisationId, championId);
    if (!isUuid(roleTemplateId)) {
      throw new ValidationError({ roleTemplateId: 'Select a role' });
    }
    const clearance = await clearanceFor(tx.db, scope, champion.id, roleTemplateId);
    if (!clearance.cleared) {
      throw new ValidationError({
        roleTemplateId: `They are not cleared for this role yet. Still needed: ${clearance.missing.join('; ')}`,
      });
    }
    if (!(await insertRoleAssignment(tx.db, scope, champion.id, roleTemplateId, actorOf(tx).userId))) {
      throw new ConflictError('They already have this role', { roleTemplateId: 'They already have this role' });
    }
    await recordAudit(tx.db, tx.audit, {
      action: 'champion.role-assigned',
      subjectType: 'champion',
      subjectId: champion.id,
      organisationId,
      details: { roleTemplateId },
    });
  });
}
