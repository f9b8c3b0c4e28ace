import assert from 'node:assert/strict';
import { test } from 'node:test';
import { preferredEncoding } from './assets.ts';
import { COMPRESSIBLE } from './compression.ts';

test('HTML, CSS, JS, JSON (also FHIR and problem JSON) and iCalendar are compressed; images and files are not', () => {
  for (const type of [
    'text/html; charset=utf-8',
    'text/css; charset=utf-8',
    'text/javascript; charset=utf-8',
    'application/json; charset=utf-8',
    'application/fhir+json; charset=utf-8',
    'text/calendar; charset=utf-8',
  ]) {
    assert.ok(COMPRESSIBLE.test(type), type);
  }
  for (const type of ['image/png', 'application/pdf', 'text/event-stream']) {
    assert.ok(!COMPRESSIBLE.test(type), type);
  }
});

test('brotli when accepted, then gzip; q=0 refuses one', () => {
  assert.equal(preferredEncoding('gzip, deflate, br'), 'br');
  assert.equal(preferredEncoding('gzip'), 'gzip');
  assert.equal(preferredEncoding('br;q=0, gzip;q=0.5'), 'gzip');
  assert.equal(preferredEncoding('*'), 'br');
  assert.equal(preferredEncoding(undefined), 'identity');
  assert.equal(preferredEncoding('identity'), 'identity');
});
