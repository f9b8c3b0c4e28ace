import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { AuditQuery, CreateOrganisationForm, InviteMemberBody, odsCodeProblem } from './organisations.schemas.ts';

describe('ODS codes: each kind of organisation has its own shape', () => {
  const CASES: [subtype: string, code: string, ok: boolean][] = [
    ['gp_practice', 'A81001', true],
    ['gp_practice', 'Y12345', true],
    ['gp_practice', 'a81001', false],
    ['gp_practice', 'A8100', false],
    ['gp_practice', 'A810011', false],
    ['gp_practice', '181001', false],
    ['gp_practice', 'AB1001', false],
    ['gp_practice', ' A81001', false],
    ['gp_practice', '', false],
    ['pcn', 'U12345', true],
    ['pcn', 'A12345', false],
    ['pcn', 'U1234', false],
    ['icb', 'QWO', true],
    ['icb', 'Q1X', true],
    ['icb', 'QW', false],
    ['icb', 'XWO', false],
    ['local_authority', 'E08000035', true],
    ['local_authority', 'E09000001', true],
    ['local_authority', 'E05000001', false],
    ['local_authority', 'W06000001', false],
    ['care_home', 'VM1A2', true],
    ['care_home', 'AB', false],
    ['care_home', 'ABCDEFGHIJK', false],
    ['federation', 'FED01', true],
    ['federation', 'fed01', false],
  ];
  for (const [subtype, code, ok] of CASES) {
    test(`${JSON.stringify(code)} is ${ok ? 'accepted' : 'refused'} for ${subtype}`, () => {
      const problem = odsCodeProblem(subtype, code);
      if (ok) {
        assert.equal(problem, null);
      } else {
        assert.match(problem ?? '', /^Enter an ODS code in the correct format/);
      }
    });
  }

  test('the message shows an example of the right format', () => {
    assert.match(odsCodeProblem('gp_practice', 'nope') ?? '', /like A81001/);
    assert.match(odsCodeProblem('pcn', 'nope') ?? '', /like U12345/);
    assert.match(odsCodeProblem('icb', 'nope') ?? '', /like QWO/);
  });

  test('property: never throws, and a GP practice code is accepted exactly when it is a capital letter and 5 digits', () => {
    const practiceShaped = fc
      .tuple(fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), fc.stringMatching(/^\d{5}$/))
      .map(([letter, digits]) => letter + digits);
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: 'binary' }), practiceShaped),
        fc.constantFrom('gp_practice', 'pcn', 'icb', 'local_authority', 'care_home', 'unknown'),
        (code, subtype) => {
          const problem = odsCodeProblem(subtype, code);
          assert.ok(problem === null || typeof problem === 'string');
          if (subtype === 'gp_practice') {
            assert.equal(problem === null, /^[A-Z]\d{5}$/.test(code), code);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('creating an organisation: the form', () => {
  const practice = { kind: 'practice', subtype: 'gp_practice', name: 'Riverside Surgery', odsCode: 'A81001' };

  function errorsOf(values: Record<string, string>): Record<string, string> {
    const result = CreateOrganisationForm.safeParse(values);
    if (result.success) {
      return {};
    }
    return Object.fromEntries(result.error.issues.map((issue) => [issue.path.join('.'), issue.message]));
  }

  test('a typed ODS code is tidied to capitals before it is checked', () => {
    const result = CreateOrganisationForm.parse({ ...practice, odsCode: ' a81001 ' });
    assert.equal(result.odsCode, 'A81001');
  });

  test('a practice needs an ODS code; a programme does not', () => {
    assert.equal(errorsOf({ ...practice, odsCode: '' }).odsCode, 'Enter the practice ODS code');
    assert.deepEqual(errorsOf({ kind: 'programme', subtype: 'programme', name: 'Healthy Futures' }), {});
  });

  test('the type must fit the kind', () => {
    assert.equal(errorsOf({ ...practice, subtype: 'pcn' }).subtype, 'Select a type that fits the kind of organisation');
  });

  test('missing kind and name are named in words', () => {
    const errors = errorsOf({ subtype: 'gp_practice', name: '  ' });
    assert.equal(errors.kind, 'Select the kind of organisation');
  });

  const POSTCODES: [typed: string, stored: string | undefined, ok: boolean][] = [
    ['LS28 7AA', 'LS28 7AA', true],
    ['ls28 7aa', 'LS28 7AA', true],
    ['  SW1A 1AA  ', 'SW1A 1AA', true],
    ['EC1A1BB', 'EC1A1BB', true],
    ['M1 1AE', 'M1 1AE', true],
    ['B33 8TH', 'B33 8TH', true],
    ['', undefined, true],
    ['LS28', undefined, false],
    ['12345', undefined, false],
    ['LS28 7AAA', undefined, false],
    ['not a postcode', undefined, false],
  ];
  for (const [typed, stored, ok] of POSTCODES) {
    test(`postcode ${JSON.stringify(typed)} is ${ok ? 'accepted' : 'refused'}`, () => {
      const result = CreateOrganisationForm.safeParse({ ...practice, postcode: typed });
      assert.equal(result.success, ok);
      if (result.success) {
        assert.equal(result.data.postcode, stored);
      } else {
        assert.equal(result.error.issues[0]?.message, 'Enter a full UK postcode, like LS28 7AA');
      }
    });
  }
});

describe('inviting someone: the form', () => {
  test('an email and a known role are needed, with a message for each', () => {
    assert.ok(InviteMemberBody.safeParse({ email: ' Sam@Example.test ', role: 'champion' }).success);
    const errors = InviteMemberBody.safeParse({ email: 'not-an-email', role: 'king' });
    assert.equal(errors.success, false);
    const messages = Object.fromEntries(
      errors.error?.issues.map((issue) => [issue.path.join('.'), issue.message]) ?? [],
    );
    assert.equal(messages.email, 'Enter an email address in the correct format, like name@example.com');
    assert.equal(messages.role, 'Select a role');
  });
});

describe('audit log filters: dates', () => {
  const DATES: [string, boolean][] = [
    ['2026-11-23', true],
    ['2024-02-29', true],
    ['2026-02-29', false],
    ['2026-02-30', false],
    ['2026-04-31', false],
    ['2026-13-01', false],
    ['23/11/2026', false],
    ['2026-1-5', false],
    ['yesterday', false],
  ];
  for (const [value, ok] of DATES) {
    test(`"${value}" is ${ok ? 'a real date' : 'refused'}`, () => {
      assert.equal(AuditQuery.safeParse({ from: value }).success, ok);
      assert.equal(AuditQuery.safeParse({ to: value }).success, ok);
    });
  }

  test('empty filters are left out and the page defaults to 1', () => {
    assert.deepEqual(AuditQuery.parse({ action: '', actor: ' ', from: '', to: '' }), {
      action: undefined,
      actor: undefined,
      from: undefined,
      to: undefined,
      page: 1,
    });
  });
});
