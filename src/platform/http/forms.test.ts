import assert from 'node:assert/strict';
import { validateHeaderValue } from 'node:http';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { z } from 'zod';
import { readForm, safeReturnPath } from './forms.ts';

const ProfileForm = z.object({
  email: z.email({ error: 'Enter an email address in the correct format' }),
  password: z.string().min(10, 'Password must be 10 characters or more'),
  confirmPassword: z.string(),
  code: z.string().regex(/^\d{6}$/, 'Enter the 6-digit code'),
  postcode: z.string().regex(/^[A-Z]{1,2}\d/, 'Enter a full UK postcode'),
  odsCode: z.string().optional(),
  name: z.string().trim().min(1, 'Enter your name'),
});

describe('reading a submitted form', () => {
  test('valid input comes back parsed, without the CSRF token', () => {
    const Small = z.object({ name: z.string().trim() }).strict();
    const result = readForm(Small, { name: '  Priya  ', _csrf: 'token' });
    assert.deepEqual(result, { ok: true, data: { name: 'Priya' } });
  });

  test('invalid input keeps what the person typed, but never passwords, codes or the CSRF token', () => {
    const result = readForm(ProfileForm, {
      _csrf: 'token',
      email: 'not-an-email',
      password: 'short',
      confirmPassword: 'short',
      code: '12',
      postcode: 'nowhere',
      odsCode: 'A81001',
      name: 'Priya Shah',
    });
    assert.equal(result.ok, false);
    if (result.ok) {
      return;
    }
    assert.deepEqual(result.values, {
      email: 'not-an-email',
      postcode: 'nowhere',
      odsCode: 'A81001',
      name: 'Priya Shah',
    });
    assert.deepEqual(Object.keys(result.errors).sort(), ['code', 'email', 'password', 'postcode']);
    assert.equal(result.errors.password, 'Password must be 10 characters or more');
  });

  test('one message per field, the first one found', () => {
    const Twice = z.object({
      name: z
        .string()
        .min(3, 'Too short')
        .regex(/^[a-z]+$/, 'Letters only'),
    });
    const result = readForm(Twice, { name: '1' });
    assert.deepEqual(result.ok ? null : result.errors, { name: 'Too short' });
  });

  test('errors that belong to no field are keyed "form"; a missing body is an empty form', () => {
    const Either = z
      .object({ a: z.string().optional(), b: z.string().optional() })
      .refine((form) => form.a || form.b, 'Fill in a or b');
    const result = readForm(Either, undefined);
    assert.deepEqual(result, { ok: false, errors: { form: 'Fill in a or b' }, values: {} });
  });
});

const BASE = 'https://thirdspace.test';

describe('where to go back to after signing in (safeReturnPath)', () => {
  test('paths on this site are kept, with their query', () => {
    for (const value of [
      '/',
      '/organisations',
      '/organisations/0190e6b2-0000-7000-8000-000000000000/members?done=invited',
      '/account#two-factor',
    ]) {
      assert.equal(safeReturnPath(value), value);
    }
  });

  test('other sites are refused: absolute URLs, protocol-relative and backslash tricks', () => {
    for (const value of [
      '//evil.example',
      '//evil.example/organisations',
      '/\\evil.example',
      'https://evil.example/',
      'http:/evil.example',
      'javascript:alert(1)',
      'evil.example',
      '',
      ' /organisations',
    ]) {
      assert.equal(safeReturnPath(value), '/', value);
    }
  });

  test('characters a browser strips or a header cannot carry are refused', () => {
    for (const value of [
      '/\t/evil.example',
      '/\n/evil.example',
      '/\r\nSet-Cookie: x=1',
      '/caf\u00e9',
      '/\u2713',
      '/a b',
    ]) {
      assert.equal(safeReturnPath(value), '/', JSON.stringify(value));
    }
  });

  test('anything that is not a string falls back, to "/" or the given fallback', () => {
    assert.equal(safeReturnPath(undefined), '/');
    assert.equal(safeReturnPath(['/organisations']), '/');
    assert.equal(safeReturnPath(42, '/account'), '/account');
    assert.equal(safeReturnPath('//evil.example', '/account'), '/account');
  });

  test('property: whatever it is given, the result starts with a single "/", stays on this site and is a valid Location header', () => {
    const tricky = fc.constantFrom(
      '/',
      '//',
      '/\\',
      '\\',
      '\t',
      '\n',
      '\r',
      ' ',
      '%2F',
      '@',
      ':',
      'evil.example',
      'https:',
      '?',
      '#',
      '.',
      '..',
      '\u0000',
      '\u00e9',
      '\u2028',
    );
    const candidates = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.string({ unit: 'binary' }).map((rest) => `/${rest}`),
      fc.array(tricky, { maxLength: 8 }).map((parts) => parts.join('')),
      fc.array(tricky, { maxLength: 8 }).map((parts) => `/${parts.join('')}`),
      fc.webUrl(),
      fc.anything(),
    );
    fc.assert(
      fc.property(candidates, (value) => {
        const result = safeReturnPath(value);
        assert.ok(result.startsWith('/'), result);
        assert.ok(!result.startsWith('//') && !result.startsWith('/\\'), result);
        assert.equal(new URL(result, BASE).origin, BASE, `${JSON.stringify(value)} leaves the site`);
        validateHeaderValue('location', result);
      }),
      { numRuns: 500 },
    );
  });
});
