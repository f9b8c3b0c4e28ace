import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

const ISSUER = 'Thirdspace';

function totpFor(secret: string, label: string): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secret: Secret.fromBase32(secret),
  });
}

/** A new random TOTP secret in base32, as authenticator apps expect. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// address and a QR code of it (a data: URL image) for enrolment. */
export async function totpEnrolment(secret: string, email: string): Promise<{ uri: string; qrDataUrl: string }> {
  const uri = totpFor(secret, email).toString();
  return { uri, qrDataUrl: await QRCode.toDataURL(uri, { margin: 1, width: 220 }) };
}

/**
 * Checks a six-digit code, allowing one step of clock drift either way. Returns the time
 * step it matched so the caller can refuse the same code twice (replay), or null.
 */
export function checkTotp(secret: string, code: string, lastUsedStep: number | null, now = Date.now()): number | null {
  const cleaned = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(cleaned)) {
    return null;
  }
  const delta = totpFor(secret, 'check').validate({ token: cleaned, window: 1, timestamp: now });
  if (delta === null) {
    return null;
  }
  const step = Math.floor(now / 30_000) + delta;
  if (lastUsedStep !== null && step <= lastUsedStep) {
    return null;
  }
  return step;
}

/** The current code for a secret (for tests and demo tooling). */
export function currentTotpCode(secret: string, now = Date.now()): string {
  return totpFor(secret, 'demo').generate({ timestamp: now });
}
