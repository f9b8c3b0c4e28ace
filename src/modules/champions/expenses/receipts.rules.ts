import { createHash } from 'node:crypto';

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
  if (
    content.length >= 8 &&
    content.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  ) {
    return 'image/png';
  }
  if (
    content.length >= 12 &&
    content.subarray(4, 8).toString('latin1') === 'ftyp' &&
    HEIC_BRANDS.has(content.subarray(8, 12).toString('latin1'))
  ) {
    return 'image/heic';
  }
  return null;
}

/** A file name safe to keep and to send back in a download header. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .replace(/[^\w .()-]/g, '_')
    .replace(/^\.+/, '')
    .slice(0, 120);
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
  return {
    fileName: cleanFileName(fileName),
    contentType: type,
    content,
    sizeBytes: content.length,
    sha256: createHash('sha256').update(content).digest('hex'),
  };
}
