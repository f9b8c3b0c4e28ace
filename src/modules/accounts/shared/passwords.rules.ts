import { type Algorithm, hash, verify } from '@node-rs/argon2';

/** argon2id; the package's enum is a const enum, which verbatim module syntax cannot import. */
const ARGON2ID = 2 as Algorithm;
import { COMMON_PASSWORDS } from './common-passwords.rules.ts';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password-length.rules.ts';

export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH };

/** Why a new password is refused, in words for the person choosing it; null when it is fine. */
export function passwordProblem(password: string, email?: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) {
    return `Password must be ${PASSWORD_MIN_LENGTH} characters or more`;
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    return `Password must be ${PASSWORD_MAX_LENGTH} characters or fewer`;
  }
  const lowered = password.toLowerCase();
  if (
    COMMON_PASSWORDS.has(lowered) ||
    /^(.)\1+$/.test(password) ||
    /^(0123456789|1234567890|abcdefghij)/.test(lowered)
  ) {
    return 'This password is too easy to guess. Try three random words together';
  }
  const localPart = email?.split('@')[0]?.toLowerCase();
  if (localPart && localPart.length >= 4 && lowered.includes(localPart)) {
    return 'Password must not contain your email address';
  }
  return null;
}

/** Hashes a password with argon2id (OWASP-recommended parameters). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
}

/** A hash of a random password, checked against when no account matches so timing reveals nothing. */
let decoyHash: Promise<string> | null = null;

/** Checks a password against a stored hash (or a decoy when there is none). */
export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  decoyHash ??= hashPassword('decoy-password-that-matches-nothing');
  const target = storedHash ?? (await decoyHash);
  try {
    const matches = await verify(target, password);
    return storedHash !== null && matches;
  } catch {
    return false;
  }
}
