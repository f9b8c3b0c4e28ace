import { recordAudit } from '../../../platform/audit/audit.ts';
import { authorise, scopeFor, type Scope, joinScopes, narrowScope } from '../../../platform/auth/policy.ts';

import { type ServiceContext, actorOf, inTransaction } from '../../../platform/context.ts';
import { ConflictError, ForbiddenError, NotFoundError } from '../../../lib/errors.ts';
import { isUuid } from '../../../lib/ids.ts';
import { refuseActivityListing } from '../activity-listings/activity-listings.service.ts';
import { authoriseVerifier, serviceAbilities, verifierScope, verifierScopeIn } from '../shared/directory.policy.ts';
import { findServiceOwnership } from '../shared/service-ownership.repo.ts';
import {
  claimOpenTask,
  completeTask,
  countOpenTasksIn,
  findServiceTask,
  findTaskOwner,
  releaseClaimedTask,
  setTaskMethod,
} from './tasks.repo.ts';
import {
  type FreshnessRow,
  type TaskRow,
  type VerificationMethod,
  findTask,
  freshnessByOrganisation,
  listLiveTasks,
  recordVerification,
} from './freshness.repo.ts';

/**
 * The organisations whose tasks the person may see: one named organisation (NotFound when
 * they have no standing there), or every organisation where they may verify.
 */
async function taskScope(ctx: ServiceContext, organisationId?: string): Promise<Scope> {
  if (organisationId) {
    return authoriseVerifier(ctx, organisationId);
  }
  const scope = await verifierScope(ctx);
  if (scope.organisationIds.length === 0) {
    throw new ForbiddenError();
  }
  return scope;
}

/** Open tasks, and tasks the person has claimed, in their organisations (or one of them). */
export async function listTasks(
  ctx: ServiceContext,
  organisationId?: string,
): Promise<{ mine: TaskRow[]; open: TaskRow[]; others: TaskRow[] }> {
  const tasks = await listLiveTasks(ctx.db, await taskScope(ctx, organisationId));
  const me = actorOf(ctx).userId;
  return {
    mine: tasks.filter((task) => task.status === 'claimed' && task.claimedBy === me),
    open: tasks.filter((task) => task.status === 'open'),
    others: tasks.filter((task) => task.status === 'claimed' && task.claimedBy !== me),
  };
}

/** One task with the scope it was reached through, for someone who may verify where it is kept. */
async function taskInScope(ctx: ServiceContext, taskId: string): Promise<{ task: TaskRow; scope: Scope }> {
  const owner = isUuid(taskId) ? await findTaskOwner(ctx.db, taskId) : undefined;
  if (!owner) {
    throw new NotFoundError();
  }
  const scope = await authoriseVerifier(ctx, owner);
  const task = await findTask(ctx.db, scope, taskId);
  if (!task) {
    throw new NotFoundError();
  }
  if (task.claimedBy) {
    // Who claimed it is named on the task: an audited read.
    await recordAudit(ctx.db, ctx.audit, {
      action: 'directory.task-viewed',
      subjectType: 'dir_verification_task',
      subjectId: task.id,
      organisationId: task.ownerOrganisationId,
    });
  }
  return { task, scope };
}

/** One task, for someone who may verify in the organisation that keeps the service. */
export async function viewTask(ctx: ServiceContext, taskId: string): Promise<TaskRow> {
  return (await taskInScope(ctx, taskId)).task;
}

/** A task that has moved on (claimed by someone else, or finished): shown on the task's page. */
function taskConflict(message: string): ConflictError {
  return new ConflictError(message, { claim: message });
}

/** Claims a task, returning it with its scope; see claimTask. */
async function claimInScope(ctx: ServiceContext, taskId: string): Promise<{ task: TaskRow; scope: Scope }> {
  const { task, scope } = await taskInScope(ctx, taskId);
  const me = actorOf(ctx).userId;
  if (task.status === 'claimed' && task.claimedBy === me) {
    return { task, scope };
  }
  await inTransaction(ctx, async (tx) => {
    if (!(await claimOpenTask(tx.db, scope, task.id, me, tx.clock.now()))) {
      throw taskConflict(
        task.status === 'claimed'
          ? 'Someone else has already claimed this task'
          : 'This task has already been finished',
      );
    }
    await recordAudit(tx.db, tx.audit, {
      action: 'directory.task-claimed',
      subjectType: 'dir_verification_task',
      subjectId: task.id,
      organisationId: task.ownerOrganisationId,
    });
  });
  return { task: { ...task, status: 'claimed', claimedBy: me }, scope };
}

/** Claims an open task. Claiming one you already hold is harmless; someone else's is a conflict. */
export async function claimTask(ctx: ServiceContext, taskId: string): Promise<TaskRow> {
  return (await claimInScope(ctx, taskId)).task;
}

/** Hands a claimed task back so someone else can take it. */
export async function releaseTask(ctx: ServiceContext, taskId: string): Promise<void> {
  const { task, scope } = await taskInScope(ctx, taskId);
  await inTransaction(ctx, async (tx) => {
    if (!(await releaseClaimedTask(tx.db, scope, task.id, actorOf(tx).userId))) {
      throw taskConflict('Only the person who claimed this task can hand it back');
    }
    await recordAudit(tx.db, tx.audit, {
      action: 'directory.task-released',
      subjectType: 'dir_verification_task',
      subjectId: task.id,
      organisationId: task.ownerOrganisationId,
    });
  });
}

