// Tests the normalised store built from a real LoroDoc: ordering, orphan cards, per-card updates,
// remote imports, and the document writes of actions.ts.
import { LoroDoc, LoroList, LoroMap, LoroText } from "loro-crdt";
import { describe, expect, it } from "vitest";
import { makeMapDoc } from "../../test/doc/fixture";
import { addCard, cardText, deleteCard, rateEmotion, setCardColor } from "./actions";
import { emotionStats } from "./emotion";
import { ROOT } from "./schema";
import { cellKey, MapStore } from "./store";

/** Writes a card's text as the card editor does: one diff of the Loro text, committed. */
function writeText(doc: LoroDoc, id: string, value: string): void {
  cardText(doc, id)?.update(value);
  doc.commit();
}

const flush = async () => {
  for (let i = 0; i < 3; i++) await Promise.resolve();
};

function sample() {
  return makeMapDoc(
    ["s1", "s2", "s3"],
    [
      { id: "l1", title: "Actions", kind: "cards" },
      { id: "l2", title: "Emotion", kind: "emotion" },
      { id: "l3", title: "Sales", kind: "department", department: "sales" },
    ],
  );
}

function rawCard(doc: LoroDoc, id: string, stage: string, lane: string, pos: string, text: string) {
  const m = doc.getMap(ROOT.cards).setContainer(id, new LoroMap());
  m.setContainer("text", new LoroText()).insert(0, text);
  m.setContainer("tags", new LoroList());
  m.setContainer("links", new LoroList());
  m.set("color", "blue");
  m.set("placement", { stage, lane, pos });
  doc.commit();
}

