import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { requireUser } from '../../../platform/auth/plugin.ts';
import { contextFrom, type ServiceContext } from '../../../platform/context.ts';
import { type FormState, submitForm } from '../../../platform/http/forms.ts';
import { formReader } from '../shared/champions.schemas.ts';
import { myChampion, type MyChampion } from '../self-service/self-service.service.ts';
import { claimFormChoices } from './expenses.presenter.ts';
import { readClaimLines } from './expenses.schemas.ts';
import { myMileageGuide, submitMyClaim } from './expenses.service.ts';
import { MAX_RECEIPT_BYTES, MAX_RECEIPTS } from './receipts.rules.ts';
import { passesCsrf, readMultipartForm } from './receipts.schemas.ts';

/** The claim lines of a form, read for `submitForm`. */
const ClaimLinesForm = formReader((body) => {
  const lines = readClaimLines(body as Record<string, string>);
  return lines.ok
    ? { ok: true, data: { items: lines.items, journeys: lines.journeys } }
    : { ok: false, errors: lines.errors, values: {} };
});

async function showClaimForm(
  ctx: ServiceContext,
  reply: FastifyReply,
  champion: MyChampion,
  state: Partial<FormState> & { values: Record<string, unknown> },
  status = 200,
) {
  const mileage = await myMileageGuide(ctx, champion);
  return reply.view(
    'champions/expenses/views/expenses-new.njk',
    { champion, values: state.values, errors: state.errors, mileage, ...claimFormChoices() },
    status,
  );
}

/** A new expense claim: its form, and sending it with up to three receipts (multipart, parsed only here). */
export async function newClaimPages(app: FastifyInstance): Promise<void> {
  app.get('/champion/expenses/new', { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    return showClaimForm(ctx, reply, await myChampion(ctx), { values: {} });
  });

  // Multipart is parsed only here; the CSRF token is read from the parsed fields (see passesCsrf).
  await app.register(async (uploads) => {
    // Oversized files are cut short and reported on the form (413), not thrown.
    await uploads.register(multipart, {
      limits: { fileSize: MAX_RECEIPT_BYTES, files: MAX_RECEIPTS },
      throwFileSizeLimit: false,
    });
    uploads.post(
      '/champion/expenses/new',
      { preHandler: requireUser, config: { csrf: false } },
      async (request, reply) => {
        const ctx = contextFrom(request);
        const form = await readMultipartForm(request);
        if (!passesCsrf(request, reply, form.fields._csrf)) {
          return reply;
        }
        const champion = await myChampion(ctx);
        const { _csrf: _token, ...values } = form.fields;
        if (form.problem) {
          return showClaimForm(
            ctx,
            reply,
            champion,
            { values, errors: { receipts: form.problem.message } },
            form.problem.status,
          );
        }
        return submitForm(reply, {
          schema: ClaimLinesForm,
          body: form.fields,
          submit: (lines) => submitMyClaim(ctx, { ...lines, receipts: form.receipts }),
          redirect: () => '/champion?done=claim',
          show: (state, status) => showClaimForm(ctx, reply, champion, state, status),
        });
      },
    );
  });
}
