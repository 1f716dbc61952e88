// Starts loading the font slices of what a map's board draws first, as soon as the map is read
// and before the board renders (fonts/preloadGlyphs.ts says why): the map's header and titles and
// its first view's cards, in the fonts of the map's language (the board is drawn in it:
// BoardArea.tsx MapPane), and the board's own controls (fonts/boardChrome.ts), their labels in
// the interface's. The board's own preferences (zoom, folded lanes) are not known yet: the view is
// taken at 100 % with every lane open over the whole window, which covers at least what the
// board shows.
import i18next from "i18next";
import type { MapView } from "../../doc/store";
import { BOARD_CHROME_LABELS, BOARD_CHROME_SYMBOLS } from "../../fonts/boardChrome";
import { firstViewText, preloadGlyphs } from "../../fonts/preloadGlyphs";
import { languageFromLocale } from "../../i18n";
import { DRAW_ALL_UP_TO } from "../cards/cellWindow";
import { firstViewOf } from "../cards/firstView";

export function preloadFirstViewGlyphs(view: MapView): void {
  if (typeof document === "undefined" || typeof window === "undefined") return;
  try {
    preload(view);
  } catch (e) {
    // Only a head start: the map opens whatever happens here.
    console.warn("could not ask for the first view's fonts", e);
  }
}

function preload(view: MapView): void {
  // A board that draws every card draws all their text; a large one only its first view's.
  const large = Object.keys(view.cards).length > DRAW_ALL_UP_TO;
  const first = large
    ? firstViewOf(
        view,
        { zoom: 1, collapsed: new Set() },
        { width: window.innerWidth, height: window.innerHeight },
      )
    : null;
  const uiStack = getComputedStyle(document.body).fontFamily;
  const mapLanguage = view.meta.locale ? languageFromLocale(view.meta.locale) : null;
  const mapText = firstViewText(view, first) + BOARD_CHROME_SYMBOLS;
  preloadGlyphs(mapText, mapLanguage ? fontStackOf(mapLanguage) : uiStack);
  // The bars around the board draw their labels and symbols in the interface's language.
  const labels = BOARD_CHROME_LABELS.map(everyForm).join("");
  preloadGlyphs(labels + BOARD_CHROME_SYMBOLS, uiStack);
}

/** i18next's suffixes of a key's plural forms. */
const PLURAL_SUFFIXES = ["", "_zero", "_one", "_two", "_few", "_many", "_other"];

/**
 * Every form of the label `key` in the interface's language, read from its resources as they are:
 * only their characters matter here, and asking i18next to resolve a plural the first time cost
 * ~8 ms of a first visit.
 */
function everyForm(key: string): string {
  return PLURAL_SUFFIXES.map((suffix) =>
    i18next.getResource(i18next.language, "translation", key + suffix),
  )
    .filter((form): form is string => typeof form === "string")
    .join("");
}

/** The `font-family` list the page draws text in `language` with (base.css `:lang`). */
function fontStackOf(language: string): string {
  const probe = document.createElement("span");
  probe.lang = language;
  probe.hidden = true;
  document.body.append(probe);
  const stack = getComputedStyle(probe).fontFamily;
  probe.remove();
  return stack;
}
