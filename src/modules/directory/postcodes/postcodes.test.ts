import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { parsePostcode, splitCsvLine } from './postcodes.service.ts';

describe('postcodes', () => {
  test('reads full postcodes and outcodes in any case and spacing', () => {
    assert.deepEqual(parsePostcode('ls28 7aa'), { kind: 'unit', postcode: 'LS28 7AA', outcode: 'LS28' });
    assert.deepEqual(parsePostcode(' SW1A1AA '), { kind: 'unit', postcode: 'SW1A 1AA', outcode: 'SW1A' });
    assert.deepEqual(parsePostcode('m1 1ae'), { kind: 'unit', postcode: 'M1 1AE', outcode: 'M1' });
    assert.deepEqual(parsePostcode('bd10'), { kind: 'outcode', outcode: 'BD10' });
    for (const bad of ['', 'LS', '28', 'LS28 7A', 'LS28 7AAA', 'hello', 'LS28-7AA']) {
      assert.equal(parsePostcode(bad), null, bad);
    }
  });

  test('property: a parsed postcode parses to itself', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (input) => {
        const parsed = parsePostcode(input);
        if (parsed) {
          assert.deepEqual(parsePostcode(parsed.kind === 'unit' ? parsed.postcode : parsed.outcode), parsed);
        }
      }),
    );
  });

  test('splits CSV lines with quotes, escaped quotes and empty fields', () => {
    assert.deepEqual(splitCsvLine('"LS287AA","LS28 7AA","",53.8,-1.6'), ['LS287AA', 'LS28 7AA', '', '53.8', '-1.6']);
    assert.deepEqual(splitCsvLine('a,"b, with comma","say ""hi"""'), ['a', 'b, with comma', 'say "hi"']);
  });
});
