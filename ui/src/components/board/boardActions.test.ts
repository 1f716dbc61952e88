// Which card goes when an editing session ends blank: only one this person just added, once
// nobody edits it any more (here or elsewhere), and never one that has text. And the map's limits:
// at one of them an addition writes nothing and is reported instead.
import { LoroDoc, type LoroMap } from "loro-crdt";
import { describe, expect, it } from "vitest";
import { boardActionsOn } from "../../../test/board/boardActions";
import { addCard, cardText } from "../../doc/actions";
import { type LimitHit, mapCounts } from "../../doc/mapLimits";
import { ROOT } from "../../doc/schema";
import { MAX_CARDS_PER_MAP, MAX_LANES_PER_MAP, MAX_STAGES_PER_MAP } from "../../wire/limits";

function board(
  othersEditing: (id: string) => boolean = () => false,
  onLimit: (hit: LimitHit) => void = () => {},
) {
  const doc = new LoroDoc();
  const { undo, steps, actions } = boardActionsOn(doc, othersEditing, onLimit);
  const has = (id: string) => doc.getMap(ROOT.cards).get(id) !== undefined;
  /** A card added through the board's action in a map far below its card limit. */
  const add = (): string => {
    const id = actions.add("s1", "l1", "", null);
    if (id === null) throw new Error("no card was added");
    return id;
  };
  return { doc, undo, steps, actions, has, add };
}

describe("dropIfAbandoned", () => {
  it("removes a card added here and left blank, as one undo step with its creation", () => {
    const { undo, actions, has, add } = board();
    const id = add();
    actions.editing(id);
    actions.editing(null);
    expect(actions.dropIfAbandoned(id)).toBe(true);
    expect(has(id)).toBe(false);
    undo.undo();
    expect(has(id)).toBe(false);
    expect(undo.canUndo()).toBe(false);
  });

  it("leaves no undo step that would change nothing: the next Ctrl+Z takes back what came before", () => {
    const { doc, steps, actions, add, has } = board();
    const kept = add();
    cardText(doc, kept)?.insert(0, "查询物流");
    doc.commit();
    actions.editing(null);
    actions.color(kept, "pink");
    const color = () => (doc.getMap(ROOT.cards).get(kept) as LoroMap).get("color");
    expect(color()).toBe("pink");

    const blank = add();
    actions.editing(blank);
    actions.editing(null);
    expect(actions.dropIfAbandoned(blank)).toBe(true);
    expect(steps.undoGesture()).toBe(true);
    expect(color()).not.toBe("pink");
    // Redo passes over it the same way, and never brings the blank card back.
    expect(steps.redoGesture()).toBe(true);
    expect(color()).toBe("pink");
    steps.redoGesture();
    expect(has(blank)).toBe(false);

    // Moved, recoloured and opened again in the inspector before being left blank: none of
    // those steps is left to spend a Ctrl+Z on.
    const wandered = add();
    actions.editing(null);
    actions.moveCards([wandered], "s2", "l1", null, null);
    actions.color(wandered, "blue");
    actions.editing(wandered);
    actions.editing(null);
    expect(actions.dropIfAbandoned(wandered)).toBe(true);
    expect(steps.undoGesture()).toBe(true);
    expect(color()).not.toBe("pink");
    steps.redoGesture();
    expect(color()).toBe("pink");

    const left = add();
    actions.editing(left);
    expect(actions.dropOnPageHide()).toBe(true);
    actions.editing(null);
    expect(steps.undoGesture()).toBe(true);
    expect(color()).not.toBe("pink");
  });

  it("keeps it when it got text, or is open again (the inspector), or someone else edits it", () => {
    const editing = new Set<string>();
    const { doc, actions, has, add } = board((id) => editing.has(id));
    const written = add();
    cardText(doc, written)?.insert(0, "客戶");
    doc.commit();
    actions.editing(null);
    expect(actions.dropIfAbandoned(written)).toBe(false);

    const reopened = add();
    actions.editing(null);
    actions.editing(reopened);
    expect(actions.dropIfAbandoned(reopened)).toBe(false);
    actions.editing(null);
    expect(actions.dropIfAbandoned(reopened)).toBe(true);

    const shared = add();
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

describe("dropOnPageHide", () => {
  it("removes the blank card being written when the page goes away, and nothing else", () => {
    const editing = new Set<string>();
    const { doc, actions, has, add } = board((id) => editing.has(id));
    const blank = add();
    actions.editing(blank);
    expect(actions.dropOnPageHide()).toBe(true);
    expect(has(blank)).toBe(false);

    const written = add();
    actions.editing(written);
    cardText(doc, written)?.insert(0, "客服回覆太慢");
    doc.commit();
    expect(actions.dropOnPageHide()).toBe(false);

    const shared = add();
    actions.editing(shared);
    editing.add(shared);
    expect(actions.dropOnPageHide()).toBe(false);

    const old = addCard(doc, {
      stage: "s1",
      lane: "l1",
      department: "",
      author: "",
      afterPos: null,
    });
    actions.editing(old);
    expect(actions.dropOnPageHide()).toBe(false);
    expect([has(written), has(shared), has(old)]).toEqual([true, true, true]);
  });
});

describe("the map's limits", () => {
  /** `n` card entries, as cheap placeholders: the host counts entries, not their content. */
  function fillCards(doc: LoroDoc, n: number): void {
    const cards = doc.getMap(ROOT.cards);
    for (let i = 0; i < n; i++) cards.set(`c${i}`, i);
    doc.commit();
  }

  it("adds the last card the map may hold, then adds none and says which limit", () => {
    const hits: LimitHit[] = [];
    const { doc, actions } = board(undefined, (h) => hits.push(h));
    fillCards(doc, MAX_CARDS_PER_MAP - 1);
    const last = actions.add("s1", "l1", "", null);
    expect(last).not.toBeNull();
    expect(hits).toEqual([]);
    actions.editing(null);
    expect(actions.add("s1", "l1", "", null)).toBeNull();
    expect(hits).toEqual([{ kind: "cards", limit: MAX_CARDS_PER_MAP }]);
    expect(mapCounts(doc).cards).toBe(MAX_CARDS_PER_MAP);
  });

  it("adds stages up to the stage limit and no more", () => {
    const hits: LimitHit[] = [];
    const { doc, actions } = board(undefined, (h) => hits.push(h));
    for (let i = 0; i < MAX_STAGES_PER_MAP; i++)
      expect(actions.addStage({ title: `S${i}` })).not.toBeNull();
    expect(hits).toEqual([]);
    expect(actions.addStage({ title: "one too many" })).toBeNull();
    expect(hits).toEqual([{ kind: "stages", limit: MAX_STAGES_PER_MAP }]);
    expect(mapCounts(doc).stages).toBe(MAX_STAGES_PER_MAP);
  });

  it("adds lanes up to the lane limit and no more", () => {
    const hits: LimitHit[] = [];
    const { doc, actions } = board(undefined, (h) => hits.push(h));
    for (let i = 0; i < MAX_LANES_PER_MAP; i++)
      expect(actions.addLane({ title: `L${i}`, kind: "cards" })).not.toBeNull();
    expect(hits).toEqual([]);
    expect(actions.addLane({ title: "one too many", kind: "cards" })).toBeNull();
    expect(hits).toEqual([{ kind: "lanes", limit: MAX_LANES_PER_MAP }]);
    expect(mapCounts(doc).lanes).toBe(MAX_LANES_PER_MAP);
  });
});
