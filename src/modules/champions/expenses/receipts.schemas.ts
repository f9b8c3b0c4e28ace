import type { FastifyReply, FastifyRequest } from 'fastify';
import { withoutNul } from '../../../platform/http/sanitise.ts';
import { ValidationError } from '../../../lib/errors.ts';
import { checkReceipt, MAX_RECEIPT_BYTES, MAX_RECEIPTS, type MultipartForm } from './receipts.rules.ts';

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
    const parts = request.parts({
      limits: { fileSize: MAX_RECEIPT_BYTES, files: MAX_RECEIPTS, fields: 200, fieldSize: 20_000, parts: 210 },
    });
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
      return {
        ...form,
        problem: { status: 413, message: `Attach up to ${MAX_RECEIPTS} receipts, each 5 MB or smaller` },
      };
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
