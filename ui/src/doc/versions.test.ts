// Saved versions in the document: saving needs a name, a version reads back the map as it was
// (later edits and the version entry itself are not in it), another peer's version whose history
// has not arrived reads as nothing rather than a wrong map, and deleting leaves the map alone.
import { LoroDoc } from "loro-crdt";
import { describe, expect, it } from "vitest";
import { cardChangeKinds } from "../components/versions/cardChanges";
import { beforeAfter, valueText } from "../components/versions/versionText";
import type { MapChanges } from "../wire/MapChanges";
import { addCard, cardText } from "./actions";
import { meanText } from "./emotion";
import { ROOT } from "./schema";
import { deleteVersion, readVersions, saveVersion, versionDoc } from "./versions";

const NEW = { stage: "s1", lane: "l1", department: "", author: "小林", afterPos: null };

describe("saved versions", () => {
  it("read back the map as it was and leave it alone when deleted", () => {
    const doc = new LoroDoc();
    const first = addCard(doc, { ...NEW, text: "客服回复太慢 𠮷" });
    expect(saveVersion(doc, "   ", "小林")).toEqual({ ok: false, why: "name" });
    const saved = saveVersion(doc, " 第一次工作坊 ", "小林");
    if (!saved.ok) throw new Error("not saved");
    addCard(doc, { ...NEW, text: "之后加的" });

    const [version] = readVersions(doc);
    expect(version?.name).toBe("第一次工作坊");
    if (!version) throw new Error("no version");
    const then = versionDoc(doc, version);
    expect(then?.getMap(ROOT.cards).keys()).toEqual([first]);
    expect(then && cardText(then, first)?.toString()).toBe("客服回复太慢 𠮷");
    expect(then?.getMap(ROOT.versions).size).toBe(0);

    deleteVersion(doc, saved.id);
    expect(readVersions(doc)).toEqual([]);
    expect(doc.getMap(ROOT.cards).size).toBe(2);
  });

  it("a version pointing at history this copy lacks reads as nothing", () => {
    const other = new LoroDoc();
    addCard(other, { ...NEW, text: "别处的卡片" });
    const saved = saveVersion(other, "别处", "陈");
    if (!saved.ok) throw new Error("not saved");
    const [version] = readVersions(other);
    if (!version) throw new Error("no version");
    expect(versionDoc(new LoroDoc(), version)).toBeNull();
    expect(versionDoc(new LoroDoc(), { ...version, frontiers: "12@" })).toBeNull();
  });
});

describe("how changes are shown", () => {
  it("marks each card once: new before edited before moved", () => {
    const card = (id: string) => ({
      id,
      text: "",
      before_text: null,
      stage: "",
      lane: "",
      stage_title: "",
      lane_title: "",
      from_stage_title: null,
      from_lane_title: null,
    });
    const changes: MapChanges = {
      cards_added: [card("a")],
      cards_removed: [card("r")],
      cards_edited: [card("e"), card("em")],
      cards_moved: [card("em"), card("m")],
      emotions: [],
      metrics: [],
      actions: [],
    };
    expect([...cardChangeKinds(changes)].sort()).toEqual([
      ["a", "added"],
      ["e", "edited"],
      ["em", "edited"],
      ["m", "moved"],
    ]);
  });

  it("writes values as the report does", () => {
    expect(valueText(3.5, "%")).toBe("3.5%");
    expect(valueText(4, "1-5")).toBe("4 (1-5)");
    expect(valueText(12, "min")).toBe("12 min");
    expect(valueText(null)).toBe("—");
    expect(beforeAfter(31, 34, "pts")).toBe("31 pts → 34 pts");
    expect(beforeAfter(30, 30)).toBe("30");
    expect(meanText(1.5)).toBe("+1.5");
    expect(meanText(-0.5)).toBe("−0.5");
    expect(meanText(0)).toBe("0.0");
  });
});
