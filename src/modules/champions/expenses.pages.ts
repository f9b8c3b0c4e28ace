import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { requireUser } from '../../platform/auth/plugin.ts';
import { contextFrom, type ServiceContext } from '../../platform/context.ts';
import { ValidationError } from '../../lib/errors.ts';
import type { FieldErrors } from '../../lib/errors.ts';
import { EXPENSE_KIND_LABELS, ITEM_LINES, JOURNEY_LINES, readClaimLines } from './expenses.schemas.ts';
import { myClaim, myClaims, myMileageGuide, myReceipt, submitMyClaim } from './expenses.service.ts';
import { MAX_RECEIPT_BYTES, MAX_RECEIPTS, passesCsrf, readMultipartForm } from './expenses.upload.ts';
import { britishDate, formatPounds } from './exports.format.ts';
import { VEHICLE_LABELS } from './mileage.ts';
import { myChampion, type MyChampion } from './self-service.service.ts';

type ClaimParams = { Params: { claimId: string } };
const STATUS_LABELS: Record<string, string> = { submitted: 'Waiting for approval', approved: 'Approved', rejected: 'Rejected' };

/** Form choices for the claim page. */
export function claimFormChoices() {
  return {
    itemLines: [...Array(ITEM_LINES).keys()],
    journeyLines: [...Array(JOURNEY_LINES).keys()],
    kindItems: Object.entries(EXPENSE_KIND_LABELS).filter(([value]) => value !== 'mileage').map(([value, text]) => ({ value, text })),
    vehicleItems: Object.entries(VEHICLE_LABELS).map(([value, text]) => ({ value, text })),
    maxReceipts: MAX_RECEIPTS,
  };
}

/** A claim as pages show it. */
export function presentClaim<T extends { status: string; total_pence: number; submitted_at: Date; items?: { spent_on: string; kind: string; amount_pence: number; vehicle: string | null }[] }>(claim: T) {
  return {
    ...claim,
    statusLabel: STATUS_LABELS[claim.status] ?? claim.status,
    total: formatPounds(claim.total_pence),
    submitted: britishDate(claim.submitted_at.toISOString()),
    lines: (claim.items ?? []).map((item) => ({ ...item, date: britishDate(item.spent_on), kindLabel: EXPENSE_KIND_LABELS[item.kind as keyof typeof EXPENSE_KIND_LABELS] ?? item.kind, amount: formatPounds(item.amount_pence), vehicleLabel: item.vehicle ? VEHICLE_LABELS[item.vehicle as keyof typeof VEHICLE_LABELS] : '' })),
  };
}

async function showClaimForm(ctx: ServiceContext, reply: FastifyReply, champion: MyChampion, values: Record<string, string>, errors?: FieldErrors, status = 200) {
  const mileage = await myMileageGuide(ctx, champion);
  return reply.view('champions/views/expenses-new.njk', { champion, values, errors, mileage, ...claimFormChoices() }, status);
}

/** The champion's expense claims: list, new claim with receipts, one claim, receipt download. */
export async function expensePages(app: FastifyInstance): Promise<void> {
  app.get('/champion/expenses', { preHandler: requireUser }, async (request, reply) => {
    const { champion, claims } = await myClaims(contextFrom(request));
    return reply.view('champions/views/expenses-mine.njk', { champion, claims: claims.map(presentClaim) });
  });

  app.get('/champion/expenses/new', { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    return showClaimForm(ctx, reply, await myChampion(ctx), {});
  });

  // Multipart is parsed only here; the CSRF token is read from the parsed fields (see passesCsrf).
  await app.register(async (uploads) => {
    // Oversized files are cut short and reported on the form (413), not thrown.
    await uploads.register(multipart, { limits: { fileSize: MAX_RECEIPT_BYTES, files: MAX_RECEIPTS }, throwFileSizeLimit: false });
    uploads.post('/champion/expenses/new', { preHandler: requireUser, config: { csrf: false } }, async (request, reply) => {
      const ctx = contextFrom(request);
      const form = await readMultipartForm(request);
      if (!passesCsrf(request, reply, form.fields._csrf)) {
        return reply;
      }
      const champion = await myChampion(ctx);
      const { _csrf: _token, ...values } = form.fields;
      if (form.problem) {
        return showClaimForm(ctx, reply, champion, values, { receipts: form.problem.message }, form.problem.status);
      }
      const lines = readClaimLines(form.fields);
      if (!lines.ok) {
        return showClaimForm(ctx, reply, champion, values, lines.errors, 400);
      }
      try {
        await submitMyClaim(ctx, { items: lines.items, journeys: lines.journeys, receipts: form.receipts });
      } catch (error) {
        if (error instanceof ValidationError) {
          return showClaimForm(ctx, reply, champion, values, error.errors, 400);
        }
        throw error;
      }
      return reply.redirect('/champion?done=claim', 303);
    });
  });

  app.get<ClaimParams>('/champion/expenses/:claimId', { preHandler: requireUser }, async (request, reply) => {
    const { champion, claim } = await myClaim(contextFrom(request), request.params.claimId);
    return reply.view('champions/views/expenses-claim.njk', { champion, claim: presentClaim(claim), receiptBase: `/champion/expenses/${claim.id}/receipts` });
  });

  app.get<{ Params: { claimId: string; receiptId: string } }>('/champion/expenses/:claimId/receipts/:receiptId', { preHandler: requireUser }, async (request, reply) => {
    const receipt = await myReceipt(contextFrom(request), request.params.claimId, request.params.receiptId);
    return sendReceipt(reply, receipt);
  });
}

/** Sends a receipt as a download, never rendered inline from this origin. */
export function sendReceipt(reply: FastifyReply, receipt: { file_name: string; content_type: string; content: Uint8Array }) {
  return reply
    .header('content-disposition', `attachment; filename="${receipt.file_name.replace(/"/g, '')}"`)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'no-store')
    .type(receipt.content_type)
    .send(Buffer.from(receipt.content));
}
