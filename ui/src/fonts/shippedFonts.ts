// The UI draws its text with the fonts the reports ship, which the host serves (so the binaries
// carry each font once, crates/report/src/fonts.rs):
// - Noto Sans SC and TC, Noto Emoji and the Extension B ideographs in common use, each cut into
//   the slices of assets/fonts/web-slices.json (`/fonts/<key>-<slice>.ttf`, crates/report/src/
//   web_fonts.rs). A browser fetches a slice (tens of KB) only when a character of it is on
//   screen; the slicing groups characters used together. Bold text is these faces emboldened.
// - Rare ideographs that no slice holds (㐂, 𠕇 and thousands of others: the slicing lists fewer
//   characters than the full fonts have) are drawn with the whole Noto Sans SC and TC (4–10 MB,
//   fetched once, then cached), so a character the PDF draws is never an empty box on the board.
// Declared from script, from the one list both sides read, as one stylesheet of @font-face rules:
// adding ~220 FontFace objects one by one took 20–50 ms of every start, the stylesheet a third of
// that. The page's own origin serves them: the host, or in the desktop window the app itself
// (src-tauri/src/shell_assets.rs), so the window's recovery screen has them even when the host
// could not start.
import slicing from "../../../assets/fonts/web-slices.json";
import { PLACEHOLDER_FAMILY, parseUnicodeRange, placeholderFontBytes } from "./placeholderFont";

/** CJK radicals, Extension A, the unified ideographs, compatibility ideographs, Extensions B–G. */
export const SHIPPED_FONT_RANGES =
  "U+2E80-2FDF, U+3400-4DBF, U+4E00-9FFF, U+F900-FAFF, U+20000-3134F";

export const SHIPPED_FONTS = [
  { family: "Wayline Noto Sans SC", file: "NotoSansSC-Regular.ttf" },
  { family: "Wayline Noto Sans TC", file: "NotoSansTC-Regular.ttf" },
] as const;

interface SlicedFace {
  family: string;
  key: string;
  slices: string[];
}

export const SLICED_FACES: readonly SlicedFace[] = slicing.faces;

/**
 * The characters the placeholder font (fonts/placeholderFont.ts) covers: the ideographs of the
 * unified block and Extension A, and the full-width punctuation of Chinese text (，。、「」《》（）：
 * ！？). Each is one em wide in Noto Sans SC and, where it has it, in the trimmed Noto Sans TC
 * (assets/fonts/README.md), so the text keeps its width when its slice
 * arrives, and each is drawn by some shipped face (a slice, or else the whole Noto Sans SC, whose
 * range covers these blocks), so the placeholder never hides a character for good. Both are
 * checked against the fonts themselves in placeholderFont.test.ts.
 */
export const PLACEHOLDER_RANGES =
  "U+3000-3003, U+3005-3017, U+301C-301E, U+3400-4DB5, U+4E00-9FEF, U+FF01-FF5E";

/** Every face the page may draw with, as family, file under the host's /fonts/ and range. */
export function shippedFaces(): { family: string; file: string; unicodeRange: string }[] {
  // An empty range is a slice whose characters its font no longer ships (assets/fonts/README.md):
  // it keeps its number so the others keep theirs, and gets no face.
  const sliced = SLICED_FACES.flatMap(({ family, key, slices }) =>
    slices
      .map((unicodeRange, index) => ({ family, file: `${key}-${index}.ttf`, unicodeRange }))
      .filter(({ unicodeRange }) => unicodeRange !== ""),
  );
  const whole = SHIPPED_FONTS.map(({ family, file }) => ({
    family,
    file,
    unicodeRange: SHIPPED_FONT_RANGES,
  }));
  return [...sliced, ...whole];
}

/** The @font-face rules of every shipped face at `base`'s origin; "" without a usable address. */
export function shippedFontCss(base: string): string {
  let folder: string;
  try {
    folder = new URL("/fonts/", base).href;
  } catch {
    return ""; // no usable address (an opaque origin): the page still starts, without them
  }
  return shippedFaces()
    .map(
      ({ family, file, unicodeRange }) =>
        `@font-face{font-family:${JSON.stringify(family)};src:url(${JSON.stringify(folder + file)});unicode-range:${unicodeRange};font-display:swap}`,
    )
    .join("\n");
}

/**
 * Adds the placeholder font (fonts/placeholderFont.ts) to the page. Made from bytes, it is ready
 * before the first layout. It stands in only while a shipped face is on its way: when any of them
 * fails to load (the host out of reach, a participant gone offline), it is taken out again, so the
 * characters it covered fall back to the system's fonts instead of staying blank. Without
 * `FontFace` (an old engine) the page goes without it.
 */
export function registerPlaceholderFont(doc: Document = document): void {
  if (typeof FontFace === "undefined" || !doc.fonts) return;
  let face: FontFace;
  try {
    face = new FontFace(
      PLACEHOLDER_FAMILY,
      placeholderFontBytes(parseUnicodeRange(PLACEHOLDER_RANGES)),
    );
    doc.fonts.add(face);
  } catch {
    return; // a font the engine refuses only costs the search it would have saved
  }
  doc.fonts.addEventListener("loadingerror", () => doc.fonts.delete(face), { once: true });
}

/** Adds the shipped fonts at `base`'s origin (any URL of it) to the page, as one stylesheet. */
export function registerShippedFonts(base: string, doc: Document = document): void {
  const css = shippedFontCss(base);
  if (!css) return;
  registerPlaceholderFont(doc);
  const style = doc.createElement("style");
  style.dataset.waylineFonts = "";
  style.textContent = css;
  doc.head.append(style);
}
