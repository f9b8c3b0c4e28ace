import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { AppError, ConflictError, type FieldErrors, ValidationError } from '../../lib/errors.ts';

/** The outcome of reading a submitted form: the data, or the errors and what the user typed. */
export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors; values: Record<string, unknown> };

/** What a page needs to show a form again after a failed submission: the errors and the input kept. */
export interface FormState {
  errors: FieldErrors;
  values: Record<string, unknown>;
}

/**
 * The user's input as it may be shown again: everything but the CSRF token and secrets
 * (passwords and the one-time `code`; an ODS code or postcode is kept).
 */
export function keptValues(body: unknown): Record<string, unknown> {
  const values = body && typeof body === 'object' ? { ...(body as Record<string, unknown>) } : {};
  delete values._csrf;
  for (const key of Object.keys(values)) {
    if (/password/i.test(key) || key === 'code') {
      delete values[key];
    }
  }
  return values;
}

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
  return { ok: false, errors, values: keptValues(body) };
}

/**
 * The input to show again after a refusal: as the schema parsed it (trimmed, upper-cased) when
 * it was valid and the service refused it, otherwise as the person typed it.
 */
export function shownValues<S extends z.ZodType>(schema: S, values: Record<string, unknown>): Record<string, unknown> {
  const parsed = schema.safeParse(values);
  return parsed.success && parsed.data !== null && typeof parsed.data === 'object'
    ? { ...values, ...(parsed.data as Record<string, unknown>) }
    : values;
}

/** One page form: its schema, the submitted body, the use case, where success goes and how to show it again. */
export type FormRoute<S extends z.ZodType, R> = FormRouteBase<S, R> &
  (
    | { /** Where to go after success (Post/Redirect/Get with 303). */ redirect: (result: R) => string; done?: never }
    | {
        /** Answers success with a page instead of a redirect (a "check your email" page). */ done: (
          result: R,
        ) => Promise<FastifyReply> | FastifyReply;
        redirect?: never;
      }
  );

/** What every page form has, however it answers success. */
export interface FormRouteBase<S extends z.ZodType, R> {
  schema: S;
  /** The submitted body, already prepared (date inputs joined with `withDateField`). */
  body: unknown;
  /** Calls the service. Expected failures are thrown as ValidationError, or ConflictError with field errors. */
  submit: (data: z.infer<S>) => Promise<R>;
  /** Shows the page again with the errors and the input kept, at this status. */
  show: (state: FormState, status: number) => Promise<FastifyReply> | FastifyReply;
  /**
   * For the few forms whose refusals are not ValidationErrors but keep their own status (a
   * wrong password is 401, a lockout 429, an invitation the person may not send 403): the
   * field errors to show for such an error, or undefined to leave it to the error handler.
   */
  refusal?: (error: AppError) => FieldErrors | undefined;
}

/**
 * The one form outcome for every page route: validate, call the service, then redirect or show
 * the form again with an NHS.UK error summary and nothing the user typed lost. Pages files have
 * no try/catch: this is the only place expected failures turn back into a form.
 */
export async function submitForm<S extends z.ZodType, R>(
  reply: FastifyReply,
  route: FormRoute<S, R>,
): Promise<FastifyReply> {
  const submitted = readForm(route.schema, route.body);
  if (!submitted.ok) {
    return route.show({ errors: submitted.errors, values: submitted.values }, 400);
  }
  let result: R;
  try {
    result = await route.submit(submitted.data);
  } catch (error) {
    if (error instanceof ValidationError || (error instanceof ConflictError && error.errors)) {
      return route.show({ errors: error.errors ?? {}, values: keptValues(route.body) }, error.status);
    }
    const refused = error instanceof AppError ? route.refusal?.(error) : undefined;
    if (refused && error instanceof AppError) {
      return route.show({ errors: refused, values: keptValues(route.body) }, error.status);
    }
    throw error;
  }
  return route.done ? route.done(result) : reply.redirect(route.redirect(result), 303);
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
