/** NCSC guidance: long enough, not a known-bad password, no composition rules, long passphrases welcome. */
export const PASSWORD_MIN_LENGTH = 10;
/** Long passphrases are welcome, up to a limit that keeps hashing cheap. */
export const PASSWORD_MAX_LENGTH = 200;
