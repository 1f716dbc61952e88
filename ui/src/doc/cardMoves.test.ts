// Keyboard moves of a card: a stage left or right in its lane, a place up or down in its cell, past
// the cell's edge into the nearest card lane (stepping over lanes that hold no cards), and nowhere
// past the board's edge — each written as one placement.
import { describe, expect, it } from "vitest";
import { makeMapDoc } from "../../test/doc/fixture";
import { addCard } from "./actions";
import { moveCards } from "./cardActions";
import { keyboardMove, type Step } from "./cardMoves";
import { cellKey, MapStore } from "./store";

const LEFT: Step = { stages: -1, lanes: 0 };
const RIGHT: Step = { stages: 1, lanes: 0 };
const UP: Step = { stages: 0, lanes: -1 };
const DOWN: Step = { stages: 0, lanes: 1 };

function board() {
  const doc = makeMapDoc(
    ["s1", "s2"],
    [
      { id: "l1", title: "行為", kind: "cards" },
      { id: "l2", title: "情緒", kind: "emotion" },
      { id: "l3", title: "痛點", kind: "cards" },
    ],
  );
  const store = new MapStore(doc);
  const add = (stage: string, lane: string, text: string) => {
    const before = store.getView().cells.get(cellKey(stage, lane))?.at(-1)?.placement?.pos;
    return addCard(doc, {
      stage,
      lane,
      department: "",
      author: "",
      afterPos: before ?? null,
      text,
    });
  };
  const texts = (stage: string, lane: string) =>
    (store.getView().cells.get(cellKey(stage, lane)) ?? []).map((c) => c.text);
  const move = (id: string, step: Step) => {
    const to = keyboardMove(store.getView(), ["l1", "l3"], id, step);
    if (to) moveCards(doc, [id], to.stage, to.lane, to.before, to.after);
    return to !== null;
  };
  return { add, texts, move };
}

describe("keyboardMove", () => {
  it("moves a card up and down within its cell", () => {
    const b = board();
    b.add("s1", "l1", "甲");
    const yi = b.add("s1", "l1", "乙");
    b.add("s1", "l1", "丙");
    expect(b.move(yi, UP)).toBe(true);
    expect(b.texts("s1", "l1")).toEqual(["乙", "甲", "丙"]);
    b.move(yi, DOWN);
    b.move(yi, DOWN);
    expect(b.texts("s1", "l1")).toEqual(["甲", "丙", "乙"]);
  });

  it("moves a card to the neighbouring stage, keeping its row where it can", () => {
    const b = board();
    b.add("s1", "l1", "甲");
    const yi = b.add("s1", "l1", "乙");
    b.add("s2", "l1", "一");
    b.add("s2", "l1", "二");
    expect(b.move(yi, RIGHT)).toBe(true);
    expect(b.texts("s2", "l1")).toEqual(["一", "乙", "二"]);
    expect(b.move(yi, RIGHT)).toBe(false);
    b.move(yi, LEFT);
    expect(b.texts("s1", "l1")).toEqual(["甲", "乙"]);
    expect(b.texts("s2", "l1")).toEqual(["一", "二"]);
  });

  it("goes past the cell's edge into the next card lane, over the emotion lane", () => {
    const b = board();
    const jia = b.add("s1", "l1", "甲");
    b.add("s1", "l3", "痛");
    expect(b.move(jia, DOWN)).toBe(true);
    expect(b.texts("s1", "l1")).toEqual([]);
    expect(b.texts("s1", "l3")).toEqual(["甲", "痛"]);
    b.move(jia, DOWN);
    expect(b.move(jia, DOWN)).toBe(false);
    expect(b.texts("s1", "l3")).toEqual(["痛", "甲"]);
    b.move(jia, UP);
    b.move(jia, UP);
    expect(b.texts("s1", "l1")).toEqual(["甲"]);
    expect(b.move(jia, UP)).toBe(false);
    expect(b.move(jia, LEFT)).toBe(false);
  });
});
