// The colours a participant can pick on the join page: eight hues that are told apart at a glance
// and carry white text (the same hues as the presence colours in presence/identity.ts). Each has a
// name for screen readers and tooltips (i18n `participant.color.<id>`).

export const PARTICIPANT_COLORS = [
  { id: "red", hex: "#d32f2f" },
  { id: "orange", hex: "#b45309" },
  { id: "green", hex: "#2e7d32" },
  { id: "teal", hex: "#00838f" },
  { id: "blue", hex: "#1565c0" },
  { id: "purple", hex: "#7b5ea7" },
  { id: "pink", hex: "#c2185b" },
  { id: "brown", hex: "#a1572a" },
] as const;

export type ParticipantColorId = (typeof PARTICIPANT_COLORS)[number]["id"];

/** The palette entry of a remembered colour, or null (the join page then asks again). */
export function paletteColor(hex: string): (typeof PARTICIPANT_COLORS)[number] | null {
  const h = hex.toLowerCase();
  return PARTICIPANT_COLORS.find((c) => c.hex === h) ?? null;
}

/**
 * `preferred`, or when someone on the map already wears it, the next palette colour nobody does
 * (all taken: `preferred`).
 */
export function freeColor(preferred: string, taken: readonly string[]): string {
  const inUse = new Set(taken.map((c) => c.toLowerCase()));
  const start = Math.max(
    0,
    PARTICIPANT_COLORS.findIndex((c) => c.hex === preferred.toLowerCase()),
  );
  for (let i = 0; i < PARTICIPANT_COLORS.length; i++) {
    const c = PARTICIPANT_COLORS[(start + i) % PARTICIPANT_COLORS.length];
    if (c && !inUse.has(c.hex)) return c.hex;
  }
  return preferred;
}

/** A colour for someone who has not picked one yet, different from browser to browser. */
export function defaultColor(participantId: string): string {
  let h = 0;
  for (const ch of participantId) h = (h * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return PARTICIPANT_COLORS[h % PARTICIPANT_COLORS.length]?.hex ?? PARTICIPANT_COLORS[0].hex;
}
