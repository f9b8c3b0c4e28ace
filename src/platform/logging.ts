import { type LoggerOptions, stdSerializers } from 'pino';

/** Keys whose values are personal data or credentials, wherever they sit in a log object. */
const PERSONAL_KEYS = [
  'password',
  'newPassword',
  'confirmPassword',
  'token',
  'email',
  'displayName',
  'display_name',
  'recipient',
  'phone',
  'nhsNumber',
  'notes',
  'body',
];

/**
 * Fields of a database error that can hold the data of the row or statement that failed:
 * PostgreSQL puts the whole failing row (names, emails) in `detail` for 23502 and 23514, and
 * the key's value for 23505; `where` and `internalQuery` can quote statements with their
 * values; PGlite attaches the query's parameters as `params` (node-postgres as `parameters`).
 */
export const UNSAFE_ERROR_FIELDS = [
  'detail',
  'where',
  'internalQuery',
  'params',
  'parameters',
  'queryOptions',
] as const;

/**
 * Paths whose values never reach a log line: credentials, tokens and personal data
 * (names, emails, phone numbers, NHS numbers, free text). Audit events go to a table instead.
 * Redaction paths match one level per `*`, so each key is listed at the top level and at the
 * first three levels of nesting (a request's form, an error's cause, an array of items).
 */
export const REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  ...PERSONAL_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`]),
  // Database errors logged under any name (the serialiser below also drops them from `err`).
  ...UNSAFE_ERROR_FIELDS.flatMap((key) => [`err.${key}`, `error.${key}`, `*.err.${key}`, `*.error.${key}`]),
];

/**
 * Pino's error serialiser without the fields that can carry personal data, for the error
 * itself and for errors nested in it (an AggregateError's members, a wrapped error). Code,
 * constraint, table, column, message and stack stay, which is what a 500 needs to be found.
 */
export function serialiseError(error: unknown): unknown {
  const serialised: unknown = stdSerializers.err(error as Error);
  if (serialised !== null && typeof serialised === 'object') {
    scrubSerialisedError(serialised as Record<string, unknown>, Object.getPrototypeOf(serialised) as object, 0);
  }
  return serialised;
}

/**
 * Removes the unsafe fields from a serialised error and from the errors serialised inside it
 * (objects pino made, recognised by their prototype); the app's own objects are never touched.
 */
function scrubSerialisedError(record: Record<string, unknown>, prototype: object, depth: number): void {
  for (const field of UNSAFE_ERROR_FIELDS) {
    delete record[field];
  }
  if (depth >= 4) {
    return;
  }
  for (const nested of Object.values(record)) {
    for (const item of Array.isArray(nested) ? nested : [nested]) {
      if (item !== null && typeof item === 'object' && Object.getPrototypeOf(item) === prototype) {
        scrubSerialisedError(item as Record<string, unknown>, prototype, depth + 1);
      }
    }
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The path of a request as it may be logged: no query string (tokens, search terms), and any
 * segment that looks like a one-time token (password reset, invitation and provider links are
 * 43-character base64url strings) replaced, so a log reader cannot use a live link. Ids stay.
 */
export function loggablePath(url: string): string {
  const path = url.split('?')[0] ?? '';
  return path
    .split('/')
    .map((segment) =>
      segment.length >= 20 && /^[A-Za-z0-9_-]+$/.test(segment) && !UUID.test(segment) ? ':token' : segment,
    )
    .join('/');
}

/** Pino options for the app: JSON with the request id, pretty only in a terminal (unless told otherwise). */
export function loggerOptions(
  level: string,
  options: { pretty?: boolean } = {},
): LoggerOptions & { transport?: { target: string } } {
  const pretty = options.pretty ?? (process.stdout.isTTY && process.env.NODE_ENV !== 'production');
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      err: serialiseError,
      req: (req: { method: string; url: string; id: string }) => ({
        method: req.method,
        url: loggablePath(req.url),
        id: req.id,
      }),
    },
    ...(pretty ? { transport: { target: 'pino-pretty' } } : {}),
  };
}