describe("MapStore", () => {
  it("reads stages and lanes in list order with their fields", () => {
    const store = new MapStore(sample());
    const v = store.getView();
    expect(v.meta.title).toBe("Test map");
    expect(v.stages.map((s) => s.id)).toEqual(["s1", "s2", "s3"]);
    expect(v.lanes.map((l) => [l.id, l.kind, l.department])).toEqual([
      ["l1", "cards", ""],
      ["l2", "emotion", ""],
      ["l3", "department", "sales"],
    ]);
  });

  it("says which cards an edit touched, so readers need not walk every card", async () => {
    const doc = sample();
    rawCard(doc, "a", "s1", "l1", "a0", "first");
    rawCard(doc, "b", "s1", "l1", "a1", "second");
    const store = new MapStore(doc);
    expect(store.getView().cardsBefore).toBeNull();
    writeText(doc, "a", "first, edited");
    await flush();
    expect([...(store.getView().cardsBefore?.keys() ?? [])]).toEqual(["a"]);
    setCardColor(doc, "b", "pink");
    doc.commit();
    await flush();
    expect([...(store.getView().cardsBefore?.keys() ?? [])]).toEqual(["b"]);
    doc.getMap(ROOT.meta).set("title", "Renamed");
    doc.commit();
    await flush();
    expect(store.getView().cardsBefore?.size).toBe(0);
  });

  it("sorts cards in a cell by pos then id", () => {
    const doc = sample();
    rawCard(doc, "b", "s1", "l1", "a1", "second (tie, id b)");
    rawCard(doc, "c", "s1", "l1", "a0", "first");
    rawCard(doc, "a", "s1", "l1", "a1", "second (tie, id a)");
    rawCard(doc, "d", "s2", "l1", "a0", "other cell");
    const v = new MapStore(doc).getView();
    expect(v.cells.get(cellKey("s1", "l1"))?.map((c) => c.id)).toEqual(["c", "a", "b"]);
    expect(v.cells.get(cellKey("s2", "l1"))?.map((c) => c.text)).toEqual(["other cell"]);
  });

  it("skips cards whose stage was deleted and shows them again after undo of the delete", async () => {
    const doc = sample();
    rawCard(doc, "x", "s2", "l1", "a0", "kept in doc");
    const store = new MapStore(doc);
    expect(store.getView().cells.get(cellKey("s2", "l1"))?.length).toBe(1);
    const stages = doc.getMovableList(ROOT.stages);
    const before = doc.oplogFrontiers();
    stages.delete(1, 1);
    doc.commit();
    await flush();
    const v = store.getView();
    expect(v.stages.map((s) => s.id)).toEqual(["s1", "s3"]);
    expect(v.cards.x).toBeDefined();
    expect([...v.cells.values()].flat().some((c) => c.id === "x")).toBe(false);
    doc.checkout(before);
    await flush();
    expect(store.getView().cells.get(cellKey("s2", "l1"))?.length).toBe(1);
  });

  it("keeps the example count right through edits, additions, removals and metric changes", async () => {
    const doc = sample();
    rawCard(doc, "e1", "s1", "l1", "a0", "示例卡片");
    (doc.getMap(ROOT.cards).get("e1") as LoroMap).set("example", true);
    doc.commit();
    const store = new MapStore(doc);
    const recount = () => new MapStore(doc).getView().examples;
    expect(store.getView().examples).toBe(1);
    const steps: (() => void)[] = [
      () => rawCard(doc, "e2", "s2", "l1", "a0", "second"),
      () => (doc.getMap(ROOT.cards).get("e2") as LoroMap).set("example", true),
      () => writeText(doc, "e1", "示例卡片 edited"),
      () => (doc.getMap(ROOT.cards).get("e1") as LoroMap).set("example", false),
      () => {
        const m = doc.getMap(ROOT.metrics).setContainer("m1", new LoroMap());
        m.set("stage", "s1");
        m.set("lane", "l1");
        m.set("example", true);
      },
      () => deleteCard(doc, "e2"),
      () => doc.getMap(ROOT.metrics).delete("m1"),
    ];
    const seen: number[] = [];
    for (const step of steps) {
      step();
      doc.commit();
      await flush();
      expect(store.getView().examples).toBe(recount());
      seen.push(store.getView().examples);
    }
    expect(seen).toEqual([1, 2, 2, 1, 2, 1, 0]);
  });

  it("re-reads only the changed card", async () => {
    const doc = sample();
    const a = addCard(doc, {
      stage: "s1",
      lane: "l1",
      department: "",
      author: "Ann",
      afterPos: null,
    });
    const b = addCard(doc, {
      stage: "s1",
      lane: "l1",
      department: "",
      author: "Ann",
      afterPos: "a0",
    });
    const store = new MapStore(doc);
    const v1 = store.getView();
    const [aBefore, bBefore] = [v1.cards[a], v1.cards[b]];
    writeText(doc, a, "客户 checks the price");
    await flush();
    const v2 = store.getView();
    expect(v2.cards[a]?.text).toBe("客户 checks the price");
    expect(v2.cards[b]).toBe(bBefore);
    expect(v2.stages).toBe(v1.stages);
    // What the edit changed, and the record it replaced.
    expect([...(v2.cardsBefore?.keys() ?? [])]).toEqual([a]);
    expect(v2.cardsBefore?.get(a)).toBe(aBefore);
    expect(v2.cardsBefore?.get(a)?.text).not.toBe("客户 checks the price");
    setCardColor(doc, b, "pink");
    await flush();
    expect(store.getView().cards[b]?.color).toBe("pink");
    deleteCard(doc, a);
    await flush();
    expect(store.getView().cards[a]).toBeUndefined();
    expect(
      store
        .getView()
        .cells.get(cellKey("s1", "l1"))
        ?.map((c) => c.id),
    ).toEqual([b]);
  });

  it("follows remote imports", async () => {
    const doc = sample();
    const other = new LoroDoc();
    other.import(doc.export({ mode: "snapshot" }));
    const store = new MapStore(doc);
    const id = addCard(other, {
      stage: "s3",
      lane: "l3",
      department: "sales",
      author: "Bo",
      afterPos: null,
      text: "hand-off",
    });
    doc.import(other.export({ mode: "update", from: doc.oplogVersion() }));
    await flush();
    const card = store.getView().cards[id];
    expect(card).toMatchObject({
      text: "hand-off",
      department: "sales",
      author: "Bo",
      color: "yellow",
    });
    expect(card?.placement).toEqual({ stage: "s3", lane: "l3", pos: "a0" });
    expect(store.getView().cells.get(cellKey("s3", "l3"))?.length).toBe(1);
  });

  it("creates a card's child containers in the same commit", () => {
    const doc = sample();
    const before = doc.oplogVersion();
    const id = addCard(doc, {
      stage: "s1",
      lane: "l1",
      department: "",
      author: "Ann",
      afterPos: "a3",
    });
    const m = doc.getMap(ROOT.cards).get(id);
    expect(m).toBeInstanceOf(LoroMap);
    if (!(m instanceof LoroMap)) return;
    expect(m.get("text")).toBeInstanceOf(LoroText);
    expect(m.get("tags")).toBeInstanceOf(LoroList);
    expect(m.get("links")).toBeInstanceOf(LoroList);
    expect(m.get("confidence")).toBe("assumption");
    expect(m.get("placement")).toEqual({ stage: "s1", lane: "l1", pos: "a4" });
    const changes = doc.exportJsonUpdates(before, doc.oplogVersion()).changes;
    expect(changes.length).toBe(1);
  });

  it("aggregates emotion ratings per stage", async () => {
    const doc = sample();
    const store = new MapStore(doc);
    const ann = { id: "p-ann-1", name: "Ann", color: "#2f6fde" };
    rateEmotion(doc, "s1", "e1", ann, 2);
    rateEmotion(doc, "s1", "e1", { id: "p-bo-2", name: "Bo: the 2nd", color: "#000000" }, -1);
    rateEmotion(doc, "s2", "e1", ann, 9);
    await flush();
    const stats = emotionStats(store.getView().emotions, "e1");
    expect(stats.get("s1")).toEqual({ mean: 0.5, min: -1, max: 2, count: 2 });
    expect(stats.get("s2")).toEqual({ mean: 2, min: 2, max: 2, count: 1 });
  });

  it("keeps the ratings of two people with the same name apart", async () => {
    const doc = sample();
    const store = new MapStore(doc);
    rateEmotion(doc, "s1", "e1", { id: "p-alice-a", name: "Alice", color: "#2f6fde" }, -2);
    rateEmotion(doc, "s1", "e1", { id: "p-alice-b", name: "Alice", color: "#c2185b" }, 2);
    await flush();
    expect(emotionStats(store.getView().emotions, "e1").get("s1")?.count).toBe(2);
    expect(doc.getMap("participants").get("p-alice-b")).toEqual({
      name: "Alice",
      color: "#c2185b",
    });
  });
});
