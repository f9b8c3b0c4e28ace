import type { FastifyInstance, FastifyReply } from 'fastify';
import { requireUser } from '../../../platform/auth/plugin.ts';
import { type ServiceContext, contextFrom } from '../../../platform/context.ts';
import { z } from 'zod';
import { submitForm } from '../../../platform/http/forms.ts';
import type { FieldErrors } from '../../../lib/errors.ts';
import { conflictMessage } from '../shared/directory.presenter.ts';
import { type DiffRow, decideProposal, listProposals, viewProposal } from './proposals.service.ts';
import { changedLabels, changesFromJson, describeValue } from '../services/service-changes.rules.ts';

type ProposalParams = { Params: { proposalId: string } };

const SOURCE_LABELS: Record<string, string> = {
  member: 'Signed-in member',
  public: 'Member of the public',
  provider: 'The provider (update link)',
};

const NOTICES: Record<string, string> = {
  approved: 'The change has been approved and published.',
  rejected: 'The proposal has been rejected.',
};

const asList = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : [];
const single = (value: unknown) => (Array.isArray(value) ? value[0] : value);

const reasonOf = (value: unknown): string => String(single(value) ?? '').trim();

/**
 * A reviewer's decision: approve or reject, the changes to accept and a reason. The decision is
 * checked before the reason, so only the first problem is shown, as the page always has.
 */
const DecisionForm = z.record(z.string(), z.unknown()).transform((body, context) => {
  const decision = single(body.decision);
  const reason = reasonOf(body.reason);
  if (decision !== 'approve' && decision !== 'reject') {
    context.addIssue({
      code: 'custom',
      path: ['decision'],
      message: 'Choose whether to approve or reject the proposal',
    });
    return z.NEVER;
  }
  if (reason.length > 1000) {
    context.addIssue({ code: 'custom', path: ['reason'], message: 'Reason must be 1,000 characters or fewer' });
    return z.NEVER;
  }
  return { decision, accept: asList(body.accept), reason };
});

/** Who proposed it, in words. */
function proposerText(row: {
  proposedByName: string | null;
  proposerName: string | null;
  proposerEmail: string | null;
  source: string;
}): string {
  const who = row.proposedByName ?? ([row.proposerName, row.proposerEmail].filter(Boolean).join(', ') || 'Not given');
  return `${who} (${SOURCE_LABELS[row.source] ?? row.source})`;
}

async function showReview(
  ctx: ServiceContext,
  reply: FastifyReply,
  proposalId: string,
  values: { accept?: string[]; reason?: string },
  errors: FieldErrors = {},
  status = 200,
): Promise<FastifyReply> {
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
    {
      proposal,
      proposer: proposerText(proposal),
      rows: rows.map(present),
      values,
      errors,
      backHref: '/directory/reviews',
      columnClass: 'nhsuk-grid-column-full',
    },
    status,
  );
}

/** The review queue and the review of one proposal, for reviewers of the owning organisation. */
export async function proposalPages(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: { organisation?: string; done?: string } }>(
    '/directory/reviews',
    { preHandler: requireUser },
    async (request, reply) => {
      const ctx = contextFrom(request);
      const organisation =
        typeof request.query.organisation === 'string' && request.query.organisation !== ''
          ? request.query.organisation
          : undefined;
      const { pending, decided } = await listProposals(ctx, organisation);
      const summary = (row: (typeof pending)[number]) => ({
        ...row,
        proposer: proposerText(row),
        fields: changedLabels(changesFromJson(row.changes)).join(', ') || 'No fields changed: see the comment',
      });
      return reply.view('directory/proposals/views/reviews.njk', {
        pending: pending.map(summary),
        decided: decided.map(summary),
        flash: NOTICES[request.query.done ?? ''],
        backHref: '/directory',
        columnClass: 'nhsuk-grid-column-full',
      });
    },
  );

  app.get<ProposalParams>('/directory/reviews/:proposalId', { preHandler: requireUser }, async (request, reply) =>
    showReview(contextFrom(request), reply, request.params.proposalId, {}),
  );

  app.post<ProposalParams>('/directory/reviews/:proposalId', { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    return submitForm(reply, {
      schema: DecisionForm,
      body: request.body,
      submit: async (form) => {
        await decideProposal(ctx, request.params.proposalId, {
          approve: form.decision === 'approve',
          fields: form.accept,
          reason: form.reason,
        });
        return form.decision;
      },
      redirect: (decision) => `/directory/reviews?done=${decision === 'approve' ? 'approved' : 'rejected'}`,
      show: ({ values, errors }, status) =>
        showReview(
          ctx,
          reply,
          request.params.proposalId,
          { accept: asList(values.accept), reason: reasonOf(values.reason) },
          status === 409 ? { decision: conflictMessage(errors) } : errors,
          status,
        ),
    });
  });
}
