import { authorise } from '../../../platform/auth/policy.ts';
import { type ServiceContext, actorOf, writeAudited } from '../../../platform/context.ts';
import { ValidationError } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import { listNeeds } from '../../directory/index.ts';
import type { UnmetNeedForm } from './unmet-needs.schemas.ts';
import { insertUnmetNeed } from './unmet-needs.repo.ts';

/** The need terms for the form, for someone who may record gaps here. */
export async function unmetNeedChoices(
  ctx: ServiceContext,
  organisationId: string,
): Promise<{ id: string; name: string }[]> {
  await authorise(ctx.db, actorOf(ctx), 'signposting:gaps', organisationId);
  return listNeeds(ctx.db);
}

/** Records a need nothing suitable meets (a gap in provision for the network and commissioners). */
export async function recordUnmetNeed(
  ctx: ServiceContext,
  organisationId: string,
  form: UnmetNeedForm,
): Promise<string> {
  const scope = await authorise(ctx.db, actorOf(ctx), 'signposting:gaps', organisationId);
  const needs = await listNeeds(ctx.db);
  if (!needs.some((need) => need.id === form.needTermId)) {
    throw new ValidationError({ needTermId: 'Select the need' });
  }
  const id = newId();
  const entry = {
    action: 'signposting.unmet-need-recorded',
    subjectType: 'unmet-need',
    subjectId: id,
    organisationId,
  } as const;
  await writeAudited(ctx, entry, (tx) =>
    insertUnmetNeed(tx.db, scope, {
      id,
      organisationId,
      recordedBy: actorOf(tx).userId,
      recordedAt: tx.clock.now(),
      needTermId: form.needTermId,
      area: form.area,
      description: form.description,
    }),
  );
  return id;
}
