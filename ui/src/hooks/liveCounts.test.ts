import type { LoroMap } from "loro-crdt";
import { describe, expect, it } from "vitest";
import { makeMapDoc } from "../../test/doc/fixture";
import { addCard } from "../doc/actions";
import { clearExamples } from "../doc/cardActions";
import { ROOT } from "../doc/schema";
import { MapStore } from "../doc/store";
import type { ProjectSummary } from "../wire/ProjectSummary";
import { countsOf, withLiveCounts } from "./liveCounts";

function catalog(cards: number): ProjectSummary[] {
  const map = { id: "m1", title: "旅程", stage_count: 2, lane_count: 1, card_count: cards };
  return [{ id: "p1", name: "專案", maps: [map] } as unknown as ProjectSummary];
}

describe("live counts of the open map", () => {
  it("follow the map at once, e.g. after clearing examples", async () => {
    const doc = makeMapDoc(["s1", "s2"], [{ id: "l1", title: "行為", kind: "cards" }]);
    const base = { stage: "s1", lane: "l1", department: "", author: "A", afterPos: null };
    const example = addCard(doc, base);
    (doc.getMap(ROOT.cards).get(example) as LoroMap).set("example", true);
    addCard(doc, base);
    doc.commit();
    const store = new MapStore(doc);
    await new Promise((r) => setTimeout(r, 0));
    expect(countsOf(store.getView())).toEqual({ stages: 2, lanes: 1, cards: 2 });
    clearExamples(doc);
    await new Promise((r) => setTimeout(r, 0));
    const counts = countsOf(store.getView());
    expect(counts.cards).toBe(1);
    const stale = catalog(2);
    expect(withLiveCounts(stale, "m1", counts)?.[0]?.maps[0]?.card_count).toBe(1);
  });

  it("leave the catalog untouched when nothing differs or no map is open", () => {
    const fresh = catalog(1);
    expect(withLiveCounts(fresh, "m1", { stages: 2, lanes: 1, cards: 1 })).toBe(fresh);
    expect(withLiveCounts(fresh, null, null)).toBe(fresh);
  });
});
