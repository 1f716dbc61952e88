// Asks for the font slices a board's first view needs as soon as the board knows what it will
// draw, before its first layout. Left to itself the browser asks for a slice only when layout
// shapes a character of it: on a first visit the board was laid out with the placeholder font, the
// slices were fetched after that (~100 ms on loopback at 600 cards on two cores), and the board
// laid out again when they came, all before its first frame with readable text. Asked for at the
// start of the board's render, the slices arrive while it renders. The same holds for the symbols
// the board's own buttons and badges draw (fonts/chromeSymbols.ts): a slice of them arriving
// after the first frame made the whole board lay out and shape its text again (~40 ms at 600
// cards) before the next one.
import { cellKey, type MapView } from "../doc/store";
import { isSlicedFamily, sliceHolds } from "./sliceCoverage";

/**
 * The text the first view draws: the map's header (title, scenario, expectations), every stage
 * and lane title, and the cards of `cells`.
 */
export function firstViewText(
  view: MapView,
  first: { perCell: ReadonlyMap<string, number> } | null,
): string {
  const parts: string[] = [view.meta.title, view.meta.scenario, view.meta.expectations];
  for (const stage of view.stages) parts.push(stage.title, stage.description);
  for (const lane of view.lanes) parts.push(lane.title);
  for (const stage of view.stages) {
    for (const lane of view.lanes) {
      const key = cellKey(stage.id, lane.id);
      const shown = first ? first.perCell.get(key) : undefined;
      if (first && shown === undefined) continue;
      const cards = view.cells.get(key) ?? [];
      const drawn = shown === undefined ? cards : cards.slice(0, shown);
      for (const card of drawn) parts.push(card.text);
    }
  }
  return parts.join("");
}

/** The sliced families of `fontFamily` (a computed `font-family` list), in its order. */
export function slicedFamiliesOf(fontFamily: string): string[] {
  return fontFamily
    .split(",")
    .map((raw) => raw.trim().replace(/^["']|["']$/g, ""))
    .filter(isSlicedFamily);
}

/**
 * The characters of `text` that sliced faces draw, each once, grouped by the family that draws it:
 * the first family of `fontFamily` with a slice holding it (so the TC slices of a character the SC
 * ones draw are not fetched too). A font installed on the device is not known here; one named
 * earlier in the stack is taken to be absent. ASCII is left out: the shell's own text has brought
 * its slice before any board draws.
 */
export function glyphsByFamily(text: string, fontFamily: string): Map<string, string> {
  const families = slicedFamiliesOf(fontFamily);
  const seen = new Set<string>();
  const byFamily = new Map<string, string>();
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x80 || seen.has(ch)) continue;
    seen.add(ch);
    const family = families.find((f) => sliceHolds(f, code));
    if (family) byFamily.set(family, (byFamily.get(family) ?? "") + ch);
  }
  return byFamily;
}

/**
 * Starts loading the slices of `text`'s characters in the families `fontFamily` draws them with.
 * Nothing waits for it: a slice that fails is drawn as it would have been without this.
 */
export function preloadGlyphs(text: string, fontFamily: string, fonts = globalFonts()): void {
  if (!fonts) return;
  for (const [family, characters] of glyphsByFamily(text, fontFamily)) {
    fonts.load(`16px ${JSON.stringify(family)}`, characters).catch(() => {
      // the slice is fetched again when layout needs it, as without the preload
    });
  }
}

function globalFonts(): Pick<FontFaceSet, "load"> | null {
  return typeof document !== "undefined" && document.fonts ? document.fonts : null;
}
