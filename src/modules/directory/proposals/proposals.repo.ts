import type { Scope } from '../../../platform/auth/policy.ts';
import type { ProposalSource } from '../curation.tables.ts';
import type { Executor } from '../../../platform/db/transaction.ts';

/** A proposed change as the review queue and review page show it. */
export interface ProposalRow {
  id: string;
  serviceId: string;
  serviceName: string;
  ownerOrganisationId: string;
  ownerName: string;
  source: string;
  proposedBy: string | null;
  proposedByName: string | null;
  proposerName: string | null;
  proposerEmail: string | null;
  changes: unknown;
  comment: string | null;
  status: string;
  reviewedByName: string | null;
  reviewedAt: Date | null;
  reviewReason: string | null;
  verificationTaskId: string | null;
  createdAt: Date;
}

function proposalQuery(db: Executor, scope: Scope) {
  return db
    .selectFrom('dir_change_proposals as p')
    .innerJoin('dir_services as s', 's.id', 'p.service_id')
    .innerJoin('organisations as o', 'o.id', 'p.owner_organisation_id')
    .leftJoin('users as proposer', 'proposer.id', 'p.proposed_by')
    .leftJoin('users as reviewer', 'reviewer.id', 'p.reviewed_by')
    .select([
      'p.id',
      'p.service_id as serviceId',
      's.name as serviceName',
      'p.owner_organisation_id as ownerOrganisationId',
      'o.name as ownerName',
      'p.source',
      'p.proposed_by as proposedBy',
      'proposer.display_name as proposedByName',
      'p.proposer_name as proposerName',
      'p.proposer_email as proposerEmail',
      'p.changes',
      'p.comment',
      'p.status',
      'reviewer.display_name as reviewedByName',
      'p.reviewed_at as reviewedAt',
      'p.review_reason as reviewReason',
      'p.verification_task_id as verificationTaskId',
      'p.created_at as createdAt',
    ])
    .where('p.owner_organisation_id', 'in', [...scope.organisationIds]);
}

/** Pending proposals (oldest first) or decided ones (newest first) in the scope. */
export function listProposalRows(
  db: Executor,
  scope: Scope,
  which: 'pending' | 'decided',
  limit: number,
): Promise<ProposalRow[]> {
  if (scope.organisationIds.length === 0) {
    return Promise.resolve([]);
  }
  const query = proposalQuery(db, scope);
  return which === 'pending'
    ? query.where('p.status', '=', 'pending').orderBy('p.created_at').limit(limit).execute()
    : query.where('p.status', '<>', 'pending').orderBy('p.reviewed_at', 'desc').limit(limit).execute();
}

/** One proposal, if it is in the scope. */
export function findProposal(db: Executor, scope: Scope, proposalId: string): Promise<ProposalRow | undefined> {
  if (scope.organisationIds.length === 0) {
    return Promise.resolve(undefined);
  }
  return proposalQuery(db, scope).where('p.id', '=', proposalId).executeTakeFirst();
}

/** A new proposal for a service the caller has already reached (public, member or provider). */
export interface NewProposal {
  id: string;
  serviceId: string;
  ownerOrganisationId: string;
  proposedBy: string | null;
  proposerName: string | null;
  proposerEmail: string | null;
  changes: unknown;
  comment: string | null;
  source: ProposalSource;
  verificationTaskId: string | null;
}

/** Records a proposed change, waiting for review. */
export async function insertProposal(db: Executor, proposal: NewProposal): Promise<void> {
  await db
    .insertInto('dir_change_proposals')
    .values({
      id: proposal.id,
      service_id: proposal.serviceId,
      owner_organisation_id: proposal.ownerOrganisationId,
      proposed_by: proposal.proposedBy,
      proposer_name: proposal.proposerName,
      proposer_email: proposal.proposerEmail,
      changes: JSON.stringify(proposal.changes),
      comment: proposal.comment,
      source: proposal.source,
      verification_task_id: proposal.verificationTaskId,
    })
    .execute();
}

/** The organisation that keeps a proposal, so the caller can authorise before reading it. */
export async function findProposalOwner(db: Executor, proposalId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('dir_change_proposals')
    .select('owner_organisation_id')
    .where('id', '=', proposalId)
    .executeTakeFirst();
  return row?.owner_organisation_id;
}

/** Decides a pending proposal in the scope; false when it had already been decided. */
export async function settleProposal(
  db: Executor,
  scope: Scope,
  proposalId: string,
  decision: { approved: boolean; reviewedBy: string; at: Date; reason: string | null },
): Promise<boolean> {
  if (scope.organisationIds.length === 0) {
    return false;
  }
  const settled = await db
    .updateTable('dir_change_proposals')
    .set({
      status: decision.approved ? 'approved' : 'rejected',
      reviewed_by: decision.reviewedBy,
      reviewed_at: decision.at,
      review_reason: decision.reason,
    })
    .where('id', '=', proposalId)
    .where('owner_organisation_id', 'in', [...scope.organisationIds])
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(settled.numUpdatedRows) > 0;
}
