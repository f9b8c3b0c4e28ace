import { sql } from 'kysely';
import type { Scope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { newId } from '../../../lib/ids.ts';

/** The organisation's active checklist items, in order. */
export async function inductionItems(db: Executor, scope: Scope, organisationId: string) {
  if (!scope.organisationIds.includes(organisationId)) {
    return [];
  }
  return db
    .selectFrom('champion_induction_items')
    .select(['id', 'label', 'position'])
    .where('organisation_id', '=', organisationId)
    .where('active', '=', true)
    .orderBy('position')
    .orderBy('label')
    .execute();
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

/** The organisation's checklist item with this label, active or removed. */
export async function findItemByLabel(
  db: Executor,
  scope: Scope,
  organisationId: string,
  label: string,
): Promise<{ id: string; active: boolean } | undefined> {
  if (!scope.organisationIds.includes(organisationId)) {
    return undefined;
  }
  return db
    .selectFrom('champion_induction_items')
    .select(['id', 'active'])
    .where('organisation_id', '=', organisationId)
    .where('label', '=', label)
    .executeTakeFirst();
}

/** The highest position on the checklists in scope (-1 when there are none). */
export async function lastItemPosition(db: Executor, scope: Scope): Promise<number> {
  const last = await db
    .selectFrom('champion_induction_items')
    .select(sql<number>`coalesce(max(position), -1)`.as('p'))
    .where('organisation_id', 'in', scope.organisationIds)
    .executeTakeFirst();
  return Number(last?.p ?? 0);
}

/** Brings back a removed item at a new position. */
export async function reactivateItem(db: Executor, scope: Scope, itemId: string, position: number): Promise<void> {
  await db
    .updateTable('champion_induction_items')
    .set({ active: true, position })
    .where('id', '=', itemId)
    .where('organisation_id', 'in', scope.organisationIds)
    .execute();
}

/** Adds an item to an organisation's checklist. */
export async function insertItem(
  db: Executor,
  scope: Scope,
  organisationId: string,
  label: string,
  position: number,
): Promise<void> {
  if (!scope.organisationIds.includes(organisationId)) {
    return;
  }
  await db
    .insertInto('champion_induction_items')
    .values({ id: newId(), organisation_id: organisationId, label, position })
    .execute();
}

/** Takes an item off its checklist; false when there is no such item in scope. */
export async function deactivateItem(db: Executor, scope: Scope, itemId: string): Promise<boolean> {
  const result = await db
    .updateTable('champion_induction_items')
    .set({ active: false })
    .where('id', '=', itemId)
    .where('organisation_id', 'in', scope.organisationIds)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Ticks an item for a champion (once: a second tick keeps the first). */
export async function insertTick(
  db: Executor,
  scope: Scope,
  championId: string,
  itemId: string,
  userId: string,
): Promise<void> {
  if (scope.organisationIds.length === 0) {
    return;
  }
  await db
    .insertInto('champion_induction_ticks')
    .values({ champion_id: championId, item_id: itemId, ticked_by: userId, ticked_at: sql<Date>`now()` })
    .onConflict((conflict) => conflict.columns(['champion_id', 'item_id']).doNothing())
    .execute();
}
