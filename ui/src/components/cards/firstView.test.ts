/// <reference types="node" />
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cellKey } from "../../doc/store";
import { CARDS_PER_STEP, CellWindow, nextStep } from "./cellWindow";
import {
  boardAreaSize,
  CELL_PADDING_PX,
  cardHeightAtLeast,
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
  return firstView(lanes, perCell, over).perCell;
}

function firstView(lanes: FirstViewLane[], perCell: number, over: Partial<FirstViewInput> = {}) {
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

const stagesOf = (keys: ReadonlyMap<string, number>, laneId: string) =>
  stageIds.filter((s) => keys.has(cellKey(s, laneId)));

describe("the cells on screen as a large board opens", () => {
  it("are the stages that fit across a 1366-pixel window, in the lanes that fit down it", () => {
    const keys = view([cardLane("a"), cardLane("b"), cardLane("c")], 2);
    // (1366 − 160) / 200 → 7 stages; two cards a cell: 2 × 74 + 8 = 156 px a lane.
    expect(stagesOf(keys, "a")).toEqual(stageIds.slice(0, 7));
    expect(stagesOf(keys, "c")).toEqual(stageIds.slice(0, 7));
    expect(keys.size).toBe(21);
  });

  it("stop at the lane that fills the window (only the cards it can show count)", () => {
    // 17 cards a cell: the 11 that 768 px can show already reach 822 px.
    const keys = view([cardLane("a"), cardLane("b")], 17);
    expect(stagesOf(keys, "a")).toHaveLength(7);
    expect(stagesOf(keys, "b")).toEqual([]);
  });

  it("skip collapsed lanes, and list the cells of lanes without cards on screen, drawing no card there", () => {
    const lanes = [
      otherLane("emotion"),
      cardLane("hidden", true),
      ...Array.from({ length: 7 }, () => otherLane("metrics")),
      cardLane("last"),
    ];
    // Eight other lanes of 84 px reach 672 px, under the 768 − 64 px below the toolbar and the
    // stage headers: the card lane after them still starts on screen.
    const keys = view(lanes, 1);
    expect(stagesOf(keys, "hidden")).toEqual([]);
    // Their cells (channels, metrics) draw from the first render: nothing to count in them.
    expect(stagesOf(keys, "emotion")).toHaveLength(7);
    expect(firstView(lanes, 1).perCell.get(cellKey("s0", "emotion"))).toBe(0);
    expect(stagesOf(keys, "last")).toHaveLength(7);
    const lower = view([...lanes.slice(0, -1), otherLane("one more"), cardLane("last")], 1);
    expect(stagesOf(lower, "last")).toEqual([]);
    // A lane below the area's bottom is not on screen, whatever its kind.
    const below = view([...lanes.slice(0, -1), otherLane("one more"), otherLane("below")], 1);
    expect(stagesOf(below, "below")).toEqual([]);
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

  it("draw in each cell only the cards the area's height can show, at most a step", () => {
    const lanes = [cardLane("a")];
    expect(firstView(lanes, 40).cardsPerCell).toBe(10); // (768 − 64) / 74
    expect(firstView(lanes, 40, { height: 50 }).cardsPerCell).toBe(1);
    expect(firstView(lanes, 40, { height: 4000 }).cardsPerCell).toBe(CARDS_PER_STEP);
    expect(firstView(lanes, 40, { height: 768, zoom: 0.5 }).cardsPerCell).toBe(CARDS_PER_STEP);
  });

  it("fit the board's area on a 1366×768 laptop: the window less the left rail and the top bar", () => {
    const first = firstView([cardLane("a"), cardLane("b")], 17, { width: 1106, height: 720 });
    // (1106 − 160) / 200 → 5 stages of 9 cards ((720 − 64) / 74): 45 cards, where the whole
    // window with a step of 16 a cell drew 7 × 16 = 112.
    expect(stagesOf(first.perCell, "a")).toEqual(stageIds.slice(0, 5));
    expect(stagesOf(first.perCell, "b")).toEqual([]);
    expect(first.cardsPerCell).toBe(9);
  });

  it("are what a cell of the board's window starts with; any other cell draws a step once near", () => {
    const win = new CellWindow(firstView([cardLane("a")], 17, { width: 1106, height: 720 }));
    expect(win.startsDrawn(cellKey("s0", "a"))).toBe(true);
    expect(win.firstStep(cellKey("s0", "a"))).toBe(9);
    expect(win.startsDrawn(cellKey("s9", "a"))).toBe(false);
    expect(win.firstStep(cellKey("s9", "a"))).toBe(CARDS_PER_STEP);
    // Its tail then asks for the rest of the step, as many as a cell drew before, then a step more.
    expect([nextStep(10), nextStep(15), nextStep(16), nextStep(26)]).toEqual([16, 16, 32, 32]);
  });

  it("count the lines a card's text takes at least, so a cell of long cards draws fewer", () => {
    // One line: the shortest card. 13 ideographs of 14 px do not fit 184 px: two lines at least.
    expect(cardHeightAtLeast("短卡片", 184)).toBe(MIN_CARD_PX);
    expect(cardHeightAtLeast("退货流程需要打印标签客户觉得", 184)).toBe(MIN_CARD_PX + 12);
    // Each paragraph starts a line; Latin letters count at least 0.2 em each.
    expect(cardHeightAtLeast("a\nb\nc", 184)).toBe(MIN_CARD_PX + 12 + 20);
    expect(cardHeightAtLeast("x".repeat(60), 184)).toBe(MIN_CARD_PX);
    expect(cardHeightAtLeast("x".repeat(70), 184)).toBe(MIN_CARD_PX + 12);
    const long = "客户在结账页找不到优惠码输入框，只好放弃购买。".repeat(2);
    const heights = (n: number, text: string) => () => Array(n).fill(cardHeightAtLeast(text, 184));
    const short = firstView([cardLane("a")], 17, {
      width: 1106,
      height: 720,
      cardHeights: heights(17, "短"),
    });
    const tall = firstView([cardLane("a")], 17, {
      width: 1106,
      height: 720,
      cardHeights: heights(17, long),
    });
    expect(short.perCell.get(cellKey("s0", "a"))).toBe(9);
    // 46 ideographs: 4 lines at least, 126 px a card: 6 begin above 656 px.
    expect(tall.perCell.get(cellKey("s0", "a"))).toBe(6);
  });

  it("draw fewer cards in the cells of a lane lower on screen", () => {
    const first = firstView([cardLane("a"), cardLane("b")], 3, { width: 1106, height: 720 });
    // Lane a: 3 cards, 230 px; lane b begins there, with 426 px left of 656: all 3 still.
    expect(first.perCell.get(cellKey("s0", "b"))).toBe(3);
    const crowded = firstView([cardLane("a"), cardLane("b")], 8, { width: 1106, height: 720 });
    // Lane a: 8 cards, 600 px; lane b begins there: 1 card begins above 656 px.
    expect(crowded.perCell.get(cellKey("s0", "a"))).toBe(8);
    expect(crowded.perCell.get(cellKey("s0", "b"))).toBe(1);
  });
});

describe("boardAreaSize", () => {
  it("is the area's box, or the window's size before the area is laid out", () => {
    const area = document.createElement("main");
    area.getBoundingClientRect = () => ({ width: 1106, height: 720 }) as DOMRect;
    expect(boardAreaSize(area)).toEqual({ width: 1106, height: 720 });
    const empty = document.createElement("main");
    const windowSize = { width: window.innerWidth, height: window.innerHeight };
    expect(boardAreaSize(empty)).toEqual(windowSize);
    expect(boardAreaSize(null)).toEqual(windowSize);
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
    // A card's text box at its smallest, its badge line and the space below it, and the 8 px
    // between cards.
    const [body] = values(rule(cardsCss, ".card-body"), "min-height");
    const badge = /\n\s*height:\s*(\d+)px/.exec(rule(cardsCss, ".card-badge"))?.[1];
    const metaPadding = /padding:\s*0 \d+px (\d+)px;/.exec(rule(cardsCss, ".card-meta"))?.[1];
    const [gap] = values(rule(lanesCss, ".cell"), "gap");
    expect([body, badge, metaPadding, gap].every((v) => v !== undefined)).toBe(true);
    const card = (body ?? 0) + Number(badge) + Number(metaPadding);
    expect(MIN_CARD_PX).toBeLessThanOrEqual(card + (gap ?? 0));
    // n cards, the n − 1 gaps between them and the cell's padding on both sides, for every n a
    // first view draws.
    const [padding] = values(rule(lanesCss, ".cell"), "padding");
    expect(padding).toBeDefined();
    for (let n = 1; n <= CARDS_PER_STEP; n++) {
      const drawn = n * card + (n - 1) * (gap ?? 0) + 2 * (padding ?? 0);
      expect(n * MIN_CARD_PX + CELL_PADDING_PX).toBeLessThanOrEqual(drawn);
    }
  });
});
