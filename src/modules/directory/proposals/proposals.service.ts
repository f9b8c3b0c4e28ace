import { recordAudit } from '../../../platform/audit/audit.ts';
import { authorise, scopeFor, type Scope } from '../../../platform/auth/policy.ts';
import { type ServiceContext, actorOf, inTransaction } from '../../../platform/context.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../lib/errors.ts';
import { isUuid, newId } from '../../../lib/ids.ts';
import { refuseActivityListing } from '../activity-listings/activity-listings.service.ts';
import type { ProposalSource } from '../curation.tables.ts';
import { findServiceOwnership, type ServiceOwnership } from '../shared/service-ownership.repo.ts';
import { recordVerification, type VerificationMethod } from '../freshness/freshness.repo.ts';
import { finishTaskWithChanges } from '../freshness/freshness.service.ts';
import {
  type ProposalRow,
  findProposal,
  findProposalOwner,
  insertProposal,
  listProposalRows,
  settleProposal,
} from './proposals.repo.ts';
import { findTaskCheck } from '../freshness/tasks.repo.ts';
import {
  type Changes,
  applyChanges,
  changesFromJson,
  diffDetails,
  isDetailField,
  sameValue,
} from '../services/service-changes.rules.ts';
import { termNames } from '../shared/taxonomies.repo.ts';
import { DETAIL_FIELDS, type DetailField, type ServiceDetails } from '../services/service-edit.schemas.ts';
import { applyEdit, checkNeeds, currentDetails, pointForChanges } from '../services/service-edit.service.ts';

/** Who is proposing, and why. */
export interface ProposalMeta {
  source: ProposalSource;
  proposerName?: string;
  proposerEmail?: string;
  comment?: string;
  /** A verification task the proposal completes (signed-in champions). */
  taskId?: string;
}

/**
 * Records a proposed change for review. Nothing about the service changes until a reviewer
 * approves it. A report with no changed field needs a comment saying what is wrong. An entry
 * an activity keeps in step takes no proposals (Conflict): it is changed on the activity.
 */
export async function proposeChange(
  ctx: ServiceContext,
  service: ServiceOwnership,
  details: ServiceDetails,
  meta: ProposalMeta,
): Promise<string> {
  refuseActivityListing(service);
  await checkNeeds(ctx.db, details.needs);
  return inTransaction(ctx, async (tx) => {
    const changes = diffDetails(await currentDetails(tx.db, service.id), details);
    if (Object.keys(changes).length === 0 && !meta.comment) {
      throw new ValidationError({ comment: 'Change at least one detail, or tell us what is wrong in the comment box' });
    }
    await pointForChanges(tx.db, details, changes);
    const id = newId();
    let taskId: string | null = null;
    if (meta.taskId && tx.actor && (await finishTaskWithChanges(tx, meta.taskId, service.id, 'proposed'))) {
      taskId = meta.taskId;
    }
    await insertProposal(tx.db, {
      id,
      serviceId: service.id,
      ownerOrganisationId: service.ownerOrganisationId,
      proposedBy: tx.actor?.userId ?? null,
      proposerName: meta.proposerName || null,
      proposerEmail: meta.proposerEmail || null,
      changes,
      comment: meta.comment || null,
      source: meta.source,
      verificationTaskId: taskId,
    });
    await recordAudit(tx.db, tx.audit, {
      action: 'directory.change-proposed',
      subjectType: 'dir_change_proposal',
      subjectId: id,
      organisationId: service.ownerOrganisationId,
      details: { serviceId: service.id, source: meta.source, fields: Object.keys(changes) },
    });
    return id;
  });
}

/** A service a signed-in person may see (published and running, or kept where they may search). */
export async function serviceVisibleTo(ctx: ServiceContext, serviceId: string): Promise<ServiceOwnership> {
  const service = await findServiceOwnership(ctx.db, serviceId);
  if (!service) {
    throw new NotFoundError();
  }
  if (service.published && service.status === 'active') {
    return service;
  }
  const scope = await scopeFor(ctx.db, actorOf(ctx), 'directory:search');
  if (!scope.organisationIds.includes(service.ownerOrganisationId)) {
    throw new NotFoundError();
  }
  return service;
}

