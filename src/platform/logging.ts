import type { LoggerOptions } from 'pino';

/**
 * Paths whose values never reach a log line: credentials, tokens and personal data
 * (names, emails, phone numbers, NHS numbers, free text). Audit events go to a table instead.
 */
export const REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.confirmPassword',
  '*.token',
  '*.email',
  '*.displayName',
  '*.display_name',
  '*.recipient',
  // Database errors carry the query's parameters, which can be personal data.
  'err.params',
  'err.parameters',
  '*.phone',
  '*.nhsNumber',
  '*.notes',
  '*.body',
];

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
    .map((segment) => (segment.length >= 20 && /^[A-Za-z0-9_-]+$/.test(segment) && !UUID.test(segment) ? ':token' : segment))
    .join('/');
}

/** Pino options for the app: JSON with the request id, pretty only in a terminal. */
export function loggerOptions(level: string): LoggerOptions & { transport?: { target: string } } {
  const pretty = process.stdout.isTTY && process.env.NODE_ENV !== 'production';
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({
        method: req.method,
        url: loggablePath(req.url),
        id: req.id,
      }),
    },
    ...(pretty ? { transport: { target: 'pino-pretty' } } : {}),
  };
}
