// ORUK JSON values: the types, and the cleaning every ORUK (and FHIR) presenter applies to
// a value before sending it: nulls dropped, links made absolute, emails checked.
/** An ORUK JSON object. */
export type OrukObject = { [key: string]: OrukValue };
/** Any ORUK JSON value. */
export type OrukValue = string | number | boolean | OrukObject | OrukValue[];

/** Drops keys whose value is null or undefined. */
export function compact(entries: Record<string, OrukValue | null | undefined>): OrukObject {
  const out: OrukObject = {};
  for (const [key, value] of Object.entries(entries)) {
    if (value !== null && value !== undefined) {
      out[key] = value;
    }
  }
  return out;
}

/** A link as an absolute URI: "www.example.org" gains https://; anything else unusable is dropped. */
export function asUri(value: string | null | undefined): string | null {
  const text = value?.trim();
  if (!text || /\s/.test(text)) {
    return null;
  }
  if (/^[a-z][a-z0-9+.-]*:\S+$/i.test(text)) {
    return text;
  }
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+(\/\S*)?$/i.test(text) ? `https://${text}` : null;
}

/** An email address when it looks like one, otherwise null. */
export function asEmail(value: string | null | undefined): string | null {
  const text = value?.trim();
  return text &&
    /^[^\s@"<>()[\]\\,;:]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i.test(text)
    ? text
    : null;
}

/** "10:00:00" as ORUK's "HH:MM" (local UK time). */
export function hhmm(value: string | null): string | null {
  return value ? value.slice(0, 5) : null;
}
