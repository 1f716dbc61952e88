// Random ids for a participant's browser. Plain http on the room's network is not a secure
// context: `crypto.randomUUID` (and `crypto.subtle`) do not exist there, but
// `crypto.getRandomValues` does, so every id a participant makes comes from it.

/** `bytes` random bytes as lowercase hex. */
export function randomHex(bytes: number): string {
  const b = new Uint8Array(bytes);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

/** An RFC 4122 version-4 UUID, for whatever would have used `crypto.randomUUID`. */
export function randomUuid(): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** What the host accepts as a participant id: 8–64 of [A-Za-z0-9_-]. */
export const PARTICIPANT_ID = /^[A-Za-z0-9_-]{8,64}$/;

/** A new participant id (96 random bits), made once per browser and kept (see storage.ts). */
export function newParticipantId(): string {
  return `p-${randomHex(12)}`;
}