/** A task the person holds (claiming an open one on the way), ready to be completed. */
async function taskInHand(ctx: ServiceContext, taskId: string): Promise<{ task: TaskRow; scope: Scope }> {
  const held = await claimInScope(ctx, taskId);
  if (held.task.status !== 'claimed') {
    throw taskConflict('This task has already been finished');
  }
  return held;
}

/**
 * Completes a task with "the details are still correct": the service is verified now, by
 * this person, by `method`. For "something has changed" the page sends them on to edit or
 * propose, and `finishTaskWithChanges` completes it.
 */
export async function confirmTask(ctx: ServiceContext, taskId: string, method: VerificationMethod): Promise<TaskRow> {
  const { task, scope } = await taskInHand(ctx, taskId);
  const actor = actorOf(ctx);
  await inTransaction(ctx, async (tx) => {
    const at = tx.clock.now();
    await completeTask(tx.db, scope, task.id, { method, outcome: 'Details confirmed', at });
    await recordVerification(tx.db, {
      serviceId: task.serviceId,
      method,
      at,
      userId: actor.userId,
      email: actor.email,
      outcome: 'Details confirmed',
    });
    await recordAudit(tx.db, tx.audit, {
      action: 'directory.service-verified',
      subjectType: 'dir_service',
      subjectId: task.serviceId,
      organisationId: task.ownerOrganisationId,
      details: { method, taskId: task.id },
    });
  });
  return task;
}

/**
 * Notes the method on a task whose details have changed, before the changes are entered.
 * An entry an activity keeps in step is changed on the activity, not here (Conflict).
 */
export async function startTaskChanges(
  ctx: ServiceContext,
  taskId: string,
  method: VerificationMethod,
): Promise<{ task: TaskRow; canEdit: boolean }> {
  const { task, scope } = await taskInHand(ctx, taskId);
  const service = await findServiceOwnership(ctx.db, task.serviceId);
  if (service) {
    refuseActivityListing(service);
  }
  await setTaskMethod(ctx.db, scope, task.id, method);
  return { task: { ...task, method }, canEdit: serviceAbilities(actorOf(ctx), task.ownerOrganisationId).edit };
}

/**
 * Completes a task whose changes were entered: by staff (edited, so verified now) or as a
 * proposal (verified when a reviewer approves it). Returns the task's method. Runs inside the
 * caller's transaction (`ctx.db`).
 */
export async function finishTaskWithChanges(
  ctx: ServiceContext,
  taskId: string,
  serviceId: string,
  how: 'edited' | 'proposed',
): Promise<VerificationMethod | null> {
  const me = actorOf(ctx).userId;
  const task = isUuid(taskId) ? await findServiceTask(ctx.db, taskId, serviceId) : undefined;
  if (task?.status !== 'claimed' || task.claimedBy !== me) {
    return null;
  }
  // Someone who has since lost their researcher role can still suggest the change; the task stays theirs to hand back.
  const scope = await verifierScopeIn(ctx, task.ownerOrganisationId);
  if (scope.organisationIds.length === 0) {
    return null;
  }
  const method = (task.method ?? 'phone') as VerificationMethod;
  await completeTask(ctx.db, scope, task.id, {
    method,
    outcome: how === 'edited' ? 'Details updated' : 'Changes proposed for review',
    at: ctx.clock.now(),
  });
  return method;
}

/** The freshness dashboard: share of fresh entries per practice and per network the person sees. */
export async function freshnessDashboard(
  ctx: ServiceContext,
  organisationId?: string,
): Promise<{ practices: FreshnessRow[]; networks: FreshnessRow[]; others: FreshnessRow[] }> {
  const actor = actorOf(ctx);
  let scope: Scope;
  if (organisationId) {
    if (!isUuid(organisationId)) {
      throw new NotFoundError();
    }
    const reviewable = narrowScope(await scopeFor(ctx.db, actor, 'directory:review'), [organisationId]);
    scope =
      reviewable.organisationIds.length > 0
        ? reviewable
        : await authorise(ctx.db, actor, 'organisation:aggregates', organisationId);
  } else {
    const [review, aggregates] = await Promise.all([
      scopeFor(ctx.db, actor, 'directory:review'),
      scopeFor(ctx.db, actor, 'organisation:aggregates'),
    ]);
    scope = joinScopes(review, aggregates);
    if (scope.organisationIds.length === 0) {
      throw new ForbiddenError();
    }
  }
  const rows = await freshnessByOrganisation(ctx.db, scope, ctx.clock.now());
  return {
    practices: rows.filter((row) => row.kind === 'practice'),
    networks: rows.filter((row) => row.kind === 'network'),
    others: rows.filter((row) => row.kind !== 'practice' && row.kind !== 'network'),
  };
}

/** How many tasks are waiting in the person's organisations (for the directory page's links). */
export async function countOpenTasks(ctx: ServiceContext): Promise<number> {
  const scope = await verifierScope(ctx);
  if (scope.organisationIds.length === 0) {
    return 0;
  }
  return countOpenTasksIn(ctx.db, scope);
}
