/// <reference types="node" />
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cellKey } from "../../doc/store";
import {
  CELL_PADDING_PX,
  cellsInFirstView,
  type FirstViewInput,
  type FirstViewLane,
  MIN_CARD_PX,
  MIN_CELL_PX,
  MIN_LANE_COL_PX,
  MIN_STAGE_COL_PX,
} from "./firstView";

const stageIds = Array.from({ length: 12 }, (_, i) => `s${i}`);
const cardLane = (id: string, collapsed = false): FirstViewLane => ({ id, cards: true, collapsed });
const otherLane = (id: string): FirstViewLane => ({ id, cards: false, collapsed: false });

function view(lanes: FirstViewLane[], perCell: number, over: Partial<FirstViewInput> = {}) {
  return cellsInFirstView({
    stageIds,
    lanes,
    count: () => perCell,
    width: 1366,
    height: 768,
    zoom: 1,
    ...over,
  });
}

const stagesOf = (keys: Set<string>, laneId: string) =>
  stageIds.filter((s) => keys.has(cellKey(s, laneId)));

describe("the cells on screen as a large board opens", () => {
  it("are the stages that fit across a 1366-pixel window, in the lanes that fit down it", () => {
    const keys = view([cardLane("a"), cardLane("b"), cardLane("c")], 2);
    // (1366 − 160) / 200 → 7 stages; two cards a cell: 2 × 48 + 16 = 112 px a lane.
    expect(stagesOf(keys, "a")).toEqual(stageIds.slice(0, 7));
    expect(stagesOf(keys, "c")).toEqual(stageIds.slice(0, 7));
    expect(keys.size).toBe(21);
  });

  it("stop at the lane that fills the window (at most a step of cards counts)", () => {
    // 17 cards a cell: the first 16 already reach 804 px, past 768.
    const keys = view([cardLane("a"), cardLane("b")], 17);
    expect(stagesOf(keys, "a")).toHaveLength(7);
    expect(stagesOf(keys, "b")).toEqual([]);
  });

  it("skip collapsed lanes and count other lanes' height without drawing them", () => {
    const lanes = [
      otherLane("emotion"),
      cardLane("hidden", true),
      ...Array.from({ length: 8 }, () => otherLane("metrics")),
      cardLane("last"),
    ];
    // Nine other lanes of 84 px reach 756 px: the card lane after them still starts on screen.
    const keys = view(lanes, 1);
    expect(stagesOf(keys, "hidden")).toEqual([]);
    expect(stagesOf(keys, "emotion")).toEqual([]);
    expect(stagesOf(keys, "last")).toHaveLength(7);
    const lower = view([...lanes.slice(0, -1), otherLane("one more"), cardLane("last")], 1);
    expect(stagesOf(lower, "last")).toEqual([]);
  });

  it("grow with zooming out and cover every stage a narrow board shows", () => {
    const half = view([cardLane("a"), cardLane("b")], 17, { zoom: 0.5 });
    expect(stagesOf(half, "a")).toHaveLength(12);
    expect(stagesOf(half, "b")).toHaveLength(12);
    expect(view([cardLane("a")], 1, { stageIds: ["only"] }).has(cellKey("only", "a"))).toBe(true);
  });

  it("are none for a window with no room", () => {
    expect(view([cardLane("a")], 1, { width: 100 }).size).toBe(0);
  });
});

describe("the sizes it assumes", () => {
  // Vitest hands stylesheets to tests empty, so they are read as files.
  const baseCss = readFileSync(join(__dirname, "../../base.css"), "utf8");
  const lanesCss = readFileSync(join(__dirname, "../lanes/lanes.css"), "utf8");
  const cardsCss = readFileSync(join(__dirname, "cards.css"), "utf8");
  const rule = (css: string, selector: string) =>
    css.match(new RegExp(`\\n${selector.replace(".", "\\.")} \\{[^}]*\\}`))?.[0] ?? "";
  const values = (css: string, prop: string) =>
    [...css.matchAll(new RegExp(`${prop}:\\s*(\\d+)px`, "g"))].map((m) => Number(m[1]));

  it("are at most the narrowest columns of any layout", () => {
    const laneCols = values(baseCss, "--lane-col");
    const stageCols = values(baseCss, "--stage-col");
    expect(laneCols.length).toBeGreaterThan(0);
    expect(stageCols.length).toBeGreaterThan(0);
    expect(Math.min(...laneCols)).toBe(MIN_LANE_COL_PX);
    expect(Math.min(...stageCols)).toBe(MIN_STAGE_COL_PX);
  });

  it("take a cell's smallest height from its stylesheet", () => {
    expect(values(rule(lanesCss, ".cell"), "min-height")).toEqual([MIN_CELL_PX]);
  });

  it("keep a card and a cell no taller than their stylesheets draw them", () => {
    // A card's text box at its smallest and the 8 px between cards.
    const [body] = values(rule(cardsCss, ".card-body"), "min-height");
    const [gap] = values(rule(lanesCss, ".cell"), "gap");
    expect(body).toBeDefined();
    expect(gap).toBeDefined();
    expect(MIN_CARD_PX).toBeLessThanOrEqual((body ?? 0) + (gap ?? 0));
    // A cell's padding on both sides.
    const [padding] = values(rule(lanesCss, ".cell"), "padding");
    expect(CELL_PADDING_PX).toBeLessThanOrEqual(2 * (padding ?? 0));
  });
});
