import { sql } from 'kysely';
import type { Scope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import type { CheckLevel } from '../champions.tables.ts';

/** Everything the clearance rule reads about some champions and role templates of the scope. */
export interface ClearanceRows {
  champions: { id: string; stage: string }[];
  templates: { id: string; check_level: CheckLevel; references_required: number }[];
  checks: { champion_id: string; level: string; expires_on: unknown }[];
  references: { champion_id: string; received: number }[];
  training: { champion_id: string; course: string; expires_on: unknown }[];
  courses: { role_template_id: string; course: string }[];
}

/**
 * The champions and role templates of the scope among these ids, with the champions' checks,
 * received references and training and the templates' required courses; null when none of
 * the champions or none of the templates is in the scope.
 */
export async function clearanceRows(
  db: Executor,
  scope: Scope,
  championIds: readonly string[],
  roleTemplateIds: readonly string[],
): Promise<ClearanceRows | null> {
  const organisations = [...scope.organisationIds];
  const champions = await db
    .selectFrom('champions')
    .select(['id', 'stage'])
    .where('id', 'in', [...championIds])
    .where('organisation_id', 'in', organisations)
    .execute();
  const templates = await db
    .selectFrom('champion_role_templates')
    .select(['id', 'check_level', 'references_required'])
    .where('id', 'in', [...roleTemplateIds])
    .where('organisation_id', 'in', organisations)
    .execute();
  const inScope = champions.map((champion) => champion.id);
  if (inScope.length === 0 || templates.length === 0) {
    return null;
  }
  const checks = await db
    .selectFrom('champion_checks')
    .select(['champion_id', 'level', 'expires_on'])
    .where('champion_id', 'in', inScope)
    .execute();
  const references = await db
    .selectFrom('champion_references')
    .select(['champion_id', sql<number>`count(*)::int`.as('received')])
    .where('champion_id', 'in', inScope)
    .groupBy('champion_id')
    .execute();
  const training = await db
    .selectFrom('champion_training')
    .select(['champion_id', 'course', 'expires_on'])
    .where('champion_id', 'in', inScope)
    .execute();
  const courses = await db
    .selectFrom('champion_role_training')
    .select(['role_template_id', 'course'])
    .where(
      'role_template_id',
      'in',
      templates.map((template) => template.id),
    )
    .orderBy('course')
    .execute();
  return { champions, templates, checks, references, training, courses };
}

/** The champions of the scope who hold a role of this name now (given it and not ended), with the role's template. */
export async function currentHoldersOfRole(
  db: Executor,
  scope: Scope,
  roleName: string,
): Promise<{ champion_id: string; role_template_id: string }[]> {
  if (scope.organisationIds.length === 0) {
    return [];
  }
  return db
    .selectFrom('champion_role_assignments as assignment')
    .innerJoin('champion_role_templates as template', 'template.id', 'assignment.role_template_id')
    .innerJoin('champions', 'champions.id', 'assignment.champion_id')
    .select(['assignment.champion_id', 'assignment.role_template_id'])
    .where('assignment.ended_at', 'is', null)
    .where('champions.organisation_id', 'in', [...scope.organisationIds])
    .where(sql<string>`lower(template.name)`, '=', roleName.toLowerCase())
    .execute();
}
