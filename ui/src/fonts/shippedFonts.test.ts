// The host's fonts are registered for the rare-ideograph ranges at the host's address (the
// desktop window's page is on another origin than its host), and a browser without the FontFace
// API simply goes without.
import { afterEach, describe, expect, it, vi } from "vitest";
import { registerShippedFonts, SHIPPED_FONT_RANGES } from "./shippedFonts";

class FakeFontFace {
  constructor(
    readonly family: string,
    readonly source: string,
    readonly descriptors: FontFaceDescriptors,
  ) {}
}

afterEach(() => vi.unstubAllGlobals());

describe("registerShippedFonts", () => {
  it("adds Simplified and Traditional faces at the host's /fonts/ for the CJK ranges", () => {
    vi.stubGlobal("FontFace", FakeFontFace);
    const added: FakeFontFace[] = [];
    const set = { add: (f: FakeFontFace) => added.push(f) } as unknown as FontFaceSet;
    registerShippedFonts("http://127.0.0.1:4312/", set);
    expect(added.map((f) => [f.family, f.source])).toEqual([
      ["Wayline Noto Sans SC", 'url("http://127.0.0.1:4312/fonts/NotoSansSC-Regular.ttf")'],
      ["Wayline Noto Sans TC", 'url("http://127.0.0.1:4312/fonts/NotoSansTC-Regular.ttf")'],
    ]);
    expect(added[0]?.descriptors.unicodeRange).toBe(SHIPPED_FONT_RANGES);
    expect(SHIPPED_FONT_RANGES).toContain("U+3400-4DBF");
  });

  it("does nothing without the FontFace API", () => {
    vi.stubGlobal("FontFace", undefined);
    const set = { add: vi.fn() } as unknown as FontFaceSet;
    registerShippedFonts("http://127.0.0.1:4312", set);
    expect(set.add).not.toHaveBeenCalled();
  });
});
