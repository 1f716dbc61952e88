// Rare ideographs that the bundled web fonts lack (㐂, 𠕇 and thousands of others: the Google
// Fonts subsets hold fewer characters than the full fonts) are drawn with the report's own Noto
// Sans SC and TC, which the host serves at /fonts/ (crates/report/src/fonts.rs `shipped_font`).
// So a character the PDF draws is never an empty box on the board, and nothing more is shipped:
// those fonts are in the binary already. Registered from script because the desktop window's page
// and its host are different origins; a browser fetches a file (7–10 MB, once, then cached) only
// when a character in these ranges is not in any font before it in the stacks of base.css.

/** CJK radicals, Extension A, the unified ideographs, compatibility ideographs, Extensions B–G. */
export const SHIPPED_FONT_RANGES =
  "U+2E80-2FDF, U+3400-4DBF, U+4E00-9FFF, U+F900-FAFF, U+20000-3134F";

export const SHIPPED_FONTS = [
  { family: "Wayline Noto Sans SC", file: "NotoSansSC-Regular.ttf" },
  { family: "Wayline Noto Sans TC", file: "NotoSansTC-Regular.ttf" },
] as const;

/** Adds the host's fonts to the page's font set; a browser without the FontFace API goes without. */
export function registerShippedFonts(
  base: string,
  fonts: FontFaceSet | undefined = document.fonts,
): void {
  if (typeof FontFace === "undefined" || !fonts) return;
  for (const { family, file } of SHIPPED_FONTS) {
    let url: string;
    try {
      url = new URL(`fonts/${file}`, `${base.replace(/\/+$/, "")}/`).href;
    } catch {
      return; // no usable address (an opaque origin): the page still starts, without them
    }
    fonts.add(
      new FontFace(family, `url(${JSON.stringify(url)})`, {
        unicodeRange: SHIPPED_FONT_RANGES,
        display: "swap",
      }),
    );
  }
}
