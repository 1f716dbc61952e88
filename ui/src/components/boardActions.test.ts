// Which card goes when an editing session ends blank: only one this person just added, once
// nobody edits it any more (here or elsewhere), and never one that has text.
import { LoroDoc } from "loro-crdt";
import { describe, expect, it } from "vitest";
import { addCard, cardText } from "../doc/actions";
import { ROOT } from "../doc/schema";
import { mapUndoManager, UndoSteps } from "../doc/undoSteps";
import { makeBoardActions } from "./boardActions";

function board(othersEditing: (id: string) => boolean = () => false) {
  const doc = new LoroDoc();
  const undo = mapUndoManager(doc);
  const actions = makeBoardActions(
    doc,
    new UndoSteps(undo),
    () => "小林",
    () => ({ id: "p1", name: "小林", color: "#2f6fde" }),
    othersEditing,
  );
  const has = (id: string) => doc.getMap(ROOT.cards).get(id) !== undefined;
  return { doc, undo, actions, has };
}

describe("dropIfAbandoned", () => {
  it("removes a card added here and left blank, as one undo step with its creation", () => {
    const { undo, actions, has } = board();
    const id = actions.add("s1", "l1", "", null);
    actions.editing(id);
    actions.editing(null);
    expect(actions.dropIfAbandoned(id)).toBe(true);
    expect(has(id)).toBe(false);
    undo.undo();
    expect(has(id)).toBe(false);
    expect(undo.canUndo()).toBe(false);
  });

  it("keeps it when it got text, or is open again (the inspector), or someone else edits it", () => {
    const editing = new Set<string>();
    const { doc, actions, has } = board((id) => editing.has(id));
    const written = actions.add("s1", "l1", "", null);
    cardText(doc, written)?.insert(0, "客戶");
    doc.commit();
    actions.editing(null);
    expect(actions.dropIfAbandoned(written)).toBe(false);

    const reopened = actions.add("s1", "l1", "", null);
    actions.editing(null);
    actions.editing(reopened);
    expect(actions.dropIfAbandoned(reopened)).toBe(false);
    actions.editing(null);
    expect(actions.dropIfAbandoned(reopened)).toBe(true);

    const shared = actions.add("s1", "l1", "", null);
    editing.add(shared);
    actions.editing(null);
    expect(actions.dropIfAbandoned(shared)).toBe(false);
    expect([has(written), has(reopened), has(shared)]).toEqual([true, false, true]);
  });

  it("never removes a card it did not just add", () => {
    const { doc, actions, has } = board();
    const old = addCard(doc, {
      stage: "s1",
      lane: "l1",
      department: "",
      author: "",
      afterPos: null,
    });
    actions.editing(old);
    actions.editing(null);
    expect(actions.dropIfAbandoned(old)).toBe(false);
    expect(has(old)).toBe(true);
  });
});
