import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { decryptSecret, encryptSecret } from './crypto.ts';

const key = randomBytes(32);

/** Flips one bit in one base64url part of a sealed value. */
function tamper(sealed: string, part: 1 | 2 | 3): string {
  const parts = sealed.split('.');
  const bytes = Buffer.from(parts[part] ?? '', 'base64url');
  bytes[0] = (bytes[0] ?? 0) ^ 1;
  parts[part] = bytes.toString('base64url');
  return parts.join('.');
}

describe('encrypting secrets at rest', () => {
  test('a secret comes back exactly as it went in, including non-ASCII text', () => {
    for (const secret of ['JBSWY3DPEHPK3PXP', '', 'Zoë Ó Ríordáin – 943 476 5919 ✓']) {
      assert.equal(decryptSecret(key, encryptSecret(key, secret)), secret);
    }
  });

  test('the stored value does not contain the secret and differs every time', () => {
    const first = encryptSecret(key, 'JBSWY3DPEHPK3PXP');
    const second = encryptSecret(key, 'JBSWY3DPEHPK3PXP');
    assert.match(first, /^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    assert.doesNotMatch(first, /JBSWY3DPEHPK3PXP/);
    assert.notEqual(first, second);
  });

  test('a changed ciphertext, tag or IV is detected, not silently decrypted', () => {
    const sealed = encryptSecret(key, 'JBSWY3DPEHPK3PXP');
    for (const part of [1, 2, 3] as const) {
      assert.throws(() => decryptSecret(key, tamper(sealed, part)), `part ${part}`);
    }
  });

  test('the wrong key cannot read it', () => {
    const sealed = encryptSecret(key, 'JBSWY3DPEHPK3PXP');
    assert.throws(() => decryptSecret(randomBytes(32), sealed));
  });

  test('values that were never encrypted are refused', () => {
    for (const value of ['JBSWY3DPEHPK3PXP', 'v2.a.b.c', 'v1.onlyiv', '']) {
      assert.throws(() => decryptSecret(key, value), /Not an encrypted value/, value);
    }
  });
});

describe('the key ring', () => {
  test('values sealed under a previous key open; new values name the current key; keyed hashes cover every key', async () => {
    const { KeyRing, keyIdOf } = await import('./crypto.ts');
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const before = new KeyRing(oldKey);
    const during = new KeyRing(newKey, [oldKey]);
    const sealedBefore = before.seal('943 476 5919');
    assert.match(sealedBefore, new RegExp(`^v2\\.${keyIdOf(oldKey)}\\.`));
    assert.equal(during.open(sealedBefore), '943 476 5919');
    assert.equal(during.isCurrent(sealedBefore), false);
    assert.equal(during.isCurrent(during.seal('x')), true);
    assert.equal(during.open(encryptSecret(oldKey, 'legacy')), 'legacy', 'v1 values open by trying each key');
    assert.throws(() => before.open(during.seal('x')), /not in the ring/);
    assert.deepEqual(during.keyedHashes('nhs', '9434765919'), [
      during.keyedHash('nhs', '9434765919'),
      before.keyedHash('nhs', '9434765919'),
    ]);
    assert.notEqual(before.keyedHash('nhs', '9434765919'), before.keyedHash('name', '9434765919'));
  });
});
