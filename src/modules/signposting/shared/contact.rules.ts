/** A UK phone number once spaces, dashes and brackets are gone: 0 or +44 then 9 or 10 digits. */
const UK_PHONE = /^(?:\+44|0044|0)\d{9,10}$/;
/** A UK mobile number, for text messages. */
const UK_MOBILE = /^(?:\+44|0044|0)7\d{9}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A phone number as typed, spaces collapsed, or null when it is not a UK number. */
export function normalisePhone(value: string): string | null {
  const text = value.trim().replace(/\s+/g, ' ');
  return UK_PHONE.test(text.replace(/[\s().-]/g, '')) ? text : null;
}

/** True when the number can take a text message (a UK mobile). */
export function isMobile(phone: string): boolean {
  return UK_MOBILE.test(phone.replace(/[\s().-]/g, ''));
}

/** An email address lower-cased, or null when it is not one. */
export function normaliseEmail(value: string): string | null {
  const text = value.trim();
  return text.length <= 254 && EMAIL.test(text) ? text.toLowerCase() : null;
}
