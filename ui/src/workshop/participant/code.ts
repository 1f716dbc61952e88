// The short code as typed on the join page: case, spaces and dashes do not matter, and full-width
// letters and digits typed with a Chinese input method count as their ASCII selves. A code that
// cannot be right is not sent, so a typo does not count towards the host's lockout.

/**
 * The most a code may take as typed or handed over in `#join=…` (six letters and digits, with room
 * for spaces and dashes). What may be typed there (full-width letters too) is all in the Basic
 * Multilingual Plane, one UTF-16 unit per character, so the field's own maxLength counts right.
 */
export const MAX_TYPED_CODE_LENGTH = 32;

/** The host's alphabet: letters and digits without look-alikes (no 0/O, 1/I/L). */
const ALPHABET = /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$/;

export function normaliseCode(typed: string): string {
  return typed
    .normalize("NFKC")
    .replace(/[\s\-‐-―−]/g, "")
    .toUpperCase();
}

export function looksLikeCode(normalised: string): boolean {
  return ALPHABET.test(normalised);
}

/** The seconds in the host's lockout message ("… try again in 60 seconds"), if it says. */
export function lockoutSeconds(message: string): number | null {
  const m = /(\d+)\s*seconds?/.exec(message);
  return m ? Number(m[1]) : null;
}
