import type { FastifyInstance, FastifyReply } from 'fastify';
import { requireUser } from '../../../platform/auth/plugin.ts';
import { type ServiceContext, contextFrom } from '../../../platform/context.ts';
import { ConflictError, type FieldErrors, ValidationError } from '../../../lib/errors.ts';
import { type DiffRow, decideProposal, listProposals, viewProposal } from './proposals.service.ts';
import { changedLabels, changesFromJson, describeValue } from '../services/service-changes.rules.ts';

type ProposalParams = { Params: { proposalId: string } };

const SOURCE_LABELS: Record<string, string> = { member: 'Signed-in member', public: 'Member of the public', provider: 'The provider (update link)' };

const NOTICES: Record<string, string> = { approved: 'The change has been approved and published.', rejected: 'The proposal has been rejected.' };

const asList = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : []);
const single = (value: unknown) => (Array.isArray(value) ? value[0] : value);

/** Who proposed it, in words. */
function proposerText(row: { proposedByName: string | null; proposerName: string | null; proposerEmail: string | null; source: string }): string {
  const who = row.proposedByName ?? ([row.proposerName, row.proposerEmail].filter(Boolean).join(', ') || 'Not given');
  return `${who} (${SOURCE_LABELS[row.source] ?? row.source})`;
}

async function showReview(ctx: ServiceContext, reply: FastifyReply, proposalId: string, values: { accept?: string[]; reason?: string }, errors: FieldErrors = {}, status = 200): Promise<FastifyReply> {
  const { proposal, rows, names } = await viewProposal(ctx, proposalId);
  const present = (row: DiffRow) => ({
    field: row.field,
    label: row.label,
    current: describeValue(row.field, row.current, names) || '(blank)',
    to: describeValue(row.field, row.to, names) || '(blank)',
    changedSince: row.changedSince,
    accepted: values.accept ? values.accept.includes(row.field) : true,
  });
  return reply.view(
    'directory/proposals/views/review.njk',
    { proposal, proposer: proposerText(proposal), rows: rows.map(present), values, errors, backHref: '/directory/reviews', columnClass: 'nhsuk-grid-column-full' },
    status,
  );
}

/** The review queue and the review of one proposal, for reviewers of the owning organisation. */
export async function proposalPages(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: { organisation?: string; done?: string } }>('/directory/reviews', { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    const organisation = typeof request.query.organisation === 'string' && request.query.organisation !== '' ? request.query.organisation : undefined;
    const { pending, decided } = await listProposals(ctx, organisation);
    const summary = (row: (typeof pending)[number]) => ({ ...row, proposer: proposerText(row), fields: changedLabels(changesFromJson(row.changes)).join(', ') || 'No fields changed: see the comment' });
    return reply.view('directory/proposals/views/reviews.njk', {
      pending: pending.map(summary),
      decided: decided.map(summary),
      flash: NOTICES[request.query.done ?? ''],
      backHref: '/directory',
      columnClass: 'nhsuk-grid-column-full',
    });
  });

  app.get<ProposalParams>('/directory/reviews/:proposalId', { preHandler: requireUser }, async (request, reply) => showReview(contextFrom(request), reply, request.params.proposalId, {}));

  app.post<ProposalParams>('/directory/reviews/:proposalId', { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const decision = single(body.decision);
    const reason = String(single(body.reason) ?? '').trim();
    const values = { accept: asList(body.accept), reason };
    if (decision !== 'approve' && decision !== 'reject') {
      return showReview(ctx, reply, request.params.proposalId, values, { decision: 'Choose whether to approve or reject the proposal' }, 400);
    }
    if (reason.length > 1000) {
      return showReview(ctx, reply, request.params.proposalId, values, { reason: 'Reason must be 1,000 characters or fewer' }, 400);
    }
    try {
      await decideProposal(ctx, request.params.proposalId, { approve: decision === 'approve', fields: values.accept, reason });
    } catch (error) {
      if (error instanceof ValidationError) {
        return showReview(ctx, reply, request.params.proposalId, values, error.errors, 400);
      }
      if (error instanceof ConflictError) {
        return showReview(ctx, reply, request.params.proposalId, values, { decision: error.message }, 409);
      }
      throw error;
    }
    return reply.redirect(`/directory/reviews?done=${decision === 'approve' ? 'approved' : 'rejected'}`, 303);
  });
}
