import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { withoutNul } from './sanitise.ts';

test('NUL characters go from every string, however deep; everything else is kept', () => {
  const query = Object.assign(Object.create(null) as Record<string, unknown>, { action: 'sign\u0000in' });
  assert.deepEqual({ ...withoutNul(query) }, { action: 'signin' });
  assert.deepEqual(withoutNul({ a: ['x\u0000y', 3, null, { b: '\u0000' }], c: true }), {
    a: ['xy', 3, null, { b: '' }],
    c: true,
  });
  const receipt = Buffer.from([0, 1, 2]);
  assert.equal(withoutNul({ file: receipt }).file, receipt, 'binary data is untouched');
  assert.equal(
    Object.getPrototypeOf(withoutNul(JSON.parse('{"__proto__": {"isSystemAdmin": true}}'))),
    Object.prototype,
  );
});

test('whatever the text, no NUL survives and nothing else changes (property)', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary' }), (text) => {
      const cleaned = withoutNul(text);
      assert.ok(!cleaned.includes('\u0000'));
      assert.equal(cleaned, text.split('\u0000').join(''));
    }),
  );
});