/** Review queues the person may see: one organisation's (NotFound if none of theirs), or all of theirs. */
async function reviewScope(ctx: ServiceContext, organisationId?: string): Promise<Scope> {
  const actor = actorOf(ctx);
  if (organisationId) {
    return authorise(ctx.db, actor, 'directory:review', organisationId);
  }
  const scope = await scopeFor(ctx.db, actor, 'directory:review');
  if (scope.organisationIds.length === 0) {
    throw new ForbiddenError();
  }
  return scope;
}

/** The review queue: proposals waiting, and the latest decisions. */
export async function listProposals(
  ctx: ServiceContext,
  organisationId?: string,
): Promise<{ pending: ProposalRow[]; decided: ProposalRow[] }> {
  const scope = await reviewScope(ctx, organisationId);
  const [pending, decided] = await Promise.all([
    listProposalRows(ctx.db, scope, 'pending', 100),
    listProposalRows(ctx.db, scope, 'decided', 20),
  ]);
  // The queue names who proposed each change (members of the public too): one audited read per organisation shown.
  const shown = [...pending, ...decided];
  for (const owner of new Set(shown.map((row) => row.ownerOrganisationId))) {
    const count = shown.filter((row) => row.ownerOrganisationId === owner).length;
    await recordAudit(ctx.db, ctx.audit, {
      action: 'directory.reviews-viewed',
      subjectType: 'organisation',
      subjectId: owner,
      organisationId: owner,
      details: { count },
    });
  }
  return { pending, decided };
}

/** One line of a proposal's field-by-field comparison. */
export interface DiffRow {
  field: DetailField;
  label: string;
  current: unknown;
  from: unknown;
  to: unknown;
  /** Someone changed the field after the proposal was made. */
  changedSince: boolean;
}

/** A proposal with its comparison against the service as it is now (reviewers of the owner only). */
export async function viewProposal(
  ctx: ServiceContext,
  proposalId: string,
): Promise<{ proposal: ProposalRow; scope: Scope; rows: DiffRow[]; names: Map<string, string> }> {
  const owner = isUuid(proposalId) ? await findProposalOwner(ctx.db, proposalId) : undefined;
  if (!owner) {
    throw new NotFoundError();
  }
  const scope = await authorise(ctx.db, actorOf(ctx), 'directory:review', owner);
  const proposal = await findProposal(ctx.db, scope, proposalId);
  if (!proposal) {
    throw new NotFoundError();
  }
  // The proposer's name and email: an audited read.
  await recordAudit(ctx.db, ctx.audit, {
    action: 'directory.proposal-viewed',
    subjectType: 'dir_change_proposal',
    subjectId: proposal.id,
    organisationId: proposal.ownerOrganisationId,
  });
  const current = await currentDetails(ctx.db, proposal.serviceId);
  const changes = changesFromJson(proposal.changes);
  const rows = DETAIL_FIELDS.filter((entry) => entry.field in changes).map(({ field, label }) => {
    const change = changes[field] as { from: unknown; to: unknown };
    return {
      field,
      label,
      current: current[field],
      from: change.from,
      to: change.to,
      changedSince: !sameValue(field, current[field], change.from),
    };
  });
  const ids = rows
    .filter((row) => row.field === 'needs')
    .flatMap((row) => [...((row.current as string[]) ?? []), ...((row.to as string[]) ?? [])]);
  return { proposal, scope, rows, names: await termNames(ctx.db, ids) };
}

const DECIDED = 'This proposal has already been decided';

/** A reviewer's decision: approve the chosen fields, or reject with a reason. */
export interface Decision {
  approve: boolean;
  fields: string[];
  reason: string;
}

