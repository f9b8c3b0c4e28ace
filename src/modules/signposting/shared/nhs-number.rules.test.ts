import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { formatNhsNumber, nhsCheckDigit, normaliseNhsNumber } from './nhs-number.rules.ts';

describe('NHS numbers (modulus 11)', () => {
  test('known test numbers pass and their neighbours fail', () => {
    assert.equal(normaliseNhsNumber('943 476 5919'), '9434765919');
    assert.equal(normaliseNhsNumber('999-000-0018'), '9990000018');
    assert.equal(normaliseNhsNumber('9434765918'), null);
    assert.equal(normaliseNhsNumber('943476591'), null);
    assert.equal(normaliseNhsNumber('94347659190'), null);
    assert.equal(normaliseNhsNumber('abc4765919'), null);
  });

  test('every nine digits with a check digit make a number that passes, and changing one digit fails', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{9}$/),
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 1, max: 9 }),
        (nine, at, bump) => {
          const check = nhsCheckDigit(nine);
          if (check === null) {
            return;
          }
          const whole = `${nine}${check}`;
          assert.equal(normaliseNhsNumber(formatNhsNumber(whole)), whole);
          const changed = `${whole.slice(0, at)}${(Number(whole[at]) + bump) % 10}${whole.slice(at + 1)}`;
          assert.equal(normaliseNhsNumber(changed), null);
        },
      ),
    );
  });
});
