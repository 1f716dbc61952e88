// Which cells of a large board draw their cards in the board's very first render. The cell window
// (cellWindow.ts) learns what is near the view from IntersectionObservers, which report only after
// the browser has laid out and painted the board once: a large map opened on a fresh page was laid
// out twice — first with every cell a grey block, then with the cards of the cells on screen — and
// its cards reached the screen a frame and a layout late (~190 ms at 2,000 cards on two cores).
//
// The board opens scrolled to its top-left corner, so the cells on screen can be told before any
// layout from what the map holds: the stages that fit across the board's area (the page's main
// area, already laid out with the shell: the window less the top bar and the left rail) and the
// lanes that fit down it, and in each such cell the cards that fit down it. Every size here is a
// lower bound of the drawn one (narrowest columns, shortest cards, no header row), so the guess
// covers at least the cards on screen; a cell it draws that turns out to be far is let go by the
// window's far observer, one it misses is drawn when the near observer reports, and a cell's
// further cards when its tail comes near, as before. Drawing only these (about 50 cards on a
// 1366×768 laptop, where a whole step of every cell the window could hold was 112) is what makes
// the board's first render and layout short.
import { cellKey, type MapView } from "../../doc/store";
import { drawsCards } from "../lanes/LaneRow";
import { CARDS_PER_STEP } from "./cellWindow";

/** The narrowest lane-title and stage columns of any layout (base.css `--lane-col`, `--stage-col`). */
export const MIN_LANE_COL_PX = 160;
export const MIN_STAGE_COL_PX = 200;
/** The smallest height of a cell (lanes.css `.cell` min-height). */
export const MIN_CELL_PX = 84;
/**
 * A card of one line with the gap to the next: no drawn card is shorter (cards.css: its text box
 * at least 44 px, the line of its confidence badge 16 px and 6 px below it, 8 px between cards).
 */
export const MIN_CARD_PX = 74;
/**
 * A cell's padding around its cards, less the gap MIN_CARD_PX counts after its last card (the
 * "+ Add card" button is not drawn on a read-only board): n cards are at least
 * n × MIN_CARD_PX + CELL_PADDING_PX tall.
 */
export const CELL_PADDING_PX = 8;

export interface FirstViewLane {
  id: string;
  /** Whether the lane draws cards (a card or team lane). */
  cards: boolean;
  collapsed: boolean;
}

/** The widest a stage column is drawn when the stages do not fill the board (base.css `--stage-col`). */
export const MAX_STAGE_COL_PX = 220;
/**
 * What stands above the cells in the board's area whatever the map: the board's toolbar (a row of
 * buttons, at least 32 px) and the stage headers' row (a title line and its padding, at least
 * 32 px). The map's header above them may be folded away, so it is not counted.
 */
export const ABOVE_CELLS_PX = 64;
/** A card's text: 14 px at line height 1.45 (cards.css), a line at least 20 px. */
const LINE_PX = 20;
/** The second line makes a card at least this much taller (its text box holds one in 44 px). */
const SECOND_LINE_PX = 12;
/** A card's text box is its column less the cell's and the card's padding (lanes.css, cards.css). */
const CARD_TEXT_INSET_PX = 36;
/** Characters one em wide in the shipped fonts (CJK, full-width forms); any other at least 0.2 em. */
const WIDE = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]|[\u{20000}-\u{3134f}]/u;
const FONT_PX = 14;

/**
 * The least height a card of `text` takes in a column whose text is at most `width` px wide: each
 * paragraph's lines are at least its least width over the widest line (a line may break anywhere).
 */
export function cardHeightAtLeast(text: string, width: number): number {
  let lines = 0;
  for (const paragraph of text.split("\n")) {
    let least = 0;
    for (const ch of paragraph) least += WIDE.test(ch) ? FONT_PX : FONT_PX * 0.2;
    lines += Math.max(1, Math.ceil(least / Math.max(1, width)));
  }
  return MIN_CARD_PX + (lines >= 2 ? SECOND_LINE_PX + (lines - 2) * LINE_PX : 0);
}

