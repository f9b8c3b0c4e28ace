import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  hashPassword,
  passwordProblem,
  verifyPassword,
} from './passwords.rules.ts';

describe('choosing a password (NCSC rules)', () => {
  test('three random words are accepted, with no composition rules', () => {
    assert.equal(passwordProblem('purple tractor sandwich'), null);
    assert.equal(passwordProblem('alllowercasewords'), null);
    assert.equal(passwordProblem('x'.repeat(9) + 'y'), null);
  });

  test(`a password shorter than ${PASSWORD_MIN_LENGTH} characters is refused, saying how long it must be`, () => {
    assert.equal(passwordProblem('short1234'), 'Password must be 10 characters or more');
    assert.equal(passwordProblem(''), 'Password must be 10 characters or more');
  });

  test(`a password longer than ${PASSWORD_MAX_LENGTH} characters is refused; exactly ${PASSWORD_MAX_LENGTH} is fine`, () => {
    assert.equal(passwordProblem('a sensible phrase '.repeat(20).slice(0, PASSWORD_MAX_LENGTH)), null);
    assert.equal(
      passwordProblem('a sensible phrase '.repeat(20).slice(0, PASSWORD_MAX_LENGTH + 1)),
      'Password must be 200 characters or fewer',
    );
  });

  test('common passwords from the deny-list are refused whatever their case', () => {
    // The last three come from the published breach list, not the local one.
    for (const password of [
      'password123',
      'Password123',
      'QWERTYUIOP',
      'thirdspace123',
      'nhspassword',
      'Basketball',
      'manchester',
      'Christopher',
    ]) {
      assert.equal(
        passwordProblem(password),
        'This password is too easy to guess. Try three random words together',
        password,
      );
    }
  });

  test('one character repeated, or a run of digits or letters, is too easy to guess', () => {
    for (const password of ['zzzzzzzzzzzz', '############', '0123456789ab', '1234567890xyz', 'ABCDEFGHIJKL']) {
      assert.match(passwordProblem(password) ?? '', /too easy to guess/, password);
    }
  });

  test('a password containing the email address (its local part) is refused', () => {
    assert.equal(
      passwordProblem('my name is jane.smith ok', 'Jane.Smith@example.test'),
      'Password must not contain your email address',
    );
    assert.equal(
      passwordProblem('JANE.SMITH-forever', 'jane.smith@example.test'),
      'Password must not contain your email address',
    );
  });

  test('very short email local parts do not block ordinary passwords', () => {
    assert.equal(passwordProblem('amber jigsaw lantern', 'al@example.test'), null);
  });
});

describe('storing passwords', () => {
  test('a hashed password verifies, a different one does not', async () => {
    const hash = await hashPassword('correct horse battery staple');
    assert.match(hash, /^\$argon2id\$/);
    assert.doesNotMatch(hash, /correct horse/);
    assert.equal(await verifyPassword(hash, 'correct horse battery staple'), true);
    assert.equal(await verifyPassword(hash, 'correct horse battery stapl'), false);
    assert.equal(await verifyPassword(hash, 'Correct horse battery staple'), false);
  });

  test('the same password hashes differently each time (salted)', async () => {
    const [first, second] = await Promise.all([hashPassword('same words again'), hashPassword('same words again')]);
    assert.notEqual(first, second);
    assert.equal(await verifyPassword(second, 'same words again'), true);
  });

  test('an account without a password, or with a damaged hash, never matches', async () => {
    assert.equal(await verifyPassword(null, 'decoy-password-that-matches-nothing'), false);
    assert.equal(await verifyPassword(null, ''), false);
    assert.equal(await verifyPassword('not-a-hash', 'anything at all'), false);
  });
});
