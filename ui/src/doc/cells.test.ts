// The board's cells kept up to date card by card: after any sequence of additions, edits, moves
// and deletions they equal the cells built from scratch, and cells no change touched keep their
// array (the board redraws by identity).
import { describe, expect, it } from "vitest";
import type { CardRec, LaneRec, StageRec } from "./schema";
import { buildCells, cellKey, updateCells } from "./store";

const stages = ["s1", "s2", "s3"].map((id) => ({ id }) as StageRec);
const lanes = ["l1", "l2"].map((id) => ({ id }) as LaneRec);

function card(id: string, stage: string, lane: string, pos: string, text = id): CardRec {
  return {
    id,
    text,
    color: "yellow",
    tags: [],
    department: "",
    confidence: "assumption",
    author: "",
    createdAt: 0,
    links: [],
    placement: { stage, lane, pos },
    example: false,
  };
}

/** The earlier records of the cards `ids` (what the store hands over as `cardsBefore`). */
function earlier(cards: Record<string, CardRec>, ids: string[]): Map<string, CardRec | undefined> {
  return new Map(ids.map((id) => [id, cards[id]]));
}

/** A small deterministic random sequence. */
function rng(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

describe("updateCells", () => {
  it("equals a rebuild after every random change", () => {
    const next = rng(7);
    const pick = <T>(xs: T[]): T => xs[Math.floor(next() * xs.length)] as T;
    let cards: Record<string, CardRec> = {};
    let cells = buildCells(stages, lanes, cards);
    for (let step = 0; step < 400; step++) {
      const before = cards;
      cards = { ...cards };
      const ids = Object.keys(before);
      const roll = next();
      const changed: string[] = [];
      if (roll < 0.4 || ids.length === 0) {
        const id = `c${step}`;
        cards[id] = card(id, pick(stages).id, pick(lanes).id, `a${Math.floor(next() * 50)}`);
        changed.push(id);
      } else if (roll < 0.6) {
        const id = pick(ids);
        delete cards[id];
        changed.push(id);
      } else if (roll < 0.8) {
        const id = pick(ids);
        const old = before[id] as CardRec;
        cards[id] = { ...old, text: `${old.text}!` };
        changed.push(id);
      } else {
        // A move of two cards at once, one of them possibly to a stage that does not exist.
        for (const id of [pick(ids), pick(ids)]) {
          const stage = next() < 0.1 ? "gone" : pick(stages).id;
          cards[id] = card(id, stage, pick(lanes).id, `a${Math.floor(next() * 50)}`);
          changed.push(id);
        }
      }
      const updated = updateCells(cells, stages, lanes, earlier(before, changed), cards);
      expect(updated).toEqual(buildCells(stages, lanes, cards));
      cells = updated;
    }
  });

  it("gives a new array only to the cells a change touched", () => {
    const cards = {
      a: card("a", "s1", "l1", "a0"),
      b: card("b", "s2", "l1", "a0"),
      c: card("c", "s3", "l2", "a0"),
    };
    const cells = buildCells(stages, lanes, cards);
    const edited = { ...cards, a: { ...cards.a, text: "客户" } };
    const afterEdit = updateCells(cells, stages, lanes, earlier(cards, ["a"]), edited);
    expect(afterEdit.get(cellKey("s1", "l1"))).not.toBe(cells.get(cellKey("s1", "l1")));
    expect(afterEdit.get(cellKey("s2", "l1"))).toBe(cells.get(cellKey("s2", "l1")));
    expect(afterEdit.get(cellKey("s3", "l2"))).toBe(cells.get(cellKey("s3", "l2")));
    const moved = { ...edited, b: card("b", "s3", "l2", "a1") };
    const afterMove = updateCells(afterEdit, stages, lanes, earlier(edited, ["b"]), moved);
    expect(afterMove.has(cellKey("s2", "l1"))).toBe(false);
    expect(afterMove.get(cellKey("s3", "l2"))?.map((c) => c.id)).toEqual(["c", "b"]);
    expect(afterMove.get(cellKey("s1", "l1"))).toBe(afterEdit.get(cellKey("s1", "l1")));
  });
});
