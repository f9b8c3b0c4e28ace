import { recordAudit } from '../../../platform/audit/audit.ts';
import { administratorScope } from '../../../platform/auth/policy.ts';
import type { OrganisationKind } from '../../../platform/auth/roles.ts';
import { actorOf, inTransaction, type ServiceContext } from '../../../platform/context.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../lib/errors.ts';
import { isUuid, newId } from '../../../lib/ids.ts';
import { type CreateOrganisationForm, PARENT_KINDS } from '../shared/organisations.schemas.ts';
import { findKinds, insertOrganisation, insertProgrammePractice, odsCodeInUse } from './setup.repo.ts';

/** Creates an organisation (system administrators only), checking where it may sit. */
export async function createOrganisation(ctx: ServiceContext, form: CreateOrganisationForm): Promise<string> {
  const actor = actorOf(ctx);
  if (!actor.isSystemAdmin) {
    throw new ForbiddenError();
  }
  const id = newId();
  const scope = administratorScope(actor, form.parentId ? [id, form.parentId] : [id]);
  if (form.parentId) {
    if (!isUuid(form.parentId)) {
      throw new ValidationError({ parentId: `Select a parent that a ${form.kind} can belong to` });
    }
    const [parent] = await findKinds(ctx.db, scope, [form.parentId]);
    if (!parent || !PARENT_KINDS[form.kind].includes(parent.kind)) {
      throw new ValidationError({ parentId: `Select a parent that a ${form.kind} can belong to` });
    }
  }
  if (form.odsCode && (await odsCodeInUse(ctx.db, form.odsCode))) {
    throw new ValidationError({ odsCode: 'An organisation with this ODS code already exists' });
  }
  await inTransaction(ctx, async (tx) => {
    await insertOrganisation(tx.db, scope, {
      id,
      kind: form.kind,
      subtype: form.subtype,
      name: form.name,
      odsCode: form.odsCode ?? null,
      parentId: form.parentId ?? null,
      postcode: form.postcode ?? null,
    });
    await recordAudit(tx.db, tx.audit, {
      action: 'organisation.created',
      subjectType: 'organisation',
      subjectId: id,
      organisationId: id,
      details: { kind: form.kind },
    });
  });
  return id;
}

/**
 * Adds a practice to the practices a programme supports (system administrators). The
 * programme's facilitators then see that practice's aggregates. An unknown programme is
 * NotFound; a choice that is not a practice, or is one the programme supports already, is
 * refused with a message for the practice field.
 */
export async function addProgrammePractice(
  ctx: ServiceContext,
  programmeId: string,
  practiceId: string,
): Promise<void> {
  const actor = actorOf(ctx);
  if (!actor.isSystemAdmin) {
    throw new ForbiddenError();
  }
  const scope = administratorScope(actor, [programmeId, practiceId].filter(isUuid));
  const kinds = await findKinds(ctx.db, scope, scope.organisationIds);
  const kindOf = (id: string): OrganisationKind | undefined => kinds.find((row) => row.id === id)?.kind;
  if (kindOf(programmeId) !== 'programme') {
    throw new NotFoundError();
  }
  if (kindOf(practiceId) !== 'practice') {
    throw new ValidationError({ practiceId: 'Select a practice for this programme to support' });
  }
  await inTransaction(ctx, async (tx) => {
    if (!(await insertProgrammePractice(tx.db, scope, programmeId, practiceId))) {
      throw new ConflictError('This programme supports that practice already');
    }
    await recordAudit(tx.db, tx.audit, {
      action: 'programme.practice-added',
      subjectType: 'organisation',
      subjectId: practiceId,
      organisationId: programmeId,
    });
  });
}
