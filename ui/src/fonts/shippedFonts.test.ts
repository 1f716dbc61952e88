// The host's fonts are declared at the host's address (the desktop window's page is on another
// origin than its host): every slice of the shared slicing, then the whole fonts for the rare
// ideographs, as one stylesheet of @font-face rules; a page without a usable address goes without.
import { afterEach, describe, expect, it } from "vitest";
import {
  registerShippedFonts,
  SHIPPED_FONT_RANGES,
  SLICED_FACES,
  shippedFontCss,
} from "./shippedFonts";

interface Face {
  family: string;
  source: string;
  descriptors: { unicodeRange: string; display: string };
}

/** The faces the stylesheet for `base` declares, in order. */
function register(base: string): Face[] {
  return shippedFontCss(base)
    .split("\n")
    .filter((rule) => rule !== "")
    .map((rule) => {
      const m =
        /^@font-face\{font-family:("[^"]*");src:(url\("[^"]*"\));unicode-range:([^;]*);font-display:(\w+)\}$/.exec(
          rule,
        );
      if (!m) throw new Error(`not a face: ${rule.slice(0, 80)}`);
      return {
        family: JSON.parse(m[1] ?? '""') as string,
        source: m[2] ?? "",
        descriptors: { unicodeRange: m[3] ?? "", display: m[4] ?? "" },
      };
    });
}

afterEach(() => {
  for (const style of document.querySelectorAll("style[data-wayline-fonts]")) style.remove();
});

describe("registerShippedFonts", () => {
  it("adds a face per slice of each family, at the host's /fonts/<key>-<slice>.ttf", () => {
    const added = register("http://127.0.0.1:4312/");
    const slices = SLICED_FACES.reduce(
      (n, face) => n + face.slices.filter((r) => r !== "").length,
      0,
    );
    expect(added).toHaveLength(slices + 2);
    expect(SLICED_FACES.map((f) => f.family)).toEqual([
      "Noto Sans SC",
      "Noto Sans TC",
      "Noto Sans JP",
      "Noto Emoji",
    ]);
    const latin = added.find(
      (f) => f.family === "Noto Sans SC" && f.descriptors.unicodeRange?.startsWith("U+0000-00FF"),
    );
    expect(latin?.source).toMatch(/^url\("http:\/\/127\.0\.0\.1:4312\/fonts\/sc-\d+\.ttf"\)$/);
    const emoji = added.filter((f) => f.family === "Noto Emoji");
    expect(emoji.map((f) => f.source)).toContain('url("http://127.0.0.1:4312/fonts/emoji-0.ttf")');
    expect(new Set(added.map((f) => f.descriptors.display))).toEqual(new Set(["swap"]));
  });

  it("declares no face for a slice whose characters its font no longer ships, and keeps the others' numbers", () => {
    const added = register("http://127.0.0.1:4312/");
    const tc = SLICED_FACES.find((f) => f.key === "tc");
    const emptied = tc?.slices.indexOf("") ?? -1;
    expect(emptied).toBeGreaterThanOrEqual(0);
    const sources = added.map((f) => f.source);
    expect(sources).not.toContain(`url("http://127.0.0.1:4312/fonts/tc-${emptied}.ttf")`);
    const after = tc?.slices.findIndex((r, i) => i > emptied && r !== "") ?? -1;
    expect(after).toBeGreaterThan(emptied);
    expect(sources).toContain(`url("http://127.0.0.1:4312/fonts/tc-${after}.ttf")`);
    for (const face of added.filter((f) => f.family === "Noto Sans TC")) {
      expect(face.descriptors.unicodeRange).not.toBe("");
    }
  });

  it("adds the whole Simplified and Traditional fonts last, for the rare CJK ranges", () => {
    const added = register("http://127.0.0.1:4312");
    expect(added.slice(-2).map((f) => [f.family, f.source])).toEqual([
      ["Wayline Noto Sans SC", 'url("http://127.0.0.1:4312/fonts/NotoSansSC-Regular.ttf")'],
      ["Wayline Noto Sans TC", 'url("http://127.0.0.1:4312/fonts/NotoSansTC-Regular.ttf")'],
    ]);
    expect(added.at(-1)?.descriptors.unicodeRange).toBe(SHIPPED_FONT_RANGES);
    expect(SHIPPED_FONT_RANGES).toContain("U+3400-4DBF");
  });

  it("finds the fonts at the root of the page's origin, the desktop window's own scheme too", () => {
    expect(register("http://192.168.1.20:4312/join/abc?x=1")[0]?.source).toBe(
      'url("http://192.168.1.20:4312/fonts/sc-0.ttf")',
    );
    expect(register("tauri://localhost/index.html")[0]?.source).toBe(
      'url("tauri://localhost/fonts/sc-0.ttf")',
    );
  });

  it("adds the rules to the page as one stylesheet that the browser reads as font faces", () => {
    registerShippedFonts("http://127.0.0.1:4312/");
    const sheets = document.querySelectorAll("style[data-wayline-fonts]");
    expect(sheets).toHaveLength(1);
    expect(sheets[0]?.textContent).toBe(shippedFontCss("http://127.0.0.1:4312/"));
    const rules = [...((sheets[0] as HTMLStyleElement).sheet?.cssRules ?? [])];
    expect(rules.length).toBe(register("http://127.0.0.1:4312/").length);
  });

  it("declares nothing without a usable address", () => {
    expect(shippedFontCss("not a url")).toBe("");
    registerShippedFonts("not a url");
    expect(document.querySelectorAll("style[data-wayline-fonts]")).toHaveLength(0);
  });
});
