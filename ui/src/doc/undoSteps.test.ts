// Each gesture is one undo step, whatever the timing: a whole editing session, then a recolour.
import { LoroDoc, LoroMap, LoroText, UndoManager } from "loro-crdt";
import { describe, expect, it } from "vitest";
import { mapUndoManager, UndoSteps } from "./undoSteps";

describe("UndoSteps", () => {
  it("undoes an editing session and a following recolour separately", () => {
    const doc = new LoroDoc();
    const undo = new UndoManager(doc, { mergeInterval: 0, maxUndoSteps: 100 });
    const steps = new UndoSteps(undo);
    const cards = doc.getMap("cards");

    steps.begin();
    const card = cards.setContainer("c1", new LoroMap());
    card.set("color", "yellow");
    doc.commit();
    card.set("text", "a");
    doc.commit();
    card.set("text", "ab");
    doc.commit();
    steps.begin(); // already open: no nested group
    steps.end();
    card.set("color", "pink");
    doc.commit();

    expect(undo.undo()).toBe(true);
    expect((cards.get("c1") as LoroMap).get("color")).toBe("yellow");
    expect((cards.get("c1") as LoroMap).get("text")).toBe("ab");
    expect(undo.undo()).toBe(true);
    expect(cards.get("c1")).toBeUndefined();
    expect(undo.redo()).toBe(true);
    expect((cards.get("c1") as LoroMap).get("text")).toBe("ab");
  });
});

/** Two screens of one map: `a` with its undo steps, `b` a teammate; `sync` brings b's edits to a. */
function workshop() {
  const a = new LoroDoc();
  a.setPeerId(1n);
  const b = new LoroDoc();
  b.setPeerId(2n);
  const undo = mapUndoManager(a);
  const steps = new UndoSteps(undo, a);
  const sync = async () => {
    a.import(b.export({ mode: "update", from: a.oplogVersion() }));
    b.import(a.export({ mode: "update", from: b.oplogVersion() }));
    // the undo steps re-open a group after the import's events
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { a, b, undo, steps, sync };
}

function typeInto(doc: LoroDoc, id: string, chars: string) {
  const text = (doc.getMap("cards").get(id) as LoroMap).get("text") as LoroText;
  for (const ch of chars) {
    text.insert(text.length, ch);
    doc.commit();
  }
}

function addCard(doc: LoroDoc, id: string) {
  const card = doc.getMap("cards").setContainer(id, new LoroMap());
  card.setContainer("text", new LoroText());
  doc.commit();
}

describe("UndoSteps in a workshop", () => {
  it("takes back a whole editing session while a teammate adds and types cards of their own", async () => {
    const { a, b, undo, steps, sync } = workshop();
    steps.begin();
    addCard(a, "mine");
    for (const ch of "撤销测试甲乙丙") {
      typeInto(a, "mine", ch);
      // the teammate adds a card (touching the same cards map) and types into it meanwhile
      if (!b.getMap("cards").get("theirs")) addCard(b, "theirs");
      typeInto(b, "theirs", "x");
      await sync();
    }
    steps.end();
    expect(steps.undoGesture()).toBe(true);
    expect(a.getMap("cards").get("mine")).toBeUndefined();
    expect(((a.getMap("cards").get("theirs") as LoroMap).get("text") as LoroText).toString()).toBe(
      "xxxxxxx",
    );
    expect(undo.canUndo()).toBe(false);
    expect(steps.redoGesture()).toBe(true);
    expect(((a.getMap("cards").get("mine") as LoroMap).get("text") as LoroText).toString()).toBe(
      "撤销测试甲乙丙",
    );
    expect(undo.canRedo()).toBe(false);
  });

  it("keeps two gestures apart however others' edits fall between them", async () => {
    const { a, b, steps, sync } = workshop();
    addCard(a, "c");
    await sync();
    steps.begin();
    typeInto(a, "c", "ab");
    typeInto(b, "c", "Z");
    await sync();
    typeInto(a, "c", "cd");
    steps.end();
    steps.begin();
    typeInto(a, "c", "ef");
    steps.end();
    const text = () => ((a.getMap("cards").get("c") as LoroMap).get("text") as LoroText).toString();
    expect(text()).toBe("abZcdef");
    steps.undoGesture();
    expect(text()).toBe("abZcd");
    steps.undoGesture();
    expect(text()).toBe("Z");
  });

  it("keeps a session others interrupt to one stack item per interruption, not per keystroke", async () => {
    const { a, b, undo, steps, sync } = workshop();
    steps.begin();
    addCard(a, "mine");
    for (let round = 0; round < 4; round++) {
      typeInto(a, "mine", "一二三四五");
      addCard(b, `theirs-${round}`);
      await sync();
    }
    steps.end();
    let items = 0;
    while (undo.canUndo()) {
      undo.undo();
      items += 1;
    }
    expect(a.getMap("cards").get("mine")).toBeUndefined();
    expect(items).toBeLessThanOrEqual(5);
  });

  it("keeps the typing after an undo inside an editing session one step", () => {
    const { a, steps } = workshop();
    addCard(a, "c");
    steps.begin();
    typeInto(a, "c", "abc");
    steps.undoGesture();
    const text = () => ((a.getMap("cards").get("c") as LoroMap).get("text") as LoroText).toString();
    expect(text()).toBe("");
    // still editing: what is typed next is one step again
    typeInto(a, "c", "de");
    steps.undoGesture();
    expect(text()).toBe("");
    expect(steps.open).toBe(true);
  });
});
