import type { EncryptedColumnSet } from './platform/encrypted-columns.ts';
import { OUTBOX_ENCRYPTED_COLUMNS } from './platform/notify/sms.ts';
import { SIGNPOSTING_ENCRYPTED_COLUMNS } from './modules/signposting/index.ts';

/**
 * Every column sealed with the key ring, for `npm run cli -- rotate-key`. A module that seals
 * columns with `keyRingOf(config.security)` exports its sets from its `index.ts` and adds them
 * here. (Columns still sealed with `encryptSecret` and the bare key, such as TOTP seeds and the
 * activities' introductions, are not rotated until they move to the ring.)
 */
export const ENCRYPTED_COLUMN_SETS: readonly EncryptedColumnSet[] = [
  ...OUTBOX_ENCRYPTED_COLUMNS,
  ...SIGNPOSTING_ENCRYPTED_COLUMNS,
];
