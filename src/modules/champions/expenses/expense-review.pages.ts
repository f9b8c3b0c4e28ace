import type { FastifyInstance } from 'fastify';
import { requireUser } from '../../../platform/auth/plugin.ts';
import { contextFrom } from '../../../platform/context.ts';
import { submitForm } from '../../../platform/http/forms.ts';
import { presentClaim, sendReceipt } from './expenses.presenter.ts';
import { DecideClaimForm } from './expenses.schemas.ts';
import { claimForCoordinator, claimsForCoordinator, decideOnClaim, receiptForCoordinator } from './expenses.service.ts';
import { championForm } from '../shared/champions.schemas.ts';

type OrgParams = { Params: { organisationId: string } };
type ClaimParams = { Params: { organisationId: string; claimId: string } };
const NOTICES: Record<string, string> = { approve: 'Claim approved.', reject: 'Claim rejected.' };

/** What the list says after a decision, and how many later claims a rejection priced again. */
function decisionNotice(done: string | undefined, repriced: number): string | undefined {
  const notice = NOTICES[done ?? ''];
  if (!notice || done !== 'reject' || repriced < 1) {
    return notice;
  }
  const claims = repriced === 1 ? '1 later claim still waiting was' : `${repriced} later claims still waiting were`;
  return `${notice} ${claims} priced again: its miles no longer count towards the 10,000-mile threshold.`;
}

/** The coordinator's expense pages: list, one claim, approve or reject with a reason, receipts. */
export async function expenseReviewPages(app: FastifyInstance): Promise<void> {
  app.get<OrgParams & { Querystring: { done?: string; repriced?: string } }>(
    '/organisations/:organisationId/expense-claims',
    { preHandler: requireUser },
    async (request, reply) => {
      const { organisation, claims } = await claimsForCoordinator(contextFrom(request), request.params.organisationId);
      const presented = claims.map(presentClaim);
      const flash = decisionNotice(request.query.done, Number(request.query.repriced) || 0);
      return reply.view('champions/expenses/views/expenses-review-list.njk', {
        organisation,
        waiting: presented.filter((claim) => claim.status === 'submitted'),
        decided: presented.filter((claim) => claim.status !== 'submitted'),
        flash,
      });
    },
  );

  app.get<ClaimParams>(
    '/organisations/:organisationId/expense-claims/:claimId',
    { preHandler: requireUser },
    async (request, reply) => {
      const { organisation, claim } = await claimForCoordinator(
        contextFrom(request),
        request.params.organisationId,
        request.params.claimId,
      );
      return reply.view('champions/expenses/views/expenses-review.njk', {
        organisation,
        claim: presentClaim(claim),
        values: {},
        receiptBase: `/organisations/${organisation.id}/expense-claims/${claim.id}/receipts`,
      });
    },
  );

  app.post<ClaimParams>(
    '/organisations/:organisationId/expense-claims/:claimId/decision',
    { preHandler: requireUser },
    async (request, reply) => {
      const ctx = contextFrom(request);
      const { organisationId, claimId } = request.params;
      return submitForm(reply, {
        schema: championForm(DecideClaimForm),
        body: request.body,
        submit: async (data) => ({
          decision: data.decision,
          ...(await decideOnClaim(ctx, organisationId, claimId, data)),
        }),
        redirect: ({ decision, repriced }) =>
          `/organisations/${organisationId}/expense-claims?done=${decision}${repriced > 0 ? `&repriced=${repriced}` : ''}`,
        show: async (state, status) => {
          const { organisation, claim } = await claimForCoordinator(ctx, organisationId, claimId);
          return reply.view(
            'champions/expenses/views/expenses-review.njk',
            {
              organisation,
              claim: presentClaim(claim),
              ...state,
              receiptBase: `/organisations/${organisationId}/expense-claims/${claimId}/receipts`,
            },
            status,
          );
        },
      });
    },
  );

  app.get<{ Params: { organisationId: string; claimId: string; receiptId: string } }>(
    '/organisations/:organisationId/expense-claims/:claimId/receipts/:receiptId',
    { preHandler: requireUser },
    async (request, reply) =>
      sendReceipt(
        reply,
        await receiptForCoordinator(
          contextFrom(request),
          request.params.organisationId,
          request.params.claimId,
          request.params.receiptId,
        ),
      ),
  );
}
