// Pins the board's structural and multi-card writes: stage delete keeps cards (undo restores
// them), reorder by MovableList move, empty titles refused, one commit per gesture, examples.
import { type LoroMap, UndoManager } from "loro-crdt";
import { describe, expect, it } from "vitest";
import { makeFixture } from "../../test/doc/fixture";
import { addCard } from "./actions";
import { clearExamples, colorCards, moveCards } from "./cardActions";
import { addMetric } from "./metricActions";
import { ROOT } from "./schema";
import { cellKey, MapStore } from "./store";
import { addStage, deleteStage, moveStage, setStageField } from "./structure";

const flush = async () => {
  for (let i = 0; i < 3; i++) await Promise.resolve();
};

describe("stages", () => {
  it("deletes a stage but keeps its cards, and undo brings both back", async () => {
    const doc = makeFixture();
    const undo = new UndoManager(doc, { mergeInterval: 0 });
    const id = addCard(doc, {
      stage: "s2",
      lane: "l1",
      department: "",
      author: "A",
      afterPos: null,
    });
    const store = new MapStore(doc);
    deleteStage(doc, "s2");
    await flush();
    expect(store.getView().stages.map((s) => s.id)).toEqual(["s1", "s3"]);
    expect(store.getView().cards[id]).toBeDefined();
    undo.undo();
    await flush();
    expect(store.getView().stages.map((s) => s.id)).toEqual(["s1", "s2", "s3"]);
    expect(
      store
        .getView()
        .cells.get(cellKey("s2", "l1"))
        ?.map((c) => c.id),
    ).toEqual([id]);
  });

  it("adds after a stage, reorders with move and refuses empty titles", () => {
    const doc = makeFixture();
    const id = addStage(doc, { title: "  新阶段 ", after: "s1" });
    const store = new MapStore(doc);
    expect(store.getView().stages.map((s) => s.id)).toEqual(["s1", id, "s2", "s3"]);
    expect(store.getView().stages[1]?.title).toBe("新阶段");
    moveStage(doc, "s1", 3);
    expect(new MapStore(doc).getView().stages.map((s) => s.id)).toEqual([id, "s2", "s3", "s1"]);
    expect(setStageField(doc, "s2", "title", "   ")).toBe(false);
    expect(new MapStore(doc).getView().stages[1]?.title).toBe("Stage s2");
  });
});

describe("cards", () => {
  it("moves several cards between two neighbours, each placement one value, in one commit", () => {
    const doc = makeFixture();
    const base = { lane: "l1", department: "", author: "A" };
    const a = addCard(doc, { ...base, stage: "s1", afterPos: null });
    const b = addCard(doc, { ...base, stage: "s1", afterPos: "a0" });
    const c = addCard(doc, { ...base, stage: "s2", afterPos: null });
    const d = addCard(doc, { ...base, stage: "s2", afterPos: null });
    const before = doc.oplogVersion();
    moveCards(doc, [c, d], "s1", "l1", "a0", "a1");
    expect(doc.exportJsonUpdates(before, doc.oplogVersion()).changes.length).toBe(1);
    const view = new MapStore(doc).getView();
    expect(view.cells.get(cellKey("s1", "l1"))?.map((x) => x.id)).toEqual([a, c, d, b]);
    const m = doc.getMap(ROOT.cards).get(c) as LoroMap;
    expect(m.get("placement")).toMatchObject({ stage: "s1", lane: "l1" });
  });

  it("recolours a selection as one undo step", () => {
    const doc = makeFixture();
    const undo = new UndoManager(doc, { mergeInterval: 0 });
    const base = { stage: "s1", lane: "l1", department: "", author: "A", afterPos: null };
    const ids = [addCard(doc, base), addCard(doc, base)];
    colorCards(doc, ids, "pink");
    undo.undo();
    const v = new MapStore(doc).getView();
    expect(ids.map((id) => v.cards[id]?.color)).toEqual(["yellow", "yellow"]);
  });

  it("clears example cards and metrics in one commit", () => {
    const doc = makeFixture();
    const base = { stage: "s1", lane: "l1", department: "", author: "A", afterPos: null };
    const ex = addCard(doc, base);
    (doc.getMap(ROOT.cards).get(ex) as LoroMap).set("example", true);
    const mine = addCard(doc, base);
    const metric = addMetric(doc, "s1", "l2", "call_hold_time");
    (doc.getMap(ROOT.metrics).get(metric) as LoroMap).set("example", true);
    doc.commit();
    const before = doc.oplogVersion();
    expect(clearExamples(doc)).toBe(2);
    expect(doc.exportJsonUpdates(before, doc.oplogVersion()).changes.length).toBe(1);
    const v = new MapStore(doc).getView();
    expect(Object.keys(v.cards)).toEqual([mine]);
    expect(v.metrics).toEqual({});
  });

  it("clears the template's sample ratings but keeps real participants' ones", () => {
    const doc = makeFixture();
    const emotions = doc.getMap(ROOT.emotions);
    emotions.set("s1:e1:小李", -1);
    emotions.set("s2:e1:小李", 1);
    emotions.set("s1:e1:Kim", 2);
    doc.getMap(ROOT.meta).set("example_raters", ["小李", "小王"]);
    doc.commit();
    expect(clearExamples(doc)).toBe(2);
    expect(emotions.keys()).toEqual(["s1:e1:Kim"]);
    expect(doc.getMap(ROOT.meta).get("example_raters")).toBeUndefined();
  });

  it("creates a whole metric in one commit with its kind's defaults", () => {
    const doc = makeFixture();
    const before = doc.oplogVersion();
    const id = addMetric(doc, "s2", "l2", "call_hold_time");
    expect(doc.exportJsonUpdates(before, doc.oplogVersion()).changes.length).toBe(1);
    expect(new MapStore(doc).getView().metrics[id]).toMatchObject({
      stage: "s2",
      unit: "s",
      direction: "lower",
      expected: null,
      current: null,
    });
  });
});
