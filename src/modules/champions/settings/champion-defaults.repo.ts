import { sql } from 'kysely';
import type { Scope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { newId } from '../../../lib/ids.ts';
import type { CheckLevel } from '../champions.tables.ts';

/** True when the organisation (in scope) has any role template yet. */
export async function hasRoleTemplates(db: Executor, scope: Scope, organisationId: string): Promise<boolean> {
  const existing = await db
    .selectFrom('champion_role_templates')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('organisation_id', 'in', [...scope.organisationIds])
    .limit(1)
    .executeTakeFirst();
  return existing !== undefined;
}

/** Adds a role template with its training courses, unless the organisation has one of that name. */
export async function insertRoleTemplateIfNew(
  db: Executor,
  scope: Scope,
  organisationId: string,
  template: {
    name: string;
    description: string;
    checkLevel: CheckLevel;
    references: number;
    training: readonly string[];
    directoryResearch?: boolean;
  },
): Promise<void> {
  if (!scope.organisationIds.includes(organisationId)) {
    return;
  }
  const id = newId();
  const inserted = await db
    .insertInto('champion_role_templates')
    .values({
      id,
      organisation_id: organisationId,
      name: template.name,
      description: template.description,
      check_level: template.checkLevel,
      references_required: template.references,
      grants_directory_research: template.directoryResearch ?? false,
    })
    .onConflict((conflict) => conflict.columns(['organisation_id', 'name']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted && template.training.length > 0) {
    await db
      .insertInto('champion_role_training')
      .values(template.training.map((course) => ({ role_template_id: id, course })))
      .execute();
  }
}

/** Adds version 1 of an agreement of this kind, unless the organisation has one. */
export async function insertFirstAgreementIfNew(
  db: Executor,
  scope: Scope,
  organisationId: string,
  agreement: { kind: 'volunteer' | 'confidentiality' | 'media_consent'; title: string; body: string },
): Promise<void> {
  if (!scope.organisationIds.includes(organisationId)) {
    return;
  }
  await db
    .insertInto('champion_agreement_templates')
    .values({
      id: newId(),
      organisation_id: organisationId,
      kind: agreement.kind,
      version: 1,
      title: agreement.title,
      body: agreement.body,
    })
    .onConflict((conflict) => conflict.columns(['organisation_id', 'kind', 'version']).doNothing())
    .execute();
}

/** True when the organisation (in scope) has any induction item yet. */
export async function hasInductionItems(db: Executor, scope: Scope, organisationId: string): Promise<boolean> {
  const items = await db
    .selectFrom('champion_induction_items')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('organisation_id', 'in', [...scope.organisationIds])
    .limit(1)
    .executeTakeFirst();
  return items !== undefined;
}

/** Adds an induction item at a position, unless the organisation has one with that label. */
export async function insertInductionItemIfNew(
  db: Executor,
  scope: Scope,
  organisationId: string,
  item: { label: string; position: number },
): Promise<void> {
  if (!scope.organisationIds.includes(organisationId)) {
    return;
  }
  await db
    .insertInto('champion_induction_items')
    .values({
      id: newId(),
      organisation_id: organisationId,
      label: item.label,
      position: item.position,
      created_at: sql<Date>`now()`,
    })
    .onConflict((conflict) => conflict.columns(['organisation_id', 'label']).doNothing())
    .execute();
}
