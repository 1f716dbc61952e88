// Undoing the creation of a card a teammate wrote in is said, and the card can be put back whole.
import { LoroDoc, type LoroMap, type LoroText, UndoManager } from "loro-crdt";
import { describe, expect, it } from "vitest";
import { addCard } from "./actions";
import { ROOT } from "./schema";
import { cardsBefore, putBackRemoved, removedWithOthersWords } from "./undoneCards";
import { UndoSteps } from "./undoSteps";

function twoScreens() {
  const a = new LoroDoc();
  a.setPeerId(11n);
  const b = new LoroDoc();
  b.setPeerId(22n);
  const steps = new UndoSteps(new UndoManager(a, { mergeInterval: 0, maxUndoSteps: 100 }), a);
  const sync = () => {
    a.import(b.export({ mode: "update", from: a.oplogVersion() }));
    b.import(a.export({ mode: "update", from: b.oplogVersion() }));
  };
  return { a, b, steps, sync };
}

const textOf = (doc: LoroDoc, id: string) =>
  (
    (doc.getMap(ROOT.cards).get(id) as LoroMap | undefined)?.get("text") as LoroText | undefined
  )?.toString();

const placement = { stage: "s1", lane: "l1", afterPos: null, department: "", author: "主持人" };

/** The facilitator (`a`) adds a card in one gesture; a teammate (`b`) adds `words` to it. */
function teammateWritesIn(words: string) {
  const screens = twoScreens();
  const { a, b, steps, sync } = screens;
  steps.begin();
  const id = addCard(a, { ...placement, text: "主持人新卡" });
  steps.end();
  sync();
  const text = (b.getMap(ROOT.cards).get(id) as LoroMap).get("text") as LoroText;
  text.insert(text.length, words);
  b.commit();
  sync();
  return { ...screens, id };
}

describe("undone cards", () => {
  it("names a card an undo removed with a teammate's words in it, and puts it back whole", () => {
    const { a, b, steps, sync, id } = teammateWritesIn("——陳小明補充的重要內容");

    const before = cardsBefore(a);
    steps.undoGesture();
    expect(textOf(a, id)).toBeUndefined();
    const removed = removedWithOthersWords(a, before);
    expect(removed.map((c) => [c.id, c.text])).toEqual([[id, "主持人新卡——陳小明補充的重要內容"]]);

    putBackRemoved(a, removed);
    expect(textOf(a, id)).toBe("主持人新卡——陳小明補充的重要內容");
    sync();
    expect(textOf(b, id)).toBe("主持人新卡——陳小明補充的重要內容");
    // already back: nothing is put back twice
    putBackRemoved(a, removed);
    expect(a.getMap(ROOT.cards).keys()).toHaveLength(1);
  });

  it("says nothing when the removed card held only this screen's own words", () => {
    const { a, steps } = twoScreens();
    steps.begin();
    addCard(a, { ...placement, text: "只有我写的" });
    steps.end();
    const before = cardsBefore(a);
    steps.undoGesture();
    expect(removedWithOthersWords(a, before)).toEqual([]);
  });

  it("counts a card it put back as holding others' words, though this screen wrote it last", () => {
    const { a, steps, id } = teammateWritesIn("——补充");
    const before = cardsBefore(a);
    steps.undoGesture();
    const ids = putBackRemoved(a, removedWithOthersWords(a, before));
    expect(ids).toEqual([id]);
    // every character of the card is now this screen's: only the set says whose words it holds
    const again = cardsBefore(a);
    a.getMap(ROOT.cards).delete(id);
    a.commit();
    expect(removedWithOthersWords(a, again)).toEqual([]);
    expect(removedWithOthersWords(a, again, new Set(ids)).map((c) => c.id)).toEqual([id]);
  });
});
