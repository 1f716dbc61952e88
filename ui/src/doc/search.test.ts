// Pins card search: Chinese substrings, Latin case-insensitivity, board order, empty queries.
import { describe, expect, it } from "vitest";
import { addCard } from "./actions";
import { makeMapDoc } from "./fixture";
import { matches, searchCards } from "./search";
import { MapStore } from "./store";

describe("card search", () => {
  it("matches Chinese substrings and Latin text in any case", () => {
    expect(matches("客户在网站上比较价格", "比较")).toBe(true);
    expect(matches("客戶在網站上比較價格", "網站")).toBe(true);
    expect(matches("Checks the PRICE", "price")).toBe(true);
    expect(matches("ＡＢＣ full width", "abc")).toBe(true);
    expect(matches("anything", "  ")).toBe(false);
    expect(matches("价格", "價格")).toBe(false);
  });

  it("returns matching cards in board order", () => {
    const doc = makeMapDoc(["s1", "s2"], [{ id: "l1", title: "Actions", kind: "cards" }]);
    const base = { lane: "l1", department: "", author: "Ann" };
    const late = addCard(doc, { ...base, stage: "s2", afterPos: null, text: "退款 refund" });
    const second = addCard(doc, { ...base, stage: "s1", afterPos: "a0", text: "Refund asked" });
    const first = addCard(doc, { ...base, stage: "s1", afterPos: null, text: "no match" });
    addCard(doc, { ...base, stage: "s1", afterPos: null, text: "退款 first" });
    const view = new MapStore(doc).getView();
    const hits = searchCards(view, "REFUND");
    expect(hits).toEqual([second, late]);
    expect(searchCards(view, "退款").length).toBe(2);
    expect(hits).not.toContain(first);
  });
});
