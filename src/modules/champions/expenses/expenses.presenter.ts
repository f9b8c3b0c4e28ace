import type { FastifyReply } from 'fastify';
import { formatPounds } from '../shared/format.presenter.ts';
import { EXPENSE_KIND_LABELS, ITEM_LINES, JOURNEY_LINES } from './expenses.schemas.ts';
import { VEHICLE_LABELS } from './mileage.rules.ts';
import { MAX_RECEIPTS } from './receipts.rules.ts';
import { britishDate } from '../../../lib/dates.ts';

const STATUS_LABELS: Record<string, string> = {
  submitted: 'Waiting for approval',
  approved: 'Approved',
  rejected: 'Rejected',
};

/** Form choices for the claim page. */
export function claimFormChoices() {
  return {
    itemLines: [...Array(ITEM_LINES).keys()],
    journeyLines: [...Array(JOURNEY_LINES).keys()],
    kindItems: Object.entries(EXPENSE_KIND_LABELS)
      .filter(([value]) => value !== 'mileage')
      .map(([value, text]) => ({ value, text })),
    vehicleItems: Object.entries(VEHICLE_LABELS).map(([value, text]) => ({ value, text })),
    maxReceipts: MAX_RECEIPTS,
  };
}

/** A claim as pages show it: labels, pounds and dates in words; no database row reaches the template. */
export function presentClaim(claim: {
  id: string;
  status: string;
  total_pence: number;
  submitted_at: Date;
  champion_id?: string;
  display_name?: string;
  decision_reason?: string | null;
  items?: {
    spent_on: string;
    kind: string;
    description: string;
    miles?: number | string | null;
    amount_pence: number;
    vehicle: string | null;
  }[];
  receipts?: { id: string; file_name: string }[];
}) {
  return {
    id: claim.id,
    status: claim.status,
    championId: claim.champion_id ?? '',
    championName: claim.display_name ?? '',
    decisionReason: claim.decision_reason ?? '',
    statusLabel: STATUS_LABELS[claim.status] ?? claim.status,
    total: formatPounds(claim.total_pence),
    submitted: britishDate(claim.submitted_at.toISOString()),
    lines: (claim.items ?? []).map((item) => ({
      date: britishDate(item.spent_on),
      kindLabel: EXPENSE_KIND_LABELS[item.kind as keyof typeof EXPENSE_KIND_LABELS] ?? item.kind,
      description: item.description,
      miles: item.miles ?? null,
      amount: formatPounds(item.amount_pence),
      vehicleLabel: item.vehicle ? VEHICLE_LABELS[item.vehicle as keyof typeof VEHICLE_LABELS] : '',
    })),
    receipts: (claim.receipts ?? []).map((receipt) => ({ id: receipt.id, fileName: receipt.file_name })),
  };
}

/** Sends a receipt as a download, never rendered inline from this origin. */
export function sendReceipt(
  reply: FastifyReply,
  receipt: { file_name: string; content_type: string; content: Uint8Array },
) {
  return reply
    .header('content-disposition', `attachment; filename="${receipt.file_name.replace(/"/g, '')}"`)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'no-store')
    .type(receipt.content_type)
    .send(Buffer.from(receipt.content));
}
