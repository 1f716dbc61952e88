// A card left blank is removed, and no undo or redo brings the empty card back — also when someone
// else's change arrived during the editing session and split it into several undo steps.
import { LoroDoc } from "loro-crdt";
import { describe, expect, it } from "vitest";
import { addCard, cardText } from "./actions";
import { isBlankText, removeBlankCard } from "./blankCards";
import { ROOT } from "./schema";
import { mapUndoManager, UndoSteps } from "./undoSteps";

const NEW = { stage: "s1", lane: "l1", department: "", author: "小林", afterPos: null };

function cardIds(doc: LoroDoc): string[] {
  return doc.getMap(ROOT.cards).keys();
}

/** Undoes (or redoes) every step there is, checking after each one. */
function drain(can: () => boolean, step: () => void, check: () => void): void {
  for (let i = 0; i < 10 && can(); i++) {
    step();
    check();
  }
  expect(can()).toBe(false);
}

describe("isBlankText", () => {
  it("is true for spaces, line breaks, tabs and the full-width space only", () => {
    expect(isBlankText("")).toBe(true);
    expect(isBlankText("  \n\t\u3000 \n")).toBe(true);
    expect(isBlankText(" 客户 ")).toBe(false);
  });
});

describe("removeBlankCard", () => {
  it("keeps a card with text", () => {
    const doc = new LoroDoc();
    const id = addCard(doc, { ...NEW, text: "  客戶放棄  " });
    expect(removeBlankCard(doc, id)).toBe(false);
    expect(cardIds(doc)).toEqual([id]);
  });

  it("removes a blank card so that undo and redo never bring it back", () => {
    const doc = new LoroDoc();
    const undo = mapUndoManager(doc);
    const steps = new UndoSteps(undo);
    steps.begin();
    const kept = addCard(doc, { ...NEW, text: "已有的卡片" });
    steps.end();

    steps.begin();
    const blank = addCard(doc, { ...NEW, afterPos: "a0" });
    cardText(doc, blank)?.insert(0, "  \n ");
    doc.commit();
    steps.end();
    expect(removeBlankCard(doc, blank)).toBe(true);
    expect(cardIds(doc)).toEqual([kept]);

    const noBlankCard = () => expect(cardIds(doc)).not.toContain(blank);
    drain(
      () => undo.canUndo(),
      () => undo.undo(),
      noBlankCard,
    );
    expect(cardIds(doc)).toEqual([]);
    drain(
      () => undo.canRedo(),
      () => undo.redo(),
      noBlankCard,
    );
    expect(cardIds(doc)).toEqual([kept]);
  });

  it("never brings it back when someone else's edit split the session into several steps", () => {
    const doc = new LoroDoc();
    const other = new LoroDoc();
    const undo = mapUndoManager(doc);
    const steps = new UndoSteps(undo);
    steps.begin();
    const blank = addCard(doc, NEW);
    addCard(other, { ...NEW, text: "別人的卡片" }, "theirs");
    doc.import(other.export({ mode: "snapshot" }));
    cardText(doc, blank)?.insert(0, "x");
    doc.commit();
    cardText(doc, blank)?.delete(0, 1);
    doc.commit();
    steps.end();
    expect(removeBlankCard(doc, blank)).toBe(true);

    const noBlankCard = () => expect(cardIds(doc)).toEqual(["theirs"]);
    drain(
      () => undo.canUndo(),
      () => undo.undo(),
      noBlankCard,
    );
    drain(
      () => undo.canRedo(),
      () => undo.redo(),
      noBlankCard,
    );
  });
});
