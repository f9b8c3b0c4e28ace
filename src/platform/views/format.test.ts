import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatDate, formatDateTime, formatNumber } from './format.ts';

describe('dates on pages: always UK time', () => {
  const TIMES: [name: string, instant: string, shown: string][] = [
    ['a winter afternoon is shown as GMT', '2026-01-15T14:05:00Z', '15 Jan 2026, 14:05'],
    ['a summer afternoon is shown as BST, an hour ahead of UTC', '2026-07-15T14:05:00Z', '15 Jul 2026, 15:05'],
    ['just before the clocks go forward (29 March 2026)', '2026-03-29T00:59:00Z', '29 Mar 2026, 00:59'],
    ['just after the clocks go forward, 01:00 UTC is 02:00 BST', '2026-03-29T01:00:00Z', '29 Mar 2026, 02:00'],
    ['the first 01:30 on the day the clocks go back (25 October 2026)', '2026-10-25T00:30:00Z', '25 Oct 2026, 01:30'],
    ['the second 01:30, an hour later, reads the same', '2026-10-25T01:30:00Z', '25 Oct 2026, 01:30'],
    ['after the clocks go back, UK time is UTC again', '2026-10-25T02:00:00Z', '25 Oct 2026, 02:00'],
    ['midnight UTC on a summer night is already the next day in the UK', '2026-06-30T23:30:00Z', '1 Jul 2026, 00:30'],
    ["new year's eve stays in the old year", '2026-12-31T23:30:00Z', '31 Dec 2026, 23:30'],
  ];
  for (const [name, instant, shown] of TIMES) {
    test(name, () => {
      assert.equal(formatDateTime(new Date(instant)), shown);
      assert.equal(formatDateTime(instant), shown, 'from an ISO string');
    });
  }

  test('a date alone is the UK calendar day, on both sides of a clock change', () => {
    assert.equal(formatDate(new Date('2026-03-28T23:30:00Z')), '28 March 2026');
    assert.equal(formatDate(new Date('2026-03-29T23:30:00Z')), '30 March 2026');
    assert.equal(formatDate(new Date('2026-10-24T23:30:00Z')), '25 October 2026');
    assert.equal(formatDate(new Date('2026-10-25T23:30:00Z')), '25 October 2026');
  });

  test('the server time zone makes no difference', () => {
    const original = process.env.TZ;
    try {
      for (const zone of ['UTC', 'America/Los_Angeles', 'Pacific/Kiritimati']) {
        process.env.TZ = zone;
        assert.equal(formatDateTime(new Date('2026-07-15T14:05:00Z')), '15 Jul 2026, 15:05', zone);
        assert.equal(formatDate(new Date('2026-06-30T23:30:00Z')), '1 July 2026', zone);
      }
    } finally {
      if (original === undefined) {
        delete process.env.TZ;
      } else {
        process.env.TZ = original;
      }
    }
  });

  test('missing or unreadable dates are shown as nothing rather than "Invalid Date"', () => {
    for (const value of [null, undefined, '', 'not a date']) {
      assert.equal(formatDate(value), '');
      assert.equal(formatDateTime(value), '');
    }
  });

  test('numbers are grouped in thousands', () => {
    assert.equal(formatNumber(12345), '12,345');
    assert.equal(formatNumber(0), '0');
    assert.equal(formatNumber(null), '');
  });
});

test('the trim filter trims like nunjucks, keeping markup marked safe, and stays linear on long pages', async () => {
  const { createViewEnvironment } = await import('./index.ts');
  const env = createViewEnvironment();
  assert.equal(env.renderString('[{{ text | trim }}]', { text: '  Canal Street \n ' }), '[Canal Street]');
  assert.equal(env.renderString('{{ html | safe | trim }}', { html: '  <b>walk</b>  ' }), '<b>walk</b>');
  assert.equal(env.renderString('{{ html | trim }}', { html: '  <b>walk</b>  ' }), '&lt;b&gt;walk&lt;/b&gt;');
  const page = `<td>\n${' '.repeat(2000)}</td>`.repeat(200);
  assert.equal(env.renderString('{{ page | safe | trim }}', { page: `  ${page}  ` }), page.trim());
});
