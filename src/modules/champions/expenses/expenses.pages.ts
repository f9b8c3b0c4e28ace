import type { FastifyInstance } from 'fastify';
import { requireUser } from '../../../platform/auth/plugin.ts';
import { contextFrom } from '../../../platform/context.ts';
import { presentClaim, sendReceipt } from './expenses.presenter.ts';
import { myClaim, myClaims, myReceipt } from './expenses.service.ts';

type ClaimParams = { Params: { claimId: string } };

/** The champion's expense claims: list, one claim, receipt download. */
export async function expensePages(app: FastifyInstance): Promise<void> {
  app.get('/champion/expenses', { preHandler: requireUser }, async (request, reply) => {
    const { champion, claims } = await myClaims(contextFrom(request));
    return reply.view('champions/expenses/views/expenses-mine.njk', { champion, claims: claims.map(presentClaim) });
  });

  app.get<ClaimParams>('/champion/expenses/:claimId', { preHandler: requireUser }, async (request, reply) => {
    const { champion, claim } = await myClaim(contextFrom(request), request.params.claimId);
    return reply.view('champions/expenses/views/expenses-claim.njk', {
      champion,
      claim: presentClaim(claim),
      receiptBase: `/champion/expenses/${claim.id}/receipts`,
    });
  });

  app.get<{ Params: { claimId: string; receiptId: string } }>(
    '/champion/expenses/:claimId/receipts/:receiptId',
    { preHandler: requireUser },
    async (request, reply) => {
      const receipt = await myReceipt(contextFrom(request), request.params.claimId, request.params.receiptId);
      return sendReceipt(reply, receipt);
    },
  );
}
