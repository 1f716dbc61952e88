// Random ids for a participant's browser. Plain http on the room's network is not a secure
// context: `crypto.randomUUID` (and `crypto.subtle`) do not exist there, but
// `crypto.getRandomValues` does, so every id a participant makes comes from it.

/** `bytes` random bytes as lowercase hex. */
export function randomHex(bytes: number): string {
  const b = new Uint8Array(bytes);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

/** What the host accepts as a participant id: 8–64 of [A-Za-z0-9_-]. */
export const PARTICIPANT_ID = /^[A-Za-z0-9_-]{8,64}$/;

/** A new participant id (96 random bits), made once per browser and kept (see storage.ts). */
export function newParticipantId(): string {
  return `p-${randomHex(12)}`;
}