async function tellProposer(
  ctx: ServiceContext,
  proposal: ProposalRow,
  approved: boolean,
  reason: string,
): Promise<void> {
  if (!proposal.proposerEmail) {
    return;
  }
  const outcome = approved
    ? 'has been checked and the directory has been updated'
    : 'has been checked, and the directory has not been changed';
  await ctx.notifier.sendEmail(ctx.db, {
    to: proposal.proposerEmail,
    subject: `Your suggested change to ${proposal.serviceName}`,
    body: `Thank you for telling us about a change to ${proposal.serviceName}. Your suggestion ${outcome}.${reason ? `\n\nThe reviewer said: ${reason}` : ''}\n\n${proposal.ownerName}`,
    organisationId: proposal.ownerOrganisationId,
  });
}

/** Applies or rejects a proposal, with history, verification (when it completes one) and audit. */
export async function decideProposal(ctx: ServiceContext, proposalId: string, decision: Decision): Promise<void> {
  const { proposal, scope } = await viewProposal(ctx, proposalId);
  if (proposal.status !== 'pending') {
    throw new ConflictError(DECIDED, { decision: DECIDED });
  }
  const changes: Changes = changesFromJson(proposal.changes);
  const accepted = decision.fields.filter((field): field is DetailField => isDetailField(field) && field in changes);
  if (decision.approve && Object.keys(changes).length > 0 && accepted.length === 0) {
    throw new ValidationError({ accept: 'Select at least one change to accept, or reject the proposal' });
  }
  if (!decision.approve && !decision.reason) {
    throw new ValidationError({ reason: 'Give a reason for rejecting the proposal' });
  }
  await inTransaction(ctx, async (tx) => {
    const settled = await settleProposal(tx.db, scope, proposal.id, {
      approved: decision.approve,
      reviewedBy: actorOf(tx).userId,
      at: tx.clock.now(),
      reason: decision.reason || null,
    });
    if (!settled) {
      throw new ConflictError(DECIDED, { decision: DECIDED });
    }
    const service = (await findServiceOwnership(tx.db, proposal.serviceId)) as ServiceOwnership;
    if (decision.approve) {
      const before = await currentDetails(tx.db, proposal.serviceId);
      const after = applyChanges(before, changes, accepted);
      await checkNeeds(tx.db, after.needs);
      await applyEdit(tx, scope, service, before, after, 'proposal', {
        proposalId: proposal.id,
        proposalSource: proposal.source,
      });
      await verifyFromProposal(tx, proposal);
    }
    await recordAudit(tx.db, tx.audit, {
      action: decision.approve ? 'directory.proposal-approved' : 'directory.proposal-rejected',
      subjectType: 'dir_change_proposal',
      subjectId: proposal.id,
      organisationId: proposal.ownerOrganisationId,
      details: { serviceId: proposal.serviceId, accepted },
    });
    await tellProposer(tx, proposal, decision.approve, decision.reason);
  });
}

/** An approved proposal that came from a check (a champion's task or the provider) verifies the entry. */
async function verifyFromProposal(ctx: ServiceContext, proposal: ProposalRow): Promise<void> {
  if (proposal.verificationTaskId) {
    const task = await findTaskCheck(ctx.db, proposal.verificationTaskId);
    if (task) {
      await recordVerification(ctx.db, {
        serviceId: proposal.serviceId,
        method: (task.method ?? 'phone') as VerificationMethod,
        at: task.completedAt ?? ctx.clock.now(),
        userId: task.claimedBy,
        email: task.email,
        outcome: 'Changes approved',
      });
    }
  } else if (proposal.source === 'provider') {
    await recordVerification(ctx.db, {
      serviceId: proposal.serviceId,
      method: 'provider',
      at: ctx.clock.now(),
      userId: null,
      email: proposal.proposerEmail,
      outcome: 'Changes from the provider approved',
    });
  }
}
