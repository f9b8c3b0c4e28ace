/** Money, time and dates as finance teams and funders in England read them. */

/** Pence as pounds with two decimals and no symbol ("1234.50"), for spreadsheets. */
export function poundsFromPence(pence: number): string {
  const sign = pence < 0 ? '-' : '';
  const whole = Math.abs(pence);
  return `${sign}${Math.floor(whole / 100)}.${String(whole % 100).padStart(2, '0')}`;
}

/** Pence as "£1,234.50" for pages. */
export function formatPounds(pence: number): string {
  const [pounds, decimals] = poundsFromPence(pence).split('.') as [string, string];
  return `£${Number(pounds).toLocaleString('en-GB')}.${decimals}`;
}

/** Minutes as "3 hours 5 minutes", exactly (no rounding), for pages. */
export function formatMinutes(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const parts: string[] = [];
  if (hours > 0) {
    parts.push(`${hours.toLocaleString('en-GB')} ${hours === 1 ? 'hour' : 'hours'}`);
  }
  if (rest > 0 || hours === 0) {
    parts.push(`${rest} ${rest === 1 ? 'minute' : 'minutes'}`);
  }
  return parts.join(' ');
}

/** Minutes as decimal hours with two places ("1.50"), for spreadsheets beside the exact minutes. */
export function decimalHours(minutes: number): string {
  return poundsFromPence(Math.round((minutes * 100) / 60));
}

/**
 * Text for a spreadsheet cell: a leading =, +, - or @ (or a tab or return) would make Excel
 * run it as a formula, so such text gets a leading apostrophe (OWASP CSV injection).
 */
export function safeCell(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** Parses "12.34", "£12.34" or "12" into pence, or null when it is not an amount of money. */
export function penceFromPounds(text: string): number | null {
  const match = /^£?\s*(\d{1,6})(?:\.(\d{1,2}))?$/.exec(text.trim().replace(/,/g, ''));
  if (!match) {
    return null;
  }
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}
