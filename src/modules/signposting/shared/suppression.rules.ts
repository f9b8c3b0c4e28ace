/** Counts under this are shown as "fewer than 5" to anyone who sees aggregates only. */
export const SUPPRESS_BELOW = 5;

/** A count as an aggregate-only viewer may see it: the number, or null when it is under 5 (and not 0). */
export function suppressed(count: number, suppress: boolean): number | null {
  return suppress && count > 0 && count < SUPPRESS_BELOW ? null : count;
}

/** A count as a page shows it. */
export function countText(count: number | null): string {
  return count === null ? 'fewer than 5' : String(count);
}
