import type { z } from 'zod';
import { recordAudit } from '../../../platform/audit/audit.ts';
import type { Scope } from '../../../platform/auth/policy.ts';
import { actorOf, inTransaction, type ServiceContext } from '../../../platform/context.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { NotFoundError } from '../../../lib/errors.ts';
import { isUuid, newId } from '../../../lib/ids.ts';
import type { CheckForm, ReferenceForm, TrainingForm } from './checks.schemas.ts';
import { manageScope, organisationIn } from '../shared/champions.policy.ts';
import type { ChampionRow, CheckLevel } from '../champions.tables.ts';
import { findChampion } from '../recruitment/recruitment.repo.ts';

/** A champion the person manages, with their organisation; NotFound otherwise. */
export async function managedChampion(ctx: ServiceContext, organisationId: string, championId: string): Promise<{ scope: Scope; champion: ChampionRow; organisation: { id: string; name: string; kind: string; ods_code: string | null } }> {
  const scope = await manageScope(ctx, organisationId);
  const organisation = await organisationIn(ctx, scope, organisationId);
  const champion = isUuid(championId) ? await findChampion(ctx.db, scope, championId) : undefined;
  if (!champion) {
    throw new NotFoundError();
  }
  return { scope, champion, organisation };
}

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

/** Records a DBS check decision (never conviction details). */
export async function recordCheck(ctx: ServiceContext, organisationId: string, championId: string, form: z.infer<typeof CheckForm>): Promise<void> {
  return inTransaction(ctx, async (tx) => {
    const { champion } = await managedChampion(tx, organisationId, championId);
    const id = newId();
    await tx.db
      .insertInto('champion_checks')
      .values({
        id,
        champion_id: champion.id,
        level: form.level as Exclude<CheckLevel, 'none'>,
        issued_on: form.issuedOn,
        certificate_reference: form.certificateReference,
        update_service: form.updateService === 'yes',
        expires_on: form.expiresOn || null,
        cleared_by: actorOf(tx).userId,
      })
      .execute();
    await recordAudit(tx.db, tx.audit, { action: 'champion.check-recorded', subjectType: 'champion', subjectId: champion.id, organisationId, details: { level: form.level } });
  });
}

/** Records a reference received. */
export async function recordReference(ctx: ServiceContext, organisationId: string, championId: string, form: z.infer<typeof ReferenceForm>): Promise<void> {
  return inTransaction(ctx, async (tx) => {
    const { champion } = await managedChampion(tx, organisationId, championId);
    await tx.db.insertInto('champion_references').values({ id: newId(), champion_id: champion.id, referee_name: form.refereeName, received_on: form.receivedOn, recorded_by: actorOf(tx).userId }).execute();
    await recordAudit(tx.db, tx.audit, { action: 'champion.reference-recorded', subjectType: 'champion', subjectId: champion.id, organisationId });
  });
}

/** Records training a champion has done. */
export async function recordTraining(ctx: ServiceContext, organisationId: string, championId: string, form: z.infer<typeof TrainingForm>): Promise<void> {
  return inTransaction(ctx, async (tx) => {
    const { champion } = await managedChampion(tx, organisationId, championId);
    await tx.db
      .insertInto('champion_training')
      .values({ id: newId(), champion_id: champion.id, course: form.course, completed_on: form.completedOn, expires_on: form.expiresOn || null, recorded_by: actorOf(tx).userId })
      .execute();
    await recordAudit(tx.db, tx.audit, { action: 'champion.training-recorded', subjectType: 'champion', subjectId: champion.id, organisationId });
  });
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
    .select(['champion_checks.id', 'level', 'issued_on', 'certificate_reference', 'update_service', 'expires_on', 'users.display_name as cleared_by_name'])
    .where('champion_id', '=', championId)
    .orderBy('issued_on', 'desc')
    .execute();
  const references = await db.selectFrom('champion_references').select(['id', 'referee_name', 'received_on']).where('champion_id', '=', championId).orderBy('received_on').execute();
  const training = await db.selectFrom('champion_training').select(['id', 'course', 'completed_on', 'expires_on']).where('champion_id', '=', championId).orderBy('completed_on', 'desc').execute();
  return { checks, references, training };
}
