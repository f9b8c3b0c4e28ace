import { type Insertable, sql } from 'kysely';
import type { Scope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import type { Database } from '../../../platform/db/schema.ts';
import { newId } from '../../../lib/ids.ts';

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

/** Adds a role template to an organisation in scope; false when one of that name exists. */
export async function insertRoleTemplate(
  db: Executor,
  scope: Scope,
  row: Insertable<Database['champion_role_templates']>,
): Promise<boolean> {
  if (!scope.organisationIds.includes(row.organisation_id)) {
    return false;
  }
  const inserted = await db
    .insertInto('champion_role_templates')
    .values(row)
    .onConflict((conflict) => conflict.columns(['organisation_id', 'name']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Sets the training courses a role template (in scope) asks for. */
export async function insertRoleTraining(
  db: Executor,
  scope: Scope,
  roleTemplateId: string,
  courses: readonly string[],
): Promise<void> {
  const template = await db
    .selectFrom('champion_role_templates')
    .select('id')
    .where('id', '=', roleTemplateId)
    .where('organisation_id', 'in', scope.organisationIds)
    .executeTakeFirst();
  if (template && courses.length > 0) {
    await db
      .insertInto('champion_role_training')
      .values(courses.map((course) => ({ role_template_id: roleTemplateId, course })))
      .execute();
  }
}

/** Turns directory research on or off for a role template; false when there is no such template in scope. */
export async function updateDirectoryResearch(
  db: Executor,
  scope: Scope,
  organisationId: string,
  roleTemplateId: string,
  grants: boolean,
): Promise<boolean> {
  const updated = await db
    .updateTable('champion_role_templates')
    .set({ grants_directory_research: grants })
    .where('id', '=', roleTemplateId)
    .where('organisation_id', '=', organisationId)
    .where('organisation_id', 'in', scope.organisationIds)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) > 0;
}

/** Gives a champion (in scope) a role; false when they already hold it. */
export async function insertRoleAssignment(
  db: Executor,
  scope: Scope,
  championId: string,
  roleTemplateId: string,
  assignedBy: string,
): Promise<boolean> {
  const champion = await db
    .selectFrom('champions')
    .select('id')
    .where('id', '=', championId)
    .where('organisation_id', 'in', scope.organisationIds)
    .executeTakeFirst();
  if (!champion) {
    return false;
  }
  const inserted = await db
    .insertInto('champion_role_assignments')
    .values({
      id: newId(),
      champion_id: championId,
      role_template_id: roleTemplateId,
      assigned_by: assignedBy,
      assigned_at: sql<Date>`now()`,
    })
    .onConflict((conflict) =>
      conflict.columns(['champion_id', 'role_template_id']).where('ended_at', 'is', null).doNothing(),
    )
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** The organisation's active role template with this id, when the organisation is in scope. */
export async function findActiveRoleTemplate(
  db: Executor,
  scope: Scope,
  organisationId: string,
  roleTemplateId: string,
): Promise<{ id: string } | undefined> {
  if (!scope.organisationIds.includes(organisationId)) {
    return undefined;
  }
  return db
    .selectFrom('champion_role_templates')
    .select('id')
    .where('id', '=', roleTemplateId)
    .where('organisation_id', '=', organisationId)
    .where('active', '=', true)
    .executeTakeFirst();
}

/**
 * The organisations where the log-in is an active champion holding a live role whose template
 * grants directory research.
 */
export async function researchOrganisationsOfUser(db: Executor, userId: string): Promise<string[]> {
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
