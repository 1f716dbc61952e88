// Starts loading the font slices of what a map's board draws first, as soon as the map is read
// and before the board renders (fonts/preloadGlyphs.ts says why). The board's own preferences
// (zoom, folded lanes) are not known yet: the view is taken at 100 % with every lane open over the
// whole window, which covers at least what the board shows.
import type { MapView } from "../../doc/store";
import { firstViewText, preloadGlyphs } from "../../fonts/preloadGlyphs";
import { DRAW_ALL_UP_TO } from "../cards/cellWindow";
import { firstViewOf } from "../cards/firstView";

export function preloadFirstViewGlyphs(view: MapView): void {
  if (typeof document === "undefined" || typeof window === "undefined") return;
  // A board that draws every card draws all their text; a large one only its first view's.
  const large = Object.keys(view.cards).length > DRAW_ALL_UP_TO;
  const first = large
    ? firstViewOf(
        view,
        { zoom: 1, collapsed: new Set() },
        { width: window.innerWidth, height: window.innerHeight },
      )
    : null;
  preloadGlyphs(firstViewText(view, first), getComputedStyle(document.body).fontFamily);
}
