// The short code as typed on the join page: case, spaces and dashes do not matter, and full-width
// letters and digits typed with a Chinese input method count as their ASCII selves. A code that
// cannot be right is not sent, so a typo does not count towards the host's lockout.

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

/** `ABC-DEF`, as the facilitator reads it out. */
export function displayCode(normalised: string): string {
  return normalised.length > 3 ? `${normalised.slice(0, 3)}-${normalised.slice(3)}` : normalised;
}

/** The seconds in the host's lockout message ("… try again in 60 seconds"), if it says. */
export function lockoutSeconds(message: string): number | null {
  const m = /(\d+)\s*seconds?/.exec(message);
  return m ? Number(m[1]) : null;
}
