import type { Executor } from '../../../platform/db/transaction.ts';

// Read contract for other modules (activities): the names of role templates that rota places
// and activities already point at.

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
