import type { Scope } from '../../../platform/auth/policy.ts';
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
      'p.id', 'p.service_id as serviceId', 's.name as serviceName', 'p.owner_organisation_id as ownerOrganisationId', 'o.name as ownerName', 'p.source',
      'p.proposed_by as proposedBy', 'proposer.display_name as proposedByName', 'p.proposer_name as proposerName', 'p.proposer_email as proposerEmail',
      'p.changes', 'p.comment', 'p.status', 'reviewer.display_name as reviewedByName', 'p.reviewed_at as reviewedAt', 'p.review_reason as reviewReason',
      'p.verification_task_id as verificationTaskId', 'p.created_at as createdAt',
    ])
    .where('p.owner_organisation_id', 'in', [...scope.organisationIds]);
}

/** Pending proposals (oldest first) or decided ones (newest first) in the scope. */
export function listProposalRows(db: Executor, scope: Scope, which: 'pending' | 'decided', limit: number): Promise<ProposalRow[]> {
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