export interface FirstViewInput {
  stageIds: readonly string[];
  lanes: readonly FirstViewLane[];
  /** How many cards a cell holds. */
  count: (stageId: string, laneId: string) => number;
  /**
   * The least height of each card of a cell, in order, given the widest its text can be drawn;
   * without it every card counts as one line (MIN_CARD_PX).
   */
  cardHeights?: (stageId: string, laneId: string, textWidth: number) => number[];
  /** The size of the board's area in CSS pixels: the board's view is never larger. */
  width: number;
  height: number;
  zoom: number;
}

export interface FirstView {
  /**
   * The cells on screen (`cellKey`: card cells, and the channel and metric cells), each with how
   * many cards it draws at first: those that begin above the bottom of the area, at most a step
   * (zoomed far out, the rest come when the cell's tail reports, as before).
   */
  perCell: ReadonlyMap<string, number>;
  /** The most any of them draws. */
  cardsPerCell: number;
}

/** The cells, and the cards of each, on screen when the board opens at its top-left corner. */
export function cellsInFirstView(o: FirstViewInput): FirstView {
  const perCell = new Map<string, number>();
  const zoom = o.zoom > 0 ? o.zoom : 1;
  const width = o.width / zoom;
  const height = o.height / zoom - ABOVE_CELLS_PX;
  const across = Math.max(0, Math.ceil((width - MIN_LANE_COL_PX) / MIN_STAGE_COL_PX));
  const stages = o.stageIds.slice(0, across);
  // The widest a column can be: its own width, or its share when the stages do not fill the board.
  const column = Math.max(MAX_STAGE_COL_PX, (width - MIN_LANE_COL_PX) / Math.max(1, stages.length));
  const textWidth = column - CARD_TEXT_INSET_PX;
  let top = 0;
  for (const lane of o.lanes) {
    if (top >= height) break;
    if (lane.collapsed) continue;
    if (!lane.cards) {
      // Its cells (channels, metrics) draw from the first render too, with no card to count.
      for (const stageId of stages) perCell.set(cellKey(stageId, lane.id), 0);
      top += MIN_CELL_PX;
      continue;
    }
    let tallest = MIN_CELL_PX;
    for (const stageId of stages) {
      const heights =
        o.cardHeights?.(stageId, lane.id, textWidth) ??
        Array<number>(o.count(stageId, lane.id)).fill(MIN_CARD_PX);
      // The cards that begin above the area's bottom, each at least its least height below the last.
      let bottom = top;
      let drawn = 0;
      while (drawn < heights.length && drawn < CARDS_PER_STEP && bottom < height) {
        bottom += heights[drawn] ?? MIN_CARD_PX;
        drawn += 1;
      }
      perCell.set(cellKey(stageId, lane.id), drawn);
      tallest = Math.max(tallest, bottom - top + CELL_PADDING_PX);
    }
    top += tallest;
  }
  const cardsPerCell = Math.max(1, ...perCell.values());
  return { perCell, cardsPerCell };
}

/**
 * The size of the area the board is drawn in: `area`'s box (laid out with the shell before the
 * board, so reading it costs no layout of the board), else the window's.
 */
export function boardAreaSize(area: HTMLElement | null): { width: number; height: number } {
  const box = area?.getBoundingClientRect();
  if (box && box.width > 0 && box.height > 0) return { width: box.width, height: box.height };
  return { width: window.innerWidth, height: window.innerHeight };
}

/** The cells on screen as the board of `view` opens with the board's zoom and collapsed lanes. */
export function firstViewOf(
  view: MapView,
  prefs: { zoom: number; collapsed: ReadonlySet<string> },
  area: { width: number; height: number },
): FirstView {
  return cellsInFirstView({
    stageIds: view.stages.map((s) => s.id),
    lanes: view.lanes.map((l) => ({
      id: l.id,
      cards: drawsCards(l),
      collapsed: prefs.collapsed.has(l.id),
    })),
    count: (stageId, laneId) => view.cells.get(cellKey(stageId, laneId))?.length ?? 0,
    cardHeights: (stageId, laneId, textWidth) =>
      (view.cells.get(cellKey(stageId, laneId)) ?? [])
        .slice(0, CARDS_PER_STEP)
        .map((card) => cardHeightAtLeast(card.text, textWidth)),
    width: area.width,
    height: area.height,
    zoom: prefs.zoom,
  });
}
