import type { FastifyInstance } from 'fastify';
import { requireUser } from '../../platform/auth/plugin.ts';
import { contextFrom } from '../../platform/context.ts';
import { presentClaim, sendReceipt } from './expenses.pages.ts';
import { DecideClaimForm } from './expenses.schemas.ts';
import { claimForCoordinator, claimsForCoordinator, decideOnClaim, receiptForCoordinator } from './expenses.service.ts';
import { readChampionForm } from './champions.schemas.ts';

type OrgParams = { Params: { organisationId: string } };
type ClaimParams = { Params: { organisationId: string; claimId: string } };
const NOTICES: Record<string, string> = { approve: 'Claim approved.', reject: 'Claim rejected.' };

/** The coordinator's expense pages: list, one claim, approve or reject with a reason, receipts. */
export async function expenseReviewPages(app: FastifyInstance): Promise<void> {
  app.get<OrgParams & { Querystring: { done?: string } }>('/organisations/:organisationId/expense-claims', { preHandler: requireUser }, async (request, reply) => {
    const { organisation, claims } = await claimsForCoordinator(contextFrom(request), request.params.organisationId);
    const presented = claims.map(presentClaim);
    return reply.view('champions/views/expenses-review-list.njk', { organisation, waiting: presented.filter((claim) => claim.status === 'submitted'), decided: presented.filter((claim) => claim.status !== 'submitted'), flash: NOTICES[request.query.done ?? ''] });
  });

  app.get<ClaimParams>('/organisations/:organisationId/expense-claims/:claimId', { preHandler: requireUser }, async (request, reply) => {
    const { organisation, claim } = await claimForCoordinator(contextFrom(request), request.params.organisationId, request.params.claimId);
    return reply.view('champions/views/expenses-review.njk', { organisation, claim: presentClaim(claim), values: {}, receiptBase: `/organisations/${organisation.id}/expense-claims/${claim.id}/receipts` });
  });

  app.post<ClaimParams>('/organisations/:organisationId/expense-claims/:claimId/decision', { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    const { organisationId, claimId } = request.params;
    const form = readChampionForm(DecideClaimForm, request.body);
    if (!form.ok) {
      const { organisation, claim } = await claimForCoordinator(ctx, organisationId, claimId);
      return reply.view('champions/views/expenses-review.njk', { organisation, claim: presentClaim(claim), values: form.values, errors: form.errors, receiptBase: `/organisations/${organisationId}/expense-claims/${claimId}/receipts` }, 400);
    }
    await decideOnClaim(ctx, organisationId, claimId, form.data);
    return reply.redirect(`/organisations/${organisationId}/expense-claims?done=${form.data.decision}`, 303);
  });

  app.get<{ Params: { organisationId: string; claimId: string; receiptId: string } }>(
    '/organisations/:organisationId/expense-claims/:claimId/receipts/:receiptId',
    { preHandler: requireUser },
    async (request, reply) => sendReceipt(reply, await receiptForCoordinator(contextFrom(request), request.params.organisationId, request.params.claimId, request.params.receiptId)),
  );
}
