// The map's limits as the host applies them (crates/model map_doc.rs check_growth): an addition is
// allowed up to the limit and refused past it, a map already past one may not grow, and the counts
// are what the host counts — card entries of deleted stages and lanes included.
import { describe, expect, it } from "vitest";
import { makeFixture } from "../../test/doc/fixture";
import { MAX_CARDS_PER_MAP, MAX_LANES_PER_MAP, MAX_STAGES_PER_MAP } from "../wire/limits";
import { addCard } from "./actions";
import { canAdd, type LimitKind, MAP_LIMITS, mapCounts } from "./mapLimits";
import { deleteStage } from "./structure";

const none = { cards: 0, stages: 0, lanes: 0 };

describe("canAdd", () => {
  it.each([
    ["cards", MAX_CARDS_PER_MAP],
    ["stages", MAX_STAGES_PER_MAP],
    ["lanes", MAX_LANES_PER_MAP],
  ] as [LimitKind, number][])("allows %s below %i and refuses at it", (kind, limit) => {
    expect(MAP_LIMITS[kind]).toBe(limit);
    expect(canAdd(kind, none)).toBeNull();
    expect(canAdd(kind, { ...none, [kind]: limit - 1 })).toBeNull();
    expect(canAdd(kind, { ...none, [kind]: limit })).toEqual({ kind, limit });
    expect(canAdd(kind, { ...none, [kind]: limit + 3 })).toEqual({ kind, limit });
  });

  it("checks several additions at once", () => {
    expect(canAdd("cards", { ...none, cards: MAX_CARDS_PER_MAP - 3 }, 3)).toBeNull();
    expect(canAdd("cards", { ...none, cards: MAX_CARDS_PER_MAP - 3 }, 4)).toEqual({
      kind: "cards",
      limit: MAX_CARDS_PER_MAP,
    });
  });

  it("looks only at the kind asked about", () => {
    const full = { cards: MAX_CARDS_PER_MAP, stages: MAX_STAGES_PER_MAP, lanes: 0 };
    expect(canAdd("lanes", full)).toBeNull();
    expect(canAdd("stages", full)).not.toBeNull();
  });
});

describe("mapCounts", () => {
  it("counts stage and lane entries and every card, those of a deleted stage too", () => {
    const doc = makeFixture();
    const card = { lane: "l1", department: "", author: "A", afterPos: null };
    addCard(doc, { ...card, stage: "s1" });
    addCard(doc, { ...card, stage: "s2" });
    expect(mapCounts(doc)).toEqual({ cards: 2, stages: 3, lanes: 2 });
    deleteStage(doc, "s2");
    expect(mapCounts(doc)).toEqual({ cards: 2, stages: 2, lanes: 2 });
  });
});
