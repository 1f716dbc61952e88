import { describe, expect, it, vi } from "vitest";
import { cellKey, type MapView } from "../doc/store";
import { firstViewText, preloadGlyphs, sliceCharacters, slicedFamilyOf } from "./preloadGlyphs";

/** A view of two stages and one lane: what firstViewText reads of a map. */
function view(): MapView {
  const card = (text: string) => ({ text }) as unknown as MapView["cards"][string];
  return {
    stages: [
      { id: "s1", title: "触达", description: "看到广告" },
      { id: "s2", title: "購買", description: "" },
    ],
    lanes: [{ id: "l1", title: "客户行为" }],
    cells: new Map([
      [cellKey("s1", "l1"), [card("第一张"), card("第二张"), card("第三张")]],
      [cellKey("s2", "l1"), [card("遠處的卡")]],
    ]),
  } as unknown as MapView;
}

describe("the glyphs a board draws first", () => {
  it("are every title and, on a large board, only the first view's cards", () => {
    const first = { cells: new Set([cellKey("s1", "l1")]), cardsPerCell: 2 };
    const text = firstViewText(view(), first);
    expect(text).toContain("触达看到广告購買客户行为");
    expect(text).toContain("第一张第二张");
    expect(text).not.toContain("第三张");
    expect(text).not.toContain("遠處");
    // A board that draws every card: all of them.
    expect(firstViewText(view(), null)).toContain("第三张遠處的卡");
  });

  it("keep each CJK or emoji character once, outside the BMP too, and no Latin text", () => {
    expect(sliceCharacters("NPS 客户 客户 𠮷 😀 café")).toBe("客户𠮷😀");
    expect(sliceCharacters("plain English")).toBe("");
  });

  it("load in the first sliced family of the page's font stack only", () => {
    expect(
      slicedFamilyOf('"Noto Sans SC", "Noto Sans TC", "Wayline Noto Sans SC", sans-serif'),
    ).toBe("Noto Sans SC");
    expect(slicedFamilyOf('"Noto Sans TC", "Noto Sans SC"')).toBe("Noto Sans TC");
    expect(slicedFamilyOf("system-ui, sans-serif")).toBeNull();
  });

  it("asks the page's fonts for them, and never for Latin-only text", async () => {
    const load = vi.fn(() => Promise.resolve([] as FontFace[]));
    preloadGlyphs("旅程 journey 旅", '"Noto Sans TC", "Noto Sans SC"', { load });
    expect(load).toHaveBeenCalledWith('16px "Noto Sans TC"', "旅程");
    load.mockClear();
    preloadGlyphs("journey", '"Noto Sans TC"', { load });
    preloadGlyphs("旅程", "system-ui", { load });
    expect(load).not.toHaveBeenCalled();
    // A slice that fails to load is not an error of the page.
    const failing = vi.fn(() => Promise.reject(new Error("offline")));
    preloadGlyphs("旅程", '"Noto Sans SC"', { load: failing });
    await Promise.resolve();
    expect(failing).toHaveBeenCalledOnce();
  });
});
