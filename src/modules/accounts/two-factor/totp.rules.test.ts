import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkTotp, currentTotpCode, newTotpSecret, totpEnrolment } from './totp.rules.ts';

const PERIOD = 30_000;
/** Midway through a 30-second step, so ±1 step is unambiguous. */
const NOW = 1_750_000_000_000 - (1_750_000_000_000 % PERIOD) + 15_000;
const STEP = Math.floor(NOW / PERIOD);

/** A six-digit code that matches none of the steps around `now`. */
function wrongCode(secret: string, now: number): string {
  const near = new Set([-2, -1, 0, 1, 2].map((offset) => currentTotpCode(secret, now + offset * PERIOD)));
  for (let candidate = 0; ; candidate += 1) {
    const code = String(candidate).padStart(6, '0');
    if (!near.has(code)) {
      return code;
    }
  }
}

describe('two-factor codes (TOTP)', () => {
  test('the code the app shows now is accepted and reports its time step', () => {
    const secret = newTotpSecret();
    assert.equal(checkTotp(secret, currentTotpCode(secret, NOW), null, NOW), STEP);
  });

  test('a code typed with spaces ("123 456") is accepted', () => {
    const secret = newTotpSecret();
    const code = currentTotpCode(secret, NOW);
    assert.equal(checkTotp(secret, `${code.slice(0, 3)} ${code.slice(3)}`, null, NOW), STEP);
  });

  test('a phone clock one step (30 seconds) fast or slow is tolerated', () => {
    const secret = newTotpSecret();
    assert.equal(checkTotp(secret, currentTotpCode(secret, NOW - PERIOD), null, NOW), STEP - 1);
    assert.equal(checkTotp(secret, currentTotpCode(secret, NOW + PERIOD), null, NOW), STEP + 1);
  });

  test('a code two steps old or two steps ahead is refused', () => {
    const secret = newTotpSecret();
    const current = currentTotpCode(secret, NOW);
    for (const offset of [-2, 2]) {
      const code = currentTotpCode(secret, NOW + offset * PERIOD);
      if (
        code !== current &&
        code !== currentTotpCode(secret, NOW - PERIOD) &&
        code !== currentTotpCode(secret, NOW + PERIOD)
      ) {
        assert.equal(checkTotp(secret, code, null, NOW), null, `offset ${offset}`);
      }
    }
  });

  test('a wrong code, or anything that is not six digits, is refused', () => {
    const secret = newTotpSecret();
    assert.equal(checkTotp(secret, wrongCode(secret, NOW), null, NOW), null);
    for (const code of ['', '12345', '1234567', 'abcdef', '12345a', '１２３４５６']) {
      assert.equal(checkTotp(secret, code, null, NOW), null, code);
    }
  });

  test('the same code cannot be used twice (replay), nor an older one after it', () => {
    const secret = newTotpSecret();
    const code = currentTotpCode(secret, NOW);
    const used = checkTotp(secret, code, null, NOW);
    assert.equal(used, STEP);
    assert.equal(checkTotp(secret, code, used, NOW), null);
    assert.equal(checkTotp(secret, code, used, NOW + PERIOD), null, 'still refused in the next step');
    assert.equal(
      checkTotp(secret, currentTotpCode(secret, NOW - PERIOD), used, NOW),
      null,
      'an earlier code is refused too',
    );
    assert.equal(
      checkTotp(secret, currentTotpCode(secret, NOW + PERIOD), used, NOW + PERIOD),
      STEP + 1,
      'the next code works',
    );
  });

  test('a code for another secret is refused', () => {
    const mine = newTotpSecret();
    const theirs = newTotpSecret();
    assert.notEqual(mine, theirs);
    const code = currentTotpCode(theirs, NOW);
    const nearMine = [-1, 0, 1].map((offset) => currentTotpCode(mine, NOW + offset * PERIOD));
    if (!nearMine.includes(code)) {
      assert.equal(checkTotp(mine, code, null, NOW), null);
    }
  });

  test('enrolment gives an otpauth address naming the service and the person, and a QR image', async () => {
    const secret = newTotpSecret();
    assert.match(secret, /^[A-Z2-7]{32}$/);
    const { uri, qrDataUrl } = await totpEnrolment(secret, 'sam@example.test');
    assert.match(uri, /^otpauth:\/\/totp\/Thirdspace:sam%40example\.test\?/);
    assert.match(uri, new RegExp(`secret=${secret}`));
    assert.match(qrDataUrl, /^data:image\/png;base64,/);
  });
});
