import type { SearchOutcome } from '../../directory/index.ts';

/** A service the person is pointed to. */
export interface Destination {
  id: string;
  name: string;
  phone: string | null;
  url: string | null;
  mayBeOutOfDate: boolean;
}

/** The listing as a text message or email: names and how to reach them, nothing about the person. */
export function listingText(destinations: readonly Destination[]): string {
  const lines = destinations.map((item) => [item.name, item.phone, item.url].filter(Boolean).join(' – '));
  return `Services that might help:\n${lines.join('\n')}\nPlease check times with them before you go.`;
}

/** Checkbox items for the destinations: those already chosen, then the search results, stale ones badged. */
export function destinationItems(chosen: readonly Destination[], outcome: SearchOutcome | null) {
  const items = chosen.map((item) => ({ value: item.id, text: item.name, stale: item.mayBeOutOfDate, checked: true }));
  const seen = new Set(chosen.map((item) => item.id));
  for (const result of outcome?.results ?? []) {
    if (!seen.has(result.id)) {
      items.push({
        value: result.id,
        text: result.name,
        stale: !result.freshness.fresh && result.freshness.colour === 'orange',
        checked: false,
      });
    }
  }
  return items.map((item) => ({
    value: item.value,
    checked: item.checked,
    html: item.stale
      ? `${escapeHtml(item.text)} <strong class="nhsuk-tag nhsuk-tag--orange">may be out of date</strong>`
      : escapeHtml(item.text),
  }));
}

/** Need checkboxes, the chosen ones ticked. */
export function needItems(needs: readonly { id: string; name: string }[], chosen: unknown) {
  const ticked = new Set([chosen ?? []].flat());
  return needs.map((need) => ({ value: need.id, text: need.name, checked: ticked.has(need.id) }));
}

/** Radio or checkbox items from labels, the chosen ones ticked. */
export function labelItems(labels: Record<string, string>, chosen: unknown) {
  const ticked = new Set([chosen ?? []].flat());
  return Object.entries(labels).map(([value, text]) => ({ value, text, checked: ticked.has(value) }));
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
