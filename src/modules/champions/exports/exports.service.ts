import { stringify } from 'csv-stringify/sync';
import writeXlsxFile, { type Row } from 'write-excel-file/node';
import { z } from 'zod';
import { recordAudit } from '../../../platform/audit/audit.ts';
import type { ServiceContext } from '../../../platform/context.ts';
import { isPlausibleDate } from '../shared/champions.schemas.ts';
import { EXPENSE_KIND_LABELS } from '../expenses/expenses.schemas.ts';
import { decimalHours, poundsFromPence, safeCell } from '../shared/format.presenter.ts';
import { HOURS_CATEGORY_LABELS } from '../hours/hours.schemas.ts';
import { VEHICLE_LABELS } from '../expenses/mileage.rules.ts';
import { staffScope } from '../self-service/self-service.service.ts';
import { britishDate, londonDateOf } from '../../../lib/dates.ts';
import { expenseLinesInRange, hoursInRange } from './exports.repo.ts';

// A real calendar date: 2026-02-31 has the right shape but would reach the database as an error.
const isoDate = z.string().refine(isPlausibleDate, 'Enter a real date, like 2026-04-06');

/** The export form: a date range (inclusive), both ends optional. */
export const ExportRange = z
  .object({ from: z.union([z.literal(''), isoDate]).default(''), to: z.union([z.literal(''), isoDate]).default('') })
  .refine((range) => !range.from || !range.to || range.from <= range.to, {
    path: ['to'],
    error: 'The end date must be the same as or after the start date',
  });

/** What the export form holds once read. */
export type ExportRange = z.infer<typeof ExportRange>;

/** One table of an export: its headings, rows of text or numbers, and a totals row. */
export interface ExportTable {
  title: string;
  headings: string[];
  rows: (string | number)[][];
  /** Column indexes holding numbers (minutes, pounds) rather than text. */
  numeric: number[];
}

/** Records that an organisation's rows within a range were exported, and how many. */
async function auditExport(
  ctx: ServiceContext,
  organisationId: string,
  range: ExportRange,
  action: 'champion.hours-exported' | 'champion.expenses-exported',
  count: number,
): Promise<void> {
  await recordAudit(ctx.db, ctx.audit, {
    action,
    subjectType: 'organisation',
    subjectId: organisationId,
    organisationId,
    details: { rows: count, from: range.from, to: range.to },
  });
}

/** Hours in an organisation within a range, one row each, with a totals row of exact minutes. */
export async function hoursExport(
  ctx: ServiceContext,
  organisationId: string,
  range: ExportRange,
): Promise<ExportTable> {
  const scope = await staffScope(ctx, 'champions:verify-hours', organisationId);
  const rows = await hoursInRange(ctx.db, scope, range);
  await auditExport(ctx, organisationId, range, 'champion.hours-exported', rows.length);
  const total = rows.reduce((sum, row) => sum + row.minutes, 0);
  return {
    title: 'Champion hours',
    headings: ['Date', 'Champion', 'What for', 'Description', 'Minutes', 'Hours', 'Status', 'Verified on'],
    rows: [
      ...rows.map((row) => [
        britishDate(row.worked_on),
        row.display_name,
        HOURS_CATEGORY_LABELS[row.category],
        row.description,
        row.minutes,
        decimalHours(row.minutes),
        row.status === 'verified' ? 'Verified' : 'Not yet verified',
        row.verified_at ? britishDate(londonDateOf(row.verified_at)) : '',
      ]),
      ['Total', '', '', '', total, decimalHours(total), '', ''],
    ],
    numeric: [4],
  };
}

/** Expense lines of claims sent within a range (London dates), with pounds to 2 decimals and a totals row. */
export async function expensesExport(
  ctx: ServiceContext,
  organisationId: string,
  range: ExportRange,
): Promise<ExportTable> {
  const scope = await staffScope(ctx, 'champions:approve-expenses', organisationId);
  const rows = await expenseLinesInRange(ctx.db, scope, range);
  await auditExport(ctx, organisationId, range, 'champion.expenses-exported', rows.length);
  // Rejected claims are listed for the record but, as on every page, not counted in the total.
  const total = rows.filter((row) => row.status !== 'rejected').reduce((sum, row) => sum + row.amount_pence, 0);
  const statusLabel = { submitted: 'Waiting', approved: 'Approved', rejected: 'Rejected' } as const;
  return {
    title: 'Champion expenses',
    headings: [
      'Claim',
      'Sent',
      'Champion',
      'Date',
      'What for',
      'Description',
      'Vehicle',
      'Miles',
      'Amount (£)',
      'Claim status',
    ],
    rows: [
      ...rows.map((row) => [
        row.claim_id,
        britishDate(row.sent_on),
        row.display_name,
        britishDate(row.spent_on),
        EXPENSE_KIND_LABELS[row.kind],
        row.description,
        row.vehicle ? VEHICLE_LABELS[row.vehicle] : '',
        row.miles ?? '',
        poundsFromPence(row.amount_pence),
        statusLabel[row.status],
      ]),
      ['Total (not rejected)', '', '', '', '', '', '', '', poundsFromPence(total), ''],
    ],
    numeric: [7, 8],
  };
}

/** The table as CSV (UTF-8 with a byte-order mark so Excel shows £ and accents). */
export function toCsv(table: ExportTable): string {
  const rows = table.rows.map((row) => row.map((cell) => (typeof cell === 'string' ? safeCell(cell) : cell)));
  return `\ufeff${stringify([table.headings, ...rows])}`;
}

/** The table as an XLSX workbook; amounts and minutes are numbers with fixed decimals. */
export async function toXlsx(table: ExportTable): Promise<Buffer> {
  const header: Row = table.headings.map((heading) => ({ value: heading, fontWeight: 'bold' }));
  const body: Row[] = table.rows.map((row) =>
    row.map((cell, index) => {
      if (table.numeric.includes(index) && cell !== '') {
        const isMoney = table.headings[index]?.startsWith('Amount') ?? false;
        return { value: Number(cell), type: Number, format: isMoney ? '0.00' : '0' };
      }
      return { value: String(cell), type: String };
    }),
  );
  return writeXlsxFile([header, ...body], { sheet: table.title }).toBuffer();
}
