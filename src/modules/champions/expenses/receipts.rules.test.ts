import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { readClaimLines } from './expenses.schemas.ts';
import { checkReceipt, cleanFileName, detectReceiptType, MAX_RECEIPT_BYTES } from './receipts.rules.ts';
import { SAMPLE_FILES } from '../self-service/self-service.fixtures.ts';
import { londonToday } from '../../../lib/dates.ts';

describe('receipts: the real type comes from the bytes, not the name', () => {
  test('PDF, JPEG, PNG and HEIC are recognised by their magic bytes', () => {
    assert.equal(detectReceiptType(SAMPLE_FILES.pdf), 'application/pdf');
    assert.equal(detectReceiptType(SAMPLE_FILES.jpeg), 'image/jpeg');
    assert.equal(detectReceiptType(SAMPLE_FILES.png), 'image/png');
    assert.equal(detectReceiptType(SAMPLE_FILES.heic), 'image/heic');
    assert.equal(detectReceiptType(Buffer.from('GIF89a')), null);
    assert.equal(detectReceiptType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')), null);
  });

  test('a program named .pdf, a PDF named .exe, an empty file and an oversized file are refused', () => {
    assert.deepEqual(checkReceipt('receipt.pdf', Buffer.from('MZ\x90\x00'), false), {
      status: 415,
      message: 'The receipt receipt.pdf must be a PDF, JPEG, PNG or HEIC file',
    });
    assert.equal((checkReceipt('receipt.exe', SAMPLE_FILES.pdf, false) as { status: number }).status, 415);
    assert.equal((checkReceipt('empty.png', Buffer.alloc(0), false) as { status: number }).status, 400);
    assert.equal((checkReceipt('big.pdf', SAMPLE_FILES.pdf, true) as { status: number }).status, 413);
    assert.equal(
      (checkReceipt('big.pdf', Buffer.alloc(MAX_RECEIPT_BYTES + 1), false) as { status: number }).status,
      413,
    );
    const accepted = checkReceipt('Bus ticket (1).JPG', SAMPLE_FILES.jpeg, false);
    assert.ok(!('status' in accepted));
    assert.equal(accepted.contentType, 'image/jpeg');
    assert.match(accepted.sha256, /^[0-9a-f]{64}$/);
  });

  test('file names are made safe to store and send back', () => {
    assert.equal(cleanFileName('C:\\Users\\me\\receipt.pdf'), 'receipt.pdf');
    assert.equal(cleanFileName('../../etc/passwd'), 'passwd');
    assert.equal(cleanFileName('"quoted";.pdf'), '_quoted__.pdf');
    assert.equal(cleanFileName('...'), 'receipt');
  });
});

describe('claim lines', () => {
  test('blank lines are skipped; a cost and a journey are read; errors name the line', () => {
    const today = londonToday();
    const read = readClaimLines({
      'itemDate-0': today,
      'itemKind-0': 'meals',
      'itemDescription-0': 'Lunch on a 5-hour day',
      'itemAmount-0': '£6.5',
      'journeyDate-1': today,
      'journeyVehicle-1': 'car',
      'journeyMiles-1': '14',
      'journeyDescription-1': 'Outreach',
    });
    assert.ok(read.ok);
    assert.deepEqual(read.items, [
      { kind: 'meals', spentOn: today, description: 'Lunch on a 5-hour day', amountPence: 650 },
    ]);
    assert.deepEqual(read.journeys, [{ spentOn: today, vehicle: 'car', miles: 14, description: 'Outreach' }]);
    const wrong = readClaimLines({
      'itemDate-0': today,
      'itemKind-0': 'flat_allowance',
      'itemDescription-0': 'Daily rate',
      'itemAmount-0': '10',
    });
    assert.ok(!wrong.ok);
    assert.equal(wrong.errors['itemKind-0'], 'Cost 1: Select what the cost was for');
  });

  test('any input is either read or refused with field errors, never thrown', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom(
            'itemDate-0',
            'itemKind-0',
            'itemDescription-0',
            'itemAmount-0',
            'journeyDate-0',
            'journeyVehicle-0',
            'journeyMiles-0',
            'journeyDescription-0',
          ),
          fc.string(),
        ),
        (fields) => {
          const read = readClaimLines(fields);
          if (read.ok) {
            assert.ok([...read.items, ...read.journeys].length > 0);
            assert.ok(read.items.every((item) => Number.isInteger(item.amountPence) && item.amountPence > 0));
          } else {
            assert.ok(Object.keys(read.errors).length > 0);
          }
        },
      ),
    );
  });
});
