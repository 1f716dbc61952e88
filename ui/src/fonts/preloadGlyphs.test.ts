import { describe, expect, it, vi } from "vitest";
import { cellKey, type MapView } from "../doc/store";
import { firstViewText, glyphsByFamily, preloadGlyphs, slicedFamiliesOf } from "./preloadGlyphs";

/** A view of two stages and one lane: what firstViewText reads of a map. */
function view(): MapView {
  const card = (text: string) => ({ text }) as unknown as MapView["cards"][string];
  return {
    meta: { title: "旅程图", scenario: "网购", expectations: "顺利" },
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
    const first = { perCell: new Map([[cellKey("s1", "l1"), 2]]) };
    const text = firstViewText(view(), first);
    expect(text).toContain("旅程图网购顺利");
    expect(text).toContain("触达看到广告購買客户行为");
    expect(text).toContain("第一张第二张");
    expect(text).not.toContain("第三张");
    expect(text).not.toContain("遠處");
    // A board that draws every card: all of them.
    expect(firstViewText(view(), null)).toContain("第三张遠處的卡");
  });

  it("are each character past ASCII once, outside the BMP too, by the family drawing it", () => {
    const stack =
      '"Noto Sans SC", "Noto Sans TC", "Wayline Noto Sans SC", "Noto Emoji", sans-serif';
    const byFamily = glyphsByFamily("NPS 客户 客户 𠮷 😀 café ⏱ ●", stack);
    // 𠮷 is in no slice (the whole font draws it); é, ● in the SC slices, which come first.
    expect(byFamily.get("Noto Sans SC")).toBe("客户é●");
    expect(byFamily.get("Noto Emoji")).toBe("😀⏱");
    expect(byFamily.has("Noto Sans TC")).toBe(false);
    expect(glyphsByFamily("plain English", stack).size).toBe(0);
  });

  it("come from the first sliced family of the stack that holds them", () => {
    expect(
      slicedFamiliesOf('"Noto Sans TC", "Noto Sans SC", "Wayline Noto Sans SC", sans-serif'),
    ).toEqual(["Noto Sans TC", "Noto Sans SC"]);
    // The TC slices hold the characters whose Traditional form differs (程, 說); the rest of a
    // zh-TW map's text (旅, 購) is drawn from the SC slices, as the browser itself would.
    const tc = glyphsByFamily("旅程購說", '"Noto Sans TC", "Noto Sans SC"');
    expect(tc.get("Noto Sans TC")).toBe("程說");
    expect(tc.get("Noto Sans SC")).toBe("旅購");
    // In a Simplified stack the SC slices hold them all: nothing is fetched from TC too.
    expect([...glyphsByFamily("旅程購說", '"Noto Sans SC", "Noto Sans TC"').keys()]).toEqual([
      "Noto Sans SC",
    ]);
    expect(slicedFamiliesOf("system-ui, sans-serif")).toEqual([]);
  });

  it("asks the page's fonts for them, and never for Latin-only text", async () => {
    const load = vi.fn(() => Promise.resolve([] as FontFace[]));
    preloadGlyphs("旅程 journey 旅", '"Noto Sans SC", "Noto Sans TC"', { load });
    expect(load.mock.calls).toEqual([['16px "Noto Sans SC"', "旅程"]]);
    load.mockClear();
    preloadGlyphs("journey", '"Noto Sans TC"', { load });
    preloadGlyphs("旅程", "system-ui", { load });
    expect(load).not.toHaveBeenCalled();
    // One load per family: the emoji of a card come from their own slices.
    preloadGlyphs("旅程😀", '"Noto Sans SC", "Noto Emoji"', { load });
    expect(load.mock.calls).toEqual([
      ['16px "Noto Sans SC"', "旅程"],
      ['16px "Noto Emoji"', "😀"],
    ]);
    // A slice that fails to load is not an error of the page.
    const failing = vi.fn(() => Promise.reject(new Error("offline")));
    preloadGlyphs("旅程", '"Noto Sans SC"', { load: failing });
    await Promise.resolve();
    expect(failing).toHaveBeenCalledOnce();
  });
});
