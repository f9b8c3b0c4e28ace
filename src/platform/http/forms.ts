import type { z } from 'zod';
import type { FieldErrors } from '../../lib/errors.ts';

/** The outcome of reading a submitted form: the data, or the errors and what the user typed. */
export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors; values: Record<string, unknown> };

/**
 * Validates a form body with its schema. On failure the user's own input comes back (minus
 * secrets) so the page can be shown again with nothing lost, plus one message per field.
 */
export function readForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.infer<S>> {
  const values = body && typeof body === 'object' ? { ...(body as Record<string, unknown>) } : {};
  delete values._csrf;
  const parsed = schema.safeParse(values);
  if (parsed.success) {
    return { ok: true, data: parsed.data };
  }
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path.length > 0 ? issue.path.join('.') : 'form';
    errors[field] ??= issue.message;
  }
  for (const key of Object.keys(values)) {
    // Secrets only: passwords and the one-time `code`; an ODS code or postcode is kept.
    if (/password/i.test(key) || key === 'code') {
      delete values[key];
    }
  }
  return { ok: false, errors, values };
}

/** A safe place to go back to after an action: only paths on this site. */
export function safeReturnPath(value: unknown, fallback = '/'): string {
  // Printable ASCII only: browsers drop tabs and newlines ("/\t/evil" becomes "//evil"), and a
  // Location header cannot carry control or non-Latin-1 characters (Node throws: a 500).
  if (typeof value !== 'string' || !/^\/(?![/\\])[\x21-\x7e]*$/.test(value)) {
    return fallback;
  }
  return value;
}
