import type { Scope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import type { VerificationMethod } from './freshness.repo.ts';

/** The organisation that keeps a task, so the caller can authorise before reading it. */
export async function findTaskOwner(db: Executor, taskId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('dir_verification_tasks')
    .select('owner_organisation_id')
    .where('id', '=', taskId)
    .executeTakeFirst();
  return row?.owner_organisation_id;
}

/** Claims an open task in the scope for `userId`; false when it was no longer open. */
export async function claimOpenTask(
  db: Executor,
  scope: Scope,
  taskId: string,
  userId: string,
  at: Date,
): Promise<boolean> {
  if (scope.organisationIds.length === 0) {
    return false;
  }
  const claimed = await db
    .updateTable('dir_verification_tasks')
    .set({ status: 'claimed', claimed_by: userId, claimed_at: at })
    .where('id', '=', taskId)
    .where('owner_organisation_id', 'in', [...scope.organisationIds])
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(claimed.numUpdatedRows) > 0;
}

/** Hands back a task `userId` holds; false when they did not hold it. */
export async function releaseClaimedTask(db: Executor, scope: Scope, taskId: string, userId: string): Promise<boolean> {
  if (scope.organisationIds.length === 0) {
    return false;
  }
  const released = await db
    .updateTable('dir_verification_tasks')
    .set({ status: 'open', claimed_by: null, claimed_at: null })
    .where('id', '=', taskId)
    .where('owner_organisation_id', 'in', [...scope.organisationIds])
    .where('status', '=', 'claimed')
    .where('claimed_by', '=', userId)
    .executeTakeFirst();
  return Number(released.numUpdatedRows) > 0;
}

/** Marks a task done, with how it was checked and what came of it. */
export async function completeTask(
  db: Executor,
  scope: Scope,
  taskId: string,
  done: { method: VerificationMethod; outcome: string; at: Date },
): Promise<void> {
  if (scope.organisationIds.length === 0) {
    return;
  }
  await db
    .updateTable('dir_verification_tasks')
    .set({ status: 'done', completed_at: done.at, method: done.method, outcome: done.outcome })
    .where('id', '=', taskId)
    .where('owner_organisation_id', 'in', [...scope.organisationIds])
    .execute();
}

/** Notes how a task's details were checked, before its changes are entered. */
export async function setTaskMethod(
  db: Executor,
  scope: Scope,
  taskId: string,
  method: VerificationMethod,
): Promise<void> {
  if (scope.organisationIds.length === 0) {
    return;
  }
  await db
    .updateTable('dir_verification_tasks')
    .set({ method })
    .where('id', '=', taskId)
    .where('owner_organisation_id', 'in', [...scope.organisationIds])
    .execute();
}

/** A task of one service, with who holds it, so the caller can decide whether it may be finished. */
export function findServiceTask(db: Executor, taskId: string, serviceId: string) {
  return db
    .selectFrom('dir_verification_tasks')
    .select(['id', 'method', 'status', 'claimed_by as claimedBy', 'owner_organisation_id as ownerOrganisationId'])
    .where('id', '=', taskId)
    .where('service_id', '=', serviceId)
    .executeTakeFirst();
}

/** How many tasks are waiting in the scope's organisations. */
export async function countOpenTasksIn(db: Executor, scope: Scope): Promise<number> {
  if (scope.organisationIds.length === 0) {
    return 0;
  }
  const row = await db
    .selectFrom('dir_verification_tasks')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('owner_organisation_id', 'in', [...scope.organisationIds])
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

/** How a finished task was checked and by whom, to verify the entry when its proposal is approved. */
export function findTaskCheck(db: Executor, taskId: string) {
  return db
    .selectFrom('dir_verification_tasks as t')
    .leftJoin('users as u', 'u.id', 't.claimed_by')
    .select(['t.method', 't.claimed_by as claimedBy', 't.completed_at as completedAt', 'u.email'])
    .where('t.id', '=', taskId)
    .executeTakeFirst();
}
