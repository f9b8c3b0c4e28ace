import { createHash, randomBytes } from 'node:crypto';
import { uuidv7 } from 'uuidv7';

/** A new time-ordered UUID (v7) for a row the app creates. */
export function newId(): string {
  return uuidv7();
}

/** True when `value` looks like a UUID of any version. */
export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

/** A random secret token for links and cookies (256 bits, URL-safe). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The SHA-256 of a token: what is stored, so a database leak does not leak live tokens. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
