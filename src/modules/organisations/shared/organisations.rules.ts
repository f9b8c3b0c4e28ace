import { KIND_LABELS, SUBTYPES } from './organisations.schemas.ts';

/** Counts under this are shown as "fewer than 5" in aggregate views (small-number suppression). */
export const SUPPRESSION_THRESHOLD = 5;

/** A count as shown to people who may only see aggregates. */
export function suppressed(count: number): string {
  return count > 0 && count < SUPPRESSION_THRESHOLD ? 'fewer than 5' : String(count);
}

/** Label for an organisation's type, such as "Primary care network". */
export function subtypeLabel(kind: keyof typeof SUBTYPES, subtype: string): string {
  return (SUBTYPES[kind] as Record<string, string>)[subtype] ?? KIND_LABELS[kind];
}
