// Who "I" am on the presence channel when no participant id is given: the facilitator's stable
// random id (kept in localStorage, made with getRandomValues because plain http on the room's
// network has no crypto.randomUUID), and the colours people are drawn in (white text reads on
// them and they stand out on the dark theme's background).
import { newId } from "../doc/actions";
import { PALETTE } from "../wire/palette";

const ID_KEY = "wayline.presenceId";

/** The hues participants pick from (the host's palette, wire/palette.ts), in the same order. */
export const PRESENCE_COLORS: readonly string[] = PALETTE.map((c) => c.hex);

/** This browser's presence id, created once. */
export function localPresenceId(storage: Storage | null = safeLocalStorage()): string {
  try {
    const known = storage?.getItem(ID_KEY);
    if (known && /^[0-9a-f]{32}$/.test(known)) return known;
  } catch {
    // unreadable storage: a new id for this page
  }
  const id = newId();
  try {
    storage?.setItem(ID_KEY, id);
  } catch {
    // not remembered: a new id next time
  }
  return id;
}

function safeLocalStorage(): Storage | null {
  try {
    return localStorage;
  } catch {
    return null;
  }
}

/** A colour from the palette, the same for the same id. */
export function colorFor(id: string): string {
  let h = 0;
  for (const ch of id) h = (h * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return PRESENCE_COLORS[h % PRESENCE_COLORS.length] ?? PALETTE[0].hex;
}

function luminance(hex: string): number {
  const c = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r = 0, g = 0, b = 0] = c.map((v) =>
    v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4,
  );
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** White text when it reads well enough on `hex` (`#rrggbb`, ≥ 4.5:1), as the card editor's caret
 * labels use; otherwise whichever of black and white reads better. */
export function textOn(hex: string): "#000000" | "#ffffff" {
  const l = luminance(hex);
  const white = 1.05 / (l + 0.05);
  return white >= 4.5 || white >= (l + 0.05) / 0.05 ? "#ffffff" : "#000000";
}
