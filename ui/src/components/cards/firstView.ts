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

export interface FirstViewInput {
  stageIds: readonly string[];
  lanes: readonly FirstViewLane[];
  /** How many cards a cell holds. */
  count: (stageId: string, laneId: string) => number;
  /** The size of the board's area in CSS pixels: the board's view is never larger. */
  width: number;
  height: number;
  zoom: number;
}

export interface FirstView {
  /** The keys (`cellKey`) of the card cells on screen. */
  cells: ReadonlySet<string>;
  /**
   * How many cards each of them draws at first: as many as the area's height could show, at most
   * a step (zoomed far out, the rest come when the cell's tail reports, as before).
   */
  cardsPerCell: number;
}

/** The card cells, and their cards, on screen when the board opens at its top-left corner. */
export function cellsInFirstView(o: FirstViewInput): FirstView {
  const keys = new Set<string>();
  const zoom = o.zoom > 0 ? o.zoom : 1;
  const width = o.width / zoom;
  const height = o.height / zoom;
  const across = Math.max(0, Math.ceil((width - MIN_LANE_COL_PX) / MIN_STAGE_COL_PX));
  const stages = o.stageIds.slice(0, across);
  const cardsPerCell = Math.min(CARDS_PER_STEP, Math.max(1, Math.ceil(height / MIN_CARD_PX)));
  let top = 0;
  for (const lane of o.lanes) {
    if (top >= height) break;
    if (lane.collapsed) continue;
    if (!lane.cards) {
      top += MIN_CELL_PX;
      continue;
    }
    let tallest = MIN_CELL_PX;
    for (const stageId of stages) {
      keys.add(cellKey(stageId, lane.id));
      const drawn = Math.min(o.count(stageId, lane.id), cardsPerCell);
      tallest = Math.max(tallest, drawn * MIN_CARD_PX + CELL_PADDING_PX);
    }
    top += tallest;
  }
  return { cells: keys, cardsPerCell };
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
    width: area.width,
    height: area.height,
    zoom: prefs.zoom,
  });
}
