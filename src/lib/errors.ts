/** Field errors keyed by form field name, in the order they should be listed. */
export type FieldErrors = Record<string, string>;

/** Base class for errors that the HTTP layer knows how to present safely. */
export abstract class AppError extends Error {
  abstract readonly code: string;
  abstract readonly status: number;
  /** Whether the error is a fault worth reporting (5xx), rather than the caller's mistake. */
  readonly reportable: boolean = false;
}

/** The thing does not exist, or the caller may not know that it exists. */
export class NotFoundError extends AppError {
  readonly code = 'not_found';
  readonly status = 404;
  constructor(message = 'Page not found') {
    super(message);
  }
}

/** The caller is known but may not do this. */
export class ForbiddenError extends AppError {
  readonly code = 'forbidden';
  readonly status = 403;
  constructor(message = 'You do not have permission to do this') {
    super(message);
  }
}

/** The caller must sign in first. */
export class UnauthenticatedError extends AppError {
  readonly code = 'unauthenticated';
  readonly status = 401;
  constructor(message = 'You need to sign in') {
    super(message);
  }
}

/**
 * The request clashes with the current state (a duplicate, a stale edit, a double booking).
 * `errors`, when given, names the form fields a page should mark, as ValidationError's do.
 */
export class ConflictError extends AppError {
  readonly code = 'conflict';
  readonly status = 409;
  constructor(
    message = 'This conflicts with something that already exists',
    readonly errors?: FieldErrors,
  ) {
    super(message);
  }
}

/** The input is wrong; `errors` says which fields and why. */
export class ValidationError extends AppError {
  readonly code = 'validation_failed';
  readonly status = 400;
  constructor(
    readonly errors: FieldErrors,
    message = 'There is a problem with the information you gave',
  ) {
    super(message);
  }
}

/** Too many attempts; `retryAfterSeconds` tells the caller when to try again. */
export class TooManyRequestsError extends AppError {
  readonly code = 'too_many_requests';
  readonly status = 429;
  constructor(
    message = 'Too many attempts. Try again later',
    readonly retryAfterSeconds = 60,
  ) {
    super(message);
  }
}
