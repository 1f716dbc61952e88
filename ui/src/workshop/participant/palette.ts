// The colours a participant can pick on the join page: eight hues that are told apart at a glance
// and carry white text (generated from the host's palette, which also suggests the colour to start
// on). Each has a name for screen readers and tooltips (i18n `participant.color.<id>`).
import { PALETTE } from "../../wire/palette";

export const PARTICIPANT_COLORS = PALETTE;

export type ParticipantColorId = (typeof PARTICIPANT_COLORS)[number]["id"];

/** The palette entry of a remembered colour, or null (the join page then asks again). */
export function paletteColor(hex: string): (typeof PARTICIPANT_COLORS)[number] | null {
  const h = hex.toLowerCase();
  return PARTICIPANT_COLORS.find((c) => c.hex === h) ?? null;
}
