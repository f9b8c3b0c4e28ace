import type { KeyRing } from '../../../platform/crypto.ts';
import type { EncryptedColumnSet } from '../../../platform/encrypted-columns.ts';

// How a person is found without decrypting the table: keyed hashes (HMAC) of the NHS number,
// and of name with date of birth. Names are folded (case, accents, spaces, hyphens) so that
// "Zoë O'Neil" and "zoe oneil" find the same person.

/** A name folded for matching: lower case, no accents, letters only. */
export function foldName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}]/gu, '');
}

function nameDobText(givenName: string, familyName: string, dateOfBirth: string): string {
  return `${foldName(givenName)}|${foldName(familyName)}|${dateOfBirth}`;
}

/** The keyed hash of an NHS number (ten digits), under the current key. */
export function nhsNumberHash(ring: KeyRing, nhsNumber: string): string {
  return ring.keyedHash('nhs-number', nhsNumber);
}

/** The keyed hashes of an NHS number under every key, for look-ups during a key change. */
export function nhsNumberHashes(ring: KeyRing, nhsNumber: string): string[] {
  return ring.keyedHashes('nhs-number', nhsNumber);
}

/** The keyed hash of name and date of birth (YYYY-MM-DD), under the current key. */
export function nameDobHash(ring: KeyRing, givenName: string, familyName: string, dateOfBirth: string): string {
  return ring.keyedHash('name-dob', nameDobText(givenName, familyName, dateOfBirth));
}

/** The keyed hashes of name and date of birth under every key. */
export function nameDobHashes(ring: KeyRing, givenName: string, familyName: string, dateOfBirth: string): string[] {
  return ring.keyedHashes('name-dob', nameDobText(givenName, familyName, dateOfBirth));
}

/** The signposting module's sealed columns, for `rotate-key` (the hashes are re-computed with them). */
export const SIGNPOSTING_ENCRYPTED_COLUMNS: readonly EncryptedColumnSet[] = [
  {
    table: 'sp_people',
    columns: [
      'given_name_enc',
      'family_name_enc',
      'date_of_birth_enc',
      'nhs_number_enc',
      'phone_enc',
      'email_enc',
      'contact_preference_enc',
    ],
    hashes: (opened, ring) => ({
      nhs_number_hash: opened.nhs_number_enc ? nhsNumberHash(ring, opened.nhs_number_enc) : null,
      name_dob_hash: nameDobHash(
        ring,
        opened.given_name_enc ?? '',
        opened.family_name_enc ?? '',
        opened.date_of_birth_enc ?? '',
      ),
    }),
  },
];
