import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { withoutNul } from '../../platform/http/sanitise.ts';
import { ValidationError } from '../../lib/errors.ts';

/** Receipts may be up to 5 MB. */
export const MAX_RECEIPT_BYTES = 5 * 1024 * 1024;
/** At most this many receipts with one claim. */
export const MAX_RECEIPTS = 3;

/** The file types a receipt may be, as stored. */
export type ReceiptType = 'application/pdf' | 'image/jpeg' | 'image/png' | 'image/heic';

/** A receipt read from an upload and checked. */
export interface CheckedReceipt {
  fileName: string;
  contentType: ReceiptType;
  content: Buffer;
  sizeBytes: number;
  sha256: string;
}

/** What an upload problem is: too big (413) or the wrong kind of file (415). */
export interface UploadProblem {
  status: 413 | 415 | 400;
  message: string;
}

/** What a multipart form held: its text fields, the checked receipts, and any problem with them. */
export interface MultipartForm {
  fields: Record<string, string>;
  receipts: CheckedReceipt[];
  problem: UploadProblem | null;
}

const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1']);

/** The file's real type from its first bytes (never from its name), or null when not allowed. */
export function detectReceiptType(content: Buffer): ReceiptType | null {
  if (content.length >= 5 && content.subarray(0, 5).toString('latin1') === '%PDF-') {
    return 'application/pdf';
  }
  if (content.length >= 3 && content[0] === 0xff && content[1] === 0xd8 && content[2] === 0xff) {
    return 'image/jpeg';
  }
  if (content.length >= 8 && content.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    return 'image/png';
  }
  if (content.length >= 12 && content.subarray(4, 8).toString('latin1') === 'ftyp' && HEIC_BRANDS.has(content.subarray(8, 12).toString('latin1'))) {
    return 'image/heic';
  }
  return null;
}

/** A file name safe to keep and to send back in a download header. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(/[^\w .()-]/g, '_').replace(/^\.+/, '').slice(0, 120);
  return cleaned || 'receipt';
}

/** Checks one uploaded file: size, allowed name and real type. */
export function checkReceipt(fileName: string, content: Buffer, truncated: boolean): CheckedReceipt | UploadProblem {
  if (truncated || content.length > MAX_RECEIPT_BYTES) {
    return { status: 413, message: `The receipt ${cleanFileName(fileName)} is too big: it must be 5 MB or smaller` };
  }
  if (content.length === 0) {
    return { status: 400, message: `The receipt ${cleanFileName(fileName)} is empty` };
  }
  const type = detectReceiptType(content);
  if (!type || !/\.(pdf|jpe?g|png|heic|heif)$/i.test(fileName)) {
    return { status: 415, message: `The receipt ${cleanFileName(fileName)} must be a PDF, JPEG, PNG or HEIC file` };
  }
  return { fileName: cleanFileName(fileName), contentType: type, content, sizeBytes: content.length, sha256: createHash('sha256').update(content).digest('hex') };
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
