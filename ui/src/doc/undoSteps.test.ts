// Each gesture is one undo step, whatever the timing: a whole editing session, then a recolour.
import { LoroDoc, LoroMap, UndoManager } from "loro-crdt";
import { describe, expect, it } from "vitest";
import { UndoSteps } from "./undoSteps";

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
