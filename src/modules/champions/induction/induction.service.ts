import { z } from 'zod';
import { recordAudit } from '../../../platform/audit/audit.ts';
import { actorOf, inTransaction, type ServiceContext } from '../../../platform/context.ts';
import { NotFoundError, ValidationError } from '../../../lib/errors.ts';
import { isUuid } from '../../../lib/ids.ts';
import { manageScope, organisationIn } from '../shared/champions.policy.ts';
import { ensureChampionDefaults } from '../settings/champion-defaults.service.ts';
import { managedChampion } from '../checks/checks.service.ts';
import {
  deactivateItem,
  findItemByLabel,
  inductionItems,
  insertItem,
  insertTick,
  lastItemPosition,
  reactivateItem,
} from './induction.repo.ts';

/** A new item on the induction checklist. */
export const InductionItemForm = z.object({
  label: z.preprocess(
    (value) => (typeof value === 'string' ? value.trim() : ''),
    z.string().min(1, 'Enter what the item is').max(200, 'Must be 200 characters or fewer'),
  ),
});

/** The checklist page for coordinators (defaults seeded on first use). */
export async function listInductionItems(ctx: ServiceContext, organisationId: string) {
  const scope = await manageScope(ctx, organisationId);
  const organisation = await organisationIn(ctx, scope, organisationId);
  await ensureChampionDefaults(ctx.db, organisationId);
  return { organisation, items: await inductionItems(ctx.db, scope, organisationId) };
}

/** Adds an item to the end of the checklist (or brings back a removed one). */
export async function addInductionItem(ctx: ServiceContext, organisationId: string, label: string): Promise<void> {
  return inTransaction(ctx, async (tx) => {
    const scope = await manageScope(tx, organisationId);
    const existing = await findItemByLabel(tx.db, scope, organisationId, label);
    if (existing?.active) {
      throw new ValidationError({ label: 'This item is already on the checklist' });
    }
    const position = (await lastItemPosition(tx.db, scope)) + 1;
    if (existing) {
      await reactivateItem(tx.db, scope, existing.id, position);
    } else {
      await insertItem(tx.db, scope, organisationId, label, position);
    }
    await recordAudit(tx.db, tx.audit, {
      action: 'induction-item.added',
      subjectType: 'organisation',
      subjectId: organisationId,
      organisationId,
    });
  });
}

/** Takes an item off the checklist (ticks already made are kept). */
export async function removeInductionItem(ctx: ServiceContext, organisationId: string, itemId: string): Promise<void> {
  return inTransaction(ctx, async (tx) => {
    const scope = await manageScope(tx, organisationId);
    if (!isUuid(itemId) || !(await deactivateItem(tx.db, scope, itemId))) {
      throw new NotFoundError();
    }
    await recordAudit(tx.db, tx.audit, {
      action: 'induction-item.removed',
      subjectType: 'organisation',
      subjectId: organisationId,
      organisationId,
    });
  });
}

/** Ticks an induction item for a champion, noting when and who. */
export async function tickInduction(
  ctx: ServiceContext,
  organisationId: string,
  championId: string,
  itemId: string,
): Promise<void> {
  return inTransaction(ctx, async (tx) => {
    const { scope, champion } = await managedChampion(tx, organisationId, championId);
    const item = isUuid(itemId)
      ? (await inductionItems(tx.db, scope, organisationId)).find((candidate) => candidate.id === itemId)
      : undefined;
    if (!item) {
      throw new NotFoundError();
    }
    await insertTick(tx.db, scope, champion.id, item.id, actorOf(tx).userId);
    await recordAudit(tx.db, tx.audit, {
      action: 'champion.induction-ticked',
      subjectType: 'champion',
      subjectId: champion.id,
      organisationId,
    });
  });
}
