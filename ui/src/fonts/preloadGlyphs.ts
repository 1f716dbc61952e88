// Asks for the font slices a board's first view needs as soon as the board knows what it will
// draw, before its first layout. Left to itself the browser asks for a slice only when layout
// shapes a character of it: on a first visit the board was laid out with the placeholder font, the
// slices were fetched after that (~100 ms on loopback at 600 cards on two cores), and the board
// laid out again when they came, all before its first frame with readable text. Asked for at the
// start of the board's render, the slices arrive while it renders.
import { cellKey, type MapView } from "../doc/store";
import { SLICED_FACES } from "./shippedFonts";

/** The text the first view draws: every stage and lane title, and the cards of `cells`. */
export function firstViewText(
  view: MapView,
  first: { cells: ReadonlySet<string>; cardsPerCell: number } | null,
): string {
  const parts: string[] = [];
  for (const stage of view.stages) parts.push(stage.title, stage.description);
  for (const lane of view.lanes) parts.push(lane.title);
  for (const stage of view.stages) {
    for (const lane of view.lanes) {
      const key = cellKey(stage.id, lane.id);
      if (first && !first.cells.has(key)) continue;
      const cards = view.cells.get(key) ?? [];
      for (const card of first ? cards.slice(0, first.cardsPerCell) : cards) parts.push(card.text);
    }
  }
  return parts.join("");
}

/** The distinct characters of `text` that only the shipped CJK and emoji slices may draw. */
export function sliceCharacters(text: string): string {
  const seen = new Set<string>();
  for (const ch of text) if ((ch.codePointAt(0) ?? 0) >= 0x2e80) seen.add(ch);
  return [...seen].join("");
}

const SLICED_FAMILIES = new Set(SLICED_FACES.map((face) => face.family));

/**
 * The family of sliced faces `fontFamily` (a computed `font-family` list) draws CJK text with:
 * its first family that is one of them, so only the slices the page will use are asked for.
 */
export function slicedFamilyOf(fontFamily: string): string | null {
  for (const raw of fontFamily.split(",")) {
    const family = raw.trim().replace(/^["']|["']$/g, "");
    if (SLICED_FAMILIES.has(family)) return family;
  }
  return null;
}

/**
 * Starts loading the slices of `text`'s characters in the family `fontFamily` draws them with.
 * Nothing waits for it: a slice that fails is drawn as it would have been without this.
 */
export function preloadGlyphs(text: string, fontFamily: string, fonts = globalFonts()): void {
  if (!fonts) return;
  const family = slicedFamilyOf(fontFamily);
  const characters = sliceCharacters(text);
  if (!family || characters === "") return;
  fonts.load(`16px ${JSON.stringify(family)}`, characters).catch(() => {
    // the slice is fetched again when layout needs it, as without the preload
  });
}

function globalFonts(): Pick<FontFaceSet, "load"> | null {
  return typeof document !== "undefined" && document.fonts ? document.fonts : null;
}
