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

/** Pino options for the app: JSON with the request id, pretty only in a terminal. */
export function loggerOptions(level: string): LoggerOptions & { transport?: { target: string } } {
  const pretty = process.stdout.isTTY && process.env.NODE_ENV !== 'production';
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    // Query strings can carry tokens and search terms; log the path only.
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({
        method: req.method,
        url: req.url.split('?')[0],
        id: req.id,
      }),
    },
    ...(pretty ? { transport: { target: 'pino-pretty' } } : {}),
  };
}
