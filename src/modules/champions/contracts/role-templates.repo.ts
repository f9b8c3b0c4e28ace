import type { Scope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';

// Read contract for other modules (activities): the organisation's role templates, and the names
// of role templates that rota places and activities already point at.

/** Role templates in scope with the training each needs. */
export async function roleTemplatesIn(db: Executor, scope: Scope) {
  if (scope.organisationIds.length === 0) {
    return [];
  }
  const templates = await db
    .selectFrom('champion_role_templates')
    .select([
      'id',
      'organisation_id',
      'name',
      'description',
      'check_level',
      'references_required',
      'grants_directory_research',
    ])
    .where('organisation_id', 'in', scope.organisationIds)
    .where('active', '=', true)
    .orderBy('name')
    .execute();
  const training = templates.length
    ? await db
        .selectFrom('champion_role_training')
        .select(['role_template_id', 'course'])
        .where(
          'role_template_id',
          'in',
          templates.map((template) => template.id),
        )
        .orderBy('course')
        .execute()
    : [];
  return templates.map((template) => ({
    ...template,
    training: training.filter((row) => row.role_template_id === template.id).map((row) => row.course),
  }));
}

/** The role templates with these ids, in name order (then id), as the rota lists them. */
export async function roleTemplateNames(
  db: Executor,
  roleTemplateIds: readonly string[],
): Promise<{ id: string; name: string }[]> {
  if (roleTemplateIds.length === 0) {
    return [];
  }
  return db
    .selectFrom('champion_role_templates')
    .select(['id', 'name'])
    .where('id', 'in', [...new Set(roleTemplateIds)])
    .orderBy('name')
    .orderBy('id')
    .execute();
}
