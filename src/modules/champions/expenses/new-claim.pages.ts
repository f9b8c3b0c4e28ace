import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireUser } from '../../../platform/auth/plugin.ts';
import { contextFrom, type ServiceContext } from '../../../platform/context.ts';
import { type FormState, submitForm } from '../../../platform/http/forms.ts';
import { withoutNul } from '../../../platform/http/sanitise.ts';
import { ValidationError } from '../../../lib/errors.ts';
import { formReader } from '../shared/champions.schemas.ts';
import { myChampion, type MyChampion } from '../self-service/self-service.service.ts';
import { claimFormChoices } from './expenses.presenter.ts';
import { readClaimLines } from './expenses.schemas.ts';
import { myMileageGuide, submitMyClaim } from './expenses.service.ts';
import { checkReceipt, MAX_RECEIPT_BYTES, MAX_RECEIPTS, type MultipartForm } from './receipts.rules.ts';

/** The claim lines of a form, read for `submitForm`. */
const ClaimLinesForm = formReader((body) => {
  const lines = readClaimLines(body as Record<string, string>);
  return lines.ok ? { ok: true, data: { items: lines.items, journeys: lines.journeys } } : { ok: false, errors: lines.errors, values: {} };
});

async function showClaimForm(ctx: ServiceContext, reply: FastifyReply, champion: MyChampion, state: Partial<FormState> & { values: Record<string, unknown> }, status = 200) {
  const mileage = await myMileageGuide(ctx, champion);
  return reply.view('champions/expenses/views/expenses-new.njk', { champion, values: state.values, errors: state.errors, mileage, ...claimFormChoices() }, status);
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
        return showClaimForm(ctx, reply, champion, { values, errors: { receipts: form.problem.message } }, form.problem.status);
      }
      return submitForm(reply, {
        schema: ClaimLinesForm,
        body: form.fields,
        submit: (lines) => submitMyClaim(ctx, { ...lines, receipts: form.receipts }),
        redirect: () => '/champion?done=claim',
        show: (state, status) => showClaimForm(ctx, reply, champion, state, status),
      });
    });
  });
}

/**
 * Reads a multipart form, keeping text fields (without NUL characters) and checking each file. Files over the limit are
 * cut short by the parser and reported, never buffered whole. A request that is not multipart
 * is read as an ordinary form with no files.
 */
export async function readMultipartForm(request: FastifyRequest): Promise<MultipartForm> {
  const form: MultipartForm = { fields: {}, receipts: [], problem: null };
  if (!request.isMultipart()) {
    for (const [name, value] of Object.entries((request.body ?? {}) as Record<string, unknown>)) {
      form.fields[name] = typeof value === 'string' ? value : '';
    }
    return form;
  }
  try {
    const parts = request.parts({ limits: { fileSize: MAX_RECEIPT_BYTES, files: MAX_RECEIPTS, fields: 200, fieldSize: 20_000, parts: 210 } });
    for await (const part of parts) {
      if (part.type === 'field') {
        // The platform strips NUL from parsed bodies, but multipart is read here, after it:
        // PostgreSQL cannot store U+0000 in text, so it goes here too.
        form.fields[withoutNul(part.fieldname)] = typeof part.value === 'string' ? withoutNul(part.value) : '';
        continue;
      }
      const content = await part.toBuffer();
      if (part.filename === '' && content.length === 0) {
        continue; // the browser's empty file input
      }
      const checked = checkReceipt(part.filename, content, part.file.truncated);
      if ('status' in checked) {
        form.problem ??= checked;
      } else {
        form.receipts.push(checked);
      }
    }
  } catch (error) {
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 413) {
      return { ...form, problem: { status: 413, message: `Attach up to ${MAX_RECEIPTS} receipts, each 5 MB or smaller` } };
    }
    if (status !== undefined && status >= 400 && status < 500) {
      throw error;
    }
    throw new ValidationError({ receipts: 'The upload could not be read. Try again.' }, 'The upload could not be read');
  }
  return form;
}

/**
 * The CSRF check for a multipart form, run once its fields are read (the platform's check runs
 * before the body is parsed, so multipart routes turn it off and call this). False when the
 * reply has already been sent as a 403.
 */
export function passesCsrf(request: FastifyRequest, reply: FastifyReply, token: string | undefined): boolean {
  request.body = token === undefined ? {} : { _csrf: token };
  let passed = false;
  request.server.csrfProtection(request, reply, () => {
    passed = true;
  });
  return passed;
}
