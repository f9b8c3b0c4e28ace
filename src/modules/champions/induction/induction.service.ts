import { sql } from 'kysely';
import { z } from 'zod';
import { recordAudit } from '../../../platform/audit/audit.ts';
import type { Scope } from '../../../platform/auth/policy.ts';
import { actorOf, inTransaction, type ServiceContext } from '../../../platform/context.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { NotFoundError, ValidationError } from '../../../lib/errors.ts';
import { isUuid, newId } from '../../../lib/ids.ts';
import { manageScope, organisationIn } from '../shared/champions.policy.ts';
import { ensureChampionDefaults } from '../settings/champion-defaults.service.ts';
import { managedChampion } from '../checks/checks.service.ts';

/** A new item on the induction checklist. */
export const InductionItemForm = z.object({
  label: z.preprocess((value) => (typeof value === 'string' ? value.trim() : ''), z.string().min(1, 'Enter what the item is').max(200, 'Must be 200 characters or fewer')),
});

/** The organisation's active checklist items, in order. */
export async function inductionItems(db: Executor, scope: Scope, organisationId: string) {
  if (!scope.organisationIds.includes(organisationId)) {
    return [];
  }
  return db.selectFrom('champion_induction_items').select(['id', 'label', 'position']).where('organisation_id', '=', organisationId).where('active', '=', true).orderBy('position').orderBy('label').execute();
}

/** Each checklist item with when and by whom it was ticked for this champion. */
export async function inductionFor(db: Executor, scope: Scope, organisationId: string, championId: string) {
  const items = await inductionItems(db, scope, organisationId);
  const ticks = await db
    .selectFrom('champion_induction_ticks as tick')
    .leftJoin('users', 'users.id', 'tick.ticked_by')
    .select(['tick.item_id', 'tick.ticked_at', 'users.display_name as ticked_by_name'])
    .where('tick.champion_id', '=', championId)
    .execute();
  return items.map((item) => ({ item, tick: ticks.find((tick) => tick.item_id === item.id) ?? null }));
}

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
    const existing = await tx.db.selectFrom('champion_induction_items').select(['id', 'active']).where('organisation_id', '=', organisationId).where('label', '=', label).executeTakeFirst();
    if (existing?.active) {
      throw new ValidationError({ label: 'This item is already on the checklist' });
    }
    const last = await tx.db.selectFrom('champion_induction_items').select(sql<number>`coalesce(max(position), -1)`.as('p')).where('organisation_id', 'in', scope.organisationIds).executeTakeFirst();
    if (existing) {
      await tx.db.updateTable('champion_induction_items').set({ active: true, position: Number(last?.p ?? 0) + 1 }).where('id', '=', existing.id).execute();
    } else {
      await tx.db.insertInto('champion_induction_items').values({ id: newId(), organisation_id: organisationId, label, position: Number(last?.p ?? 0) + 1 }).execute();
    }
    await recordAudit(tx.db, tx.audit, { action: 'induction-item.added', subjectType: 'organisation', subjectId: organisationId, organisationId });
  });
}

/** Takes an item off the checklist (ticks already made are kept). */
export async function removeInductionItem(ctx: ServiceContext, organisationId: string, itemId: string): Promise<void> {
  return inTransaction(ctx, async (tx) => {
    const scope = await manageScope(tx, organisationId);
    const result = isUuid(itemId) ? await tx.db.updateTable('champion_induction_items').set({ active: false }).where('id', '=', itemId).where('organisation_id', 'in', scope.organisationIds).executeTakeFirst() : null;
    if (!result || Number(result.numUpdatedRows) !== 1) {
      throw new NotFoundError();
    }
    await recordAudit(tx.db, tx.audit, { action: 'induction-item.removed', subjectType: 'organisation', subjectId: organisationId, organisationId });
  });
}

/** Ticks an induction item for a champion, noting when and who. */
export async function tickInduction(ctx: ServiceContext, organisationId: string, championId: string, itemId: string): Promise<void> {
  return inTransaction(ctx, async (tx) => {
    const { scope, champion } = await managedChampion(tx, organisationId, championId);
    const item = isUuid(itemId) ? (await inductionItems(tx.db, scope, organisationId)).find((candidate) => candidate.id === itemId) : undefined;
    if (!item) {
      throw new NotFoundError();
    }
    await tx.db
      .insertInto('champion_induction_ticks')
      .values({ champion_id: champion.id, item_id: item.id, ticked_by: actorOf(tx).userId, ticked_at: sql<Date>`now()` })
      .onConflict((conflict) => conflict.columns(['champion_id', 'item_id']).doNothing())
      .execute();
    await recordAudit(tx.db, tx.audit, { action: 'champion.induction-ticked', subjectType: 'champion', subjectId: champion.id, organisationId });
  });
}
