import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { checkRecord, parseCount, payloadHash, registerNames, type RecordRules } from './session-record.rules.ts';
import { recordFromForm } from './session-record.schemas.ts';

const ALICE = '0190f3a2-7c4e-7d1a-8b2c-1234567890ab';
const BOB = '0190f3a2-7c4e-7d1a-8b2c-1234567890ac';
const KEY = '7d444840-9dc0-11d1-b245-5ffdce74fad2';
const rules: RecordRules = {
  routes: ['self', 'gp'],
  serviceSupport: false,
  registerKept: false,
  champions: new Map([
    [ALICE, 'Alice'],
    [BOB, 'Bob'],
  ]),
};

describe('session record: checking what was typed', () => {
  test('counts are whole numbers from 0 to 100,000; blank is 0 unless required', () => {
    assert.equal(parseCount('12', 'People', true), 12);
    assert.equal(parseCount(' 1,200 ', 'People', true), 1200);
    assert.equal(parseCount(7, 'People', true), 7);
    assert.equal(parseCount('', 'People', false), 0);
    assert.deepEqual(parseCount('', 'People', true), { error: 'Enter people' });
    assert.deepEqual(parseCount('-1', 'People', true), { error: 'People must be 0 or more' });
    assert.deepEqual(parseCount('1.5', 'People', true), { error: 'People must be a whole number, like 12' });
    assert.deepEqual(parseCount(2.5, 'People', true), { error: 'People must be a whole number, like 12' });
    assert.deepEqual(parseCount('100001', 'People', true), { error: 'People must be 100,000 or fewer' });
    assert.deepEqual(parseCount({}, 'People', true), { error: 'People must be a whole number, like 12' });
  });

  test('any text at all gives a number or a message, never an exception', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.integer(), fc.double(), fc.constant(null)), (value) => {
        const result = parseCount(value, 'People', true);
        assert.ok(
          typeof result === 'number'
            ? Number.isInteger(result) && result >= 0 && result <= 100_000
            : typeof result.error === 'string',
        );
      }),
    );
  });

  test('register names: one a line, trimmed, blank lines dropped, control characters refused', () => {
    assert.deepEqual(registerNames(' Ada  Lovelace \r\n\r\nMary Seacole\n'), ['Ada Lovelace', 'Mary Seacole']);
    assert.deepEqual(registerNames(['Ada', '  ']), ['Ada']);
    assert.deepEqual(registerNames(undefined), []);
    assert.ok(!Array.isArray(registerNames('Ada\u0007')));
    assert.ok(!Array.isArray(registerNames([3])));
  });

  test('a good record is normalised: routes not accepted are ignored, champions sorted by id', () => {
    const checked = checkRecord(
      {
        headCount: '10',
        newAttendees: '2',
        referredSelf: '3',
        referredReception: '9',
        referredGp: '',
        champions: [
          { championId: BOB, hours: '0', minutes: '45' },
          { championId: ALICE, hours: 1, minutes: 30 },
        ],
        idempotencyKey: KEY.toUpperCase(),
        recordedAt: '2026-11-28T10:00:00+00:00',
      },
      rules,
    );
    assert.ok(checked.ok);
    assert.deepEqual(checked.data.referred, { self: 3, reception: 0, gp: 0, link_worker: 0 });
    assert.deepEqual(checked.data.champions, [
      { championId: ALICE, minutes: 90 },
      { championId: BOB, minutes: 45 },
    ]);
    assert.equal(checked.data.idempotencyKey, KEY);
    assert.equal(checked.data.recordedAt, '2026-11-28T10:00:00.000Z');
    assert.equal(checked.data.peopleSupported, null);
  });

  test('what is wrong is said field by field', () => {
    const checked = checkRecord(
      {
        headCount: '4',
        newAttendees: '5',
        referredSelf: '3',
        referredGp: '2',
        champions: [
          { championId: ALICE, hours: '0', minutes: '0' },
          { championId: '0190f3a2-7c4e-7d1a-8b2c-000000000000', field: 'extraChampion-0' },
        ],
        register: 'Someone',
        recordedAt: 'yesterday',
      },
      rules,
    );
    assert.ok(!checked.ok);
    assert.deepEqual(
      Object.keys(checked.errors).sort(),
      [
        'extraChampion-0',
        `hours-${ALICE}`,
        'idempotencyKey',
        'newAttendees',
        'recordedAt',
        'referredSelf',
        'register',
      ].sort(),
    );
  });

  test('the form and the API give the same hash for the same record; any change gives another', () => {
    const fromForm = recordFromForm({
      headCount: '6',
      newAttendees: '0',
      helped: [ALICE],
      [`hours-${ALICE}`]: '1',
      [`minutes-${ALICE}`]: '0',
      'extraChampion-0': BOB,
      'extraHours-0': '0',
      'extraMinutes-0': '30',
      idempotencyKey: KEY,
      recordedAt: '2026-11-28T10:00:00Z',
      incidentFlagged: 'yes',
    });
    const form = checkRecord(fromForm, rules);
    const api = checkRecord(
      {
        headCount: 6,
        champions: [
          { championId: BOB, minutes: 30 },
          { championId: ALICE, hours: 1 },
        ],
        idempotencyKey: KEY,
        recordedAt: '2026-11-28T10:00:00.000Z',
        incidentFlagged: true,
      },
      rules,
    );
    assert.ok(form.ok && api.ok);
    assert.equal(payloadHash('s', form.data), payloadHash('s', api.data));
    assert.notEqual(payloadHash('s', form.data), payloadHash('s', { ...form.data, incidentFlagged: false }));
    assert.notEqual(payloadHash('s', form.data), payloadHash('another session', form.data));
  });
});
