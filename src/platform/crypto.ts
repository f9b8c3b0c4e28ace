import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * Encrypts a short secret (a TOTP seed, a patient identifier) with AES-256-GCM under the
 * configured key. The result is `v1.<iv>.<tag>.<ciphertext>` in base64url, safe in a text column.
 */
export function encryptSecret(key: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [
    'v1',
    iv.toString('base64url'),
    cipher.getAuthTag().toString('base64url'),
    ciphertext.toString('base64url'),
  ].join('.');
}

/** Reverses `encryptSecret`; throws if the value was tampered with or the key is wrong. */
export function decryptSecret(key: Buffer, sealed: string): string {
  const [version, iv, tag, ciphertext] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || ciphertext === undefined) {
    throw new Error('Not an encrypted value');
  }
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
}

/** The part of the configuration a key ring is made from. */
export interface KeyMaterial {
  encryptionKey: Buffer;
  previousEncryptionKeys?: readonly Buffer[];
}

/** A key's public name: the first 8 hex digits of an HMAC of a fixed label, so the key itself never shows. */
export function keyIdOf(key: Buffer): string {
  return createHmac('sha256', key).update('thirdspace key id').digest('hex').slice(0, 8);
}

/**
 * The current key and the keys it replaced, so a key can be changed without downtime: values
 * sealed under any key in the ring open; new values are sealed under the current key, in an
 * envelope naming it (`v2.<key id>.<iv>.<tag>.<ciphertext>`); `rotate-key` re-seals the rest.
 * Older `v1` values (no key id) are opened by trying each key in turn.
 */
export class KeyRing {
  readonly currentId: string;
  private readonly keys: Map<string, Buffer>;
  private readonly hashKeys: Map<string, Buffer>;

  constructor(
    private readonly current: Buffer,
    previous: readonly Buffer[] = [],
  ) {
    this.currentId = keyIdOf(current);
    this.keys = new Map([current, ...previous].map((key) => [keyIdOf(key), key]));
    // Keyed hashes use a key derived from each encryption key, never the encryption key itself.
    this.hashKeys = new Map(
      [...this.keys].map(([id, key]) => [id, createHmac('sha256', key).update('thirdspace keyed hash').digest()]),
    );
  }

  /** Seals `plaintext` under the current key. */
  seal(plaintext: string): string {
    const [, iv, tag, ciphertext] = encryptSecret(this.current, plaintext).split('.');
    return ['v2', this.currentId, iv, tag, ciphertext].join('.');
  }

  /** Opens a value sealed under any key in the ring; throws when none of them sealed it. */
  open(sealed: string): string {
    if (sealed.startsWith('v1.')) {
      for (const key of this.keys.values()) {
        try {
          return decryptSecret(key, sealed);
        } catch {
          // Not this key: try the next.
        }
      }
      throw new Error('No key in the ring opens this value');
    }
    const [version, keyId, iv, tag, ciphertext] = sealed.split('.');
    const key = keyId ? this.keys.get(keyId) : undefined;
    if (version !== 'v2' || !key || !iv || !tag || ciphertext === undefined) {
      throw new Error(key || version !== 'v2' ? 'Not an encrypted value' : `The key ${keyId} is not in the ring`);
    }
    return decryptSecret(key, ['v1', iv, tag, ciphertext].join('.'));
  }

  /** True when the value is sealed under the current key (nothing for rotate-key to do). */
  isCurrent(sealed: string): boolean {
    return sealed.startsWith(`v2.${this.currentId}.`);
  }

  /** The prefix every value sealed under the current key starts with. */
  get currentPrefix(): string {
    return `v2.${this.currentId}.`;
  }

  /**
   * A keyed hash (HMAC-SHA-256) of `value` for finding a row without decrypting the table:
   * `purpose` keeps hashes of different fields apart. Under the current key.
   */
  keyedHash(purpose: string, value: string): string {
    return hashWith(this.hashKeys.get(this.currentId) as Buffer, purpose, value);
  }

  /** The keyed hash under every key in the ring, current first: look-ups match rows not yet rotated. */
  keyedHashes(purpose: string, value: string): string[] {
    return [...this.hashKeys.values()].map((key) => hashWith(key, purpose, value));
  }
}

function hashWith(key: Buffer, purpose: string, value: string): string {
  return createHmac('sha256', key).update(`${purpose}\u0000${value}`).digest('base64url');
}

const rings = new WeakMap<Buffer, KeyRing>();

/** The configuration's key ring (made once per configuration). */
export function keyRingOf(material: KeyMaterial): KeyRing {
  let ring = rings.get(material.encryptionKey);
  if (!ring) {
    ring = new KeyRing(material.encryptionKey, material.previousEncryptionKeys ?? []);
    rings.set(material.encryptionKey, ring);
  }
  return ring;
}
