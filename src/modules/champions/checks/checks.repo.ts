import type { Insertable } from 'kysely';
import type { Scope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import type { Database } from '../../../platform/db/schema.ts';
import { findChampion } from '../recruitment/recruitment.repo.ts';

/** Training courses the organisation's role templates ask for, for the training form. */
export async function coursesFor(db: Executor, scope: Scope): Promise<string[]> {
  if (scope.organisationIds.length === 0) {
    return [];
  }
  const rows = await db
    .selectFrom('champion_role_training')
    .innerJoin('champion_role_templates', 'champion_role_templates.id', 'champion_role_training.role_template_id')
    .select('champion_role_training.course')
    .distinct()
    .where('champion_role_templates.organisation_id', 'in', scope.organisationIds)
    .orderBy('champion_role_training.course')
    .execute();
  return rows.map((row) => row.course);
}

/** A champion's checks, references and training, for their record page. */
export async function checksOf(db: Executor, scope: Scope, championId: string) {
  const owned = await findChampion(db, scope, championId);
  if (!owned) {
    return { checks: [], references: [], training: [] };
  }
  const checks = await db
    .selectFrom('champion_checks')
    .leftJoin('users', 'users.id', 'champion_checks.cleared_by')
    .select([
      'champion_checks.id',
      'level',
      'issued_on',
      'certificate_reference',
      'update_service',
      'expires_on',
      'users.display_name as cleared_by_name',
    ])
    .where('champion_id', '=', championId)
    .orderBy('issued_on', 'desc')
    .execute();
  const references = await db
    .selectFrom('champion_references')
    .select(['id', 'referee_name', 'received_on'])
    .where('champion_id', '=', championId)
    .orderBy('received_on')
    .execute();
  const training = await db
    .selectFrom('champion_training')
    .select(['id', 'course', 'completed_on', 'expires_on'])
    .where('champion_id', '=', championId)
    .orderBy('completed_on', 'desc')
    .execute();
  return { checks, references, training };
}

/** Records a check decision for a champion in scope. */
export async function insertCheck(
  db: Executor,
  scope: Scope,
  row: Insertable<Database['champion_checks']>,
): Promise<void> {
  if (await findChampion(db, scope, row.champion_id)) {
    await db.insertInto('champion_checks').values(row).execute();
  }
}

/** Records a reference for a champion in scope. */
export async function insertReference(
  db: Executor,
  scope: Scope,
  row: Insertable<Database['champion_references']>,
): Promise<void> {
  if (await findChampion(db, scope, row.champion_id)) {
    await db.insertInto('champion_references').values(row).execute();
  }
}

/** Records training for a champion in scope. */
export async function insertTraining(
  db: Executor,
  scope: Scope,
  row: Insertable<Database['champion_training']>,
): Promise<void> {
  if (await findChampion(db, scope, row.champion_id)) {
    await db.insertInto('champion_training').values(row).execute();
  }
}
