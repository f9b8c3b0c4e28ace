import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  decimalHours,
  formatMinutes,
  formatPounds,
  penceFromPounds,
  poundsFromPence,
  safeCell,
} from './format.presenter.ts';
import { britishDate } from '../../../lib/dates.ts';

test('money: pence to pounds and back, exactly', () => {
  assert.equal(poundsFromPence(0), '0.00');
  assert.equal(poundsFromPence(5), '0.05');
  assert.equal(poundsFromPence(123456), '1234.56');
  assert.equal(formatPounds(123450), '£1,234.50');
  assert.equal(penceFromPounds('12.3'), 1230);
  assert.equal(penceFromPounds('£1,000.05'), 100005);
  assert.equal(penceFromPounds('7'), 700);
  assert.equal(penceFromPounds('1.234'), null);
  assert.equal(penceFromPounds('-3'), null);
  assert.equal(penceFromPounds('ten'), null);
});

test('time and dates as people read them', () => {
  assert.equal(formatMinutes(0), '0 minutes');
  assert.equal(formatMinutes(61), '1 hour 1 minute');
  assert.equal(formatMinutes(150), '2 hours 30 minutes');
  assert.equal(formatMinutes(120), '2 hours');
  assert.equal(decimalHours(90), '1.50');
  assert.equal(britishDate('2026-11-23'), '23/11/2026');
});

test('spreadsheet cells never start a formula', () => {
  assert.equal(safeCell('=HYPERLINK("x")'), `'=HYPERLINK("x")`);
  assert.equal(safeCell('-5'), `'-5`);
  assert.equal(safeCell('Bus fare'), 'Bus fare');
});
