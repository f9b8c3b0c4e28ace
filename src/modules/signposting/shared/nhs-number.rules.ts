/**
 * NHS numbers: ten digits, the last a modulus 11 check digit (NHS Data Dictionary). Weights
 * 10 down to 2 on the first nine digits; 11 minus the remainder is the check digit, 11 means
 * 0, and 10 means the number is not valid.
 */

/** The check digit the first nine digits call for, or null when no number can start so. */
export function nhsCheckDigit(firstNine: string): number | null {
  let total = 0;
  for (let index = 0; index < 9; index += 1) {
    total += Number(firstNine[index]) * (10 - index);
  }
  const check = 11 - (total % 11);
  if (check === 10) {
    return null;
  }
  return check === 11 ? 0 : check;
}

/** The ten digits of a typed NHS number (spaces and dashes allowed), or null when it is not one. */
export function normaliseNhsNumber(typed: string): string | null {
  const digits = typed.replace(/[\s-]/g, '');
  if (!/^\d{10}$/.test(digits)) {
    return null;
  }
  return nhsCheckDigit(digits.slice(0, 9)) === Number(digits[9]) ? digits : null;
}

/** An NHS number as people read it: 3, 3 and 4 digits. */
export function formatNhsNumber(digits: string): string {
  return `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
}
