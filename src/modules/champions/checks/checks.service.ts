import type { z } from 'zod';
import { recordAudit } from '../../../platform/audit/audit.ts';
import type { Scope } from '../../../platform/auth/policy.ts';
import { actorOf, inTransaction, type ServiceContext } from '../../../platform/context.ts';
import { NotFoundError } from '../../../lib/errors.ts';
import { isUuid, newId } from '../../../lib/ids.ts';
import type { CheckForm, ReferenceForm, TrainingForm } from './checks.schemas.ts';
import { manageScope, organisationIn } from '../shared/champions.policy.ts';
import type { ChampionRow, CheckLevel } from '../champions.tables.ts';
import { findChampion } from '../recruitment/recruitment.repo.ts';
import { coursesFor, insertCheck, insertReference, insertTraining } from './checks.repo.ts';

/** A champion the person manages, with their organisation; NotFound otherwise. */
export async function managedChampion(
  ctx: ServiceContext,
  organisationId: string,
  championId: string,
): Promise<{
  scope: Scope;
  champion: ChampionRow;
  organisation: { id: string; name: string; kind: string; ods_code: string | null };
}> {
  const scope = await manageScope(ctx, organisationId);
  const organisation = await organisationIn(ctx, scope, organisationId);
  const champion = isUuid(championId) ? await findChampion(ctx.db, scope, championId) : undefined;
  if (!champion) {
    throw new NotFoundError();
  }
  return { scope, champion, organisation };
}

/** What a record form (check, reference, training) shows: the champion, their organisation and the courses to choose from. */
export async function recordFormContext(ctx: ServiceContext, organisationId: string, championId: string) {
  const { champion, organisation, scope } = await managedChampion(ctx, organisationId, championId);
  return { champion, organisation, courses: await coursesFor(ctx.db, scope) };
}

/** Records a DBS check decision (never conviction details). */
export async function recordCheck(
  ctx: ServiceContext,
  organisationId: string,
  championId: string,
  form: z.infer<typeof CheckForm>,
): Promise<void> {
  return inTransaction(ctx, async (tx) => {
    const { scope, champion } = await managedChampion(tx, organisationId, championId);
    const id = newId();
    await insertCheck(tx.db, scope, {
      id,
      champion_id: champion.id,
      level: form.level as Exclude<CheckLevel, 'none'>,
      issued_on: form.issuedOn,
      certificate_reference: form.certificateReference,
      update_service: form.updateService === 'yes',
      expires_on: form.expiresOn || null,
      cleared_by: actorOf(tx).userId,
    });
    await recordAudit(tx.db, tx.audit, {
      action: 'champion.check-recorded',
      subjectType: 'champion',
      subjectId: champion.id,
      organisationId,
      details: { level: form.level },
    });
  });
}

/** Records a reference received. */
export async function recordReference(
  ctx: ServiceContext,
  organisationId: string,
  championId: string,
  form: z.infer<typeof ReferenceForm>,
): Promise<void> {
  return inTransaction(ctx, async (tx) => {
    const { scope, champion } = await managedChampion(tx, organisationId, championId);
    await insertReference(tx.db, scope, {
      id: newId(),
      champion_id: champion.id,
      referee_name: form.refereeName,
      received_on: form.receivedOn,
      recorded_by: actorOf(tx).userId,
    });
    await recordAudit(tx.db, tx.audit, {
      action: 'champion.reference-recorded',
      subjectType: 'champion',
      subjectId: champion.id,
      organisationId,
    });
  });
}

/** Records training a champion has done. */
export async function recordTraining(
  ctx: ServiceContext,
  organisationId: string,
  championId: string,
  form: z.infer<typeof TrainingForm>,
): Promise<void> {
  return inTransaction(ctx, async (tx) => {
    const { scope, champion } = await managedChampion(tx, organisationId, championId);
    await insertTraining(tx.db, scope, {
      id: newId(),
      champion_id: champion.id,
      course: form.course,
      completed_on: form.completedOn,
      expires_on: form.expiresOn || null,
      recorded_by: actorOf(tx).userId,
    });
    await recordAudit(tx.db, tx.audit, {
      action: 'champion.training-recorded',
      subjectType: 'champion',
      subjectId: champion.id,
      organisationId,
    });
  });
}
