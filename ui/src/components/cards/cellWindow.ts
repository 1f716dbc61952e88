// Which card cells of a large board are drawn. A board of thousands of cards cannot put every card
// into the page (first render, typing and hit testing all grow with the number of nodes), so on a
// map past DRAW_ALL_UP_TO cards a cell draws its cards only while it is near the visible part of the
// board, and stands in for them with a block of about their height otherwise. The grid itself —
// stage headers, lane titles, every cell as a focusable drop target — is always there, so sticky
// headers, keyboard navigation between cells and dropping work as before; a cell also draws its
// cards whenever one of them is selected, edited or the current search hit (CardCell), which is
// how search, the inspector's jump and F6 reach a card anywhere on the board. A cell of many cards
// draws them a screenful at a time, the rest standing in as a block that asks for more when it
// comes near (CardCell's tail).
//
// Three IntersectionObservers over the board's scroller: a cell starts drawing at once when it
// comes into view, and when the browser is idle once it comes within NEAR of the view (so the
// cells just off screen are ready before a scroll reaches them, without their render and layout
// holding up the frames that follow the board's opening: drawing them at once put ~55 more cards
// into the second frame of a first visit); it stops only when it is past FAR, so scrolling back
// and forth does not redraw at the edge; a cell holding the focus, or during a drag, keeps its
// cards.
import {
  createContext,
  type RefObject,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import { boardDrag } from "../board/BoardDrag";
import type { FirstView } from "./firstView";

/** Maps up to this many cards draw every card (virtualising pays only on large boards). */
export const DRAW_ALL_UP_TO = 300;

/** Around the view (CSS margins: vertical, horizontal) where cells draw their cards. */
const NEAR = "100% 60%";
/** Past this, a drawn cell lets its cards go. */
const FAR = "250% 150%";

/** The height a card takes in its cell before it is drawn (a card of 2–3 lines and the gap). */
export const PENDING_CARD_PX = 74;
/** The "+ Add card" button and the cell's padding. */
export const PENDING_CELL_PX = 44;

/** Cards a cell of a large board draws at a time (about two laptop screens of them). */
export const CARDS_PER_STEP = 16;

/**
 * How many cards a cell draws once the tail after its `shown` ones comes near: up to the next
 * multiple of a step, so a cell that started with only the cards on screen (firstView.ts) draws
 * as many as it did before, and no more.
 */
export function nextStep(shown: number): number {
  return (Math.floor(shown / CARDS_PER_STEP) + 1) * CARDS_PER_STEP;
}

type Report = (drawn: boolean) => void;

/** How long a cell near the view waits at most for the browser to be idle before it draws. */
const NEAR_WITHIN_MS = 300;

export class CellWindow {
  private readonly cells = new Map<Element, Report>();
  private inView: IntersectionObserver | null = null;
  private near: IntersectionObserver | null = null;
  private far: IntersectionObserver | null = null;
  /** Cells near the view waiting for an idle moment to draw. */
  private readonly waiting = new Set<Element>();
  private cancelIdle: (() => void) | null = null;

  /** `firstView`: the cells that draw their cards from the first render (firstView.ts). */
  constructor(
    private readonly firstView: FirstView = { perCell: new Map(), cardsPerCell: CARDS_PER_STEP },
  ) {}

  /** Whether the cell `key` draws its cards before the observers have reported. */
  startsDrawn(key: string): boolean {
    return this.firstView.perCell.has(key);
  }

  /** How many cards the cell `key` draws at first: those the view can show, or a step. */
  firstStep(key: string): number {
    return this.firstView.perCell.get(key) ?? CARDS_PER_STEP;
  }

  /** Starts watching once the board's scroller is in the page. */
  attach(root: HTMLElement): void {
    this.inView = new IntersectionObserver(
      (entries) => {
        for (const e of entries) {
          if (!e.isIntersecting) continue;
          this.waiting.delete(e.target);
          this.cells.get(e.target)?.(true);
        }
      },
      { root },
    );
    this.near = new IntersectionObserver(
      (entries) => {
        for (const e of entries) {
          if (e.isIntersecting) this.waiting.add(e.target);
          else this.waiting.delete(e.target);
        }
        this.drawWaitingWhenIdle();
      },
      { root, rootMargin: NEAR },
    );
    this.far = new IntersectionObserver(
      (entries) => {
        for (const e of entries) {
          if (e.isIntersecting || holds(e.target)) continue;
          this.waiting.delete(e.target);
          this.cells.get(e.target)?.(false);
        }
      },
      { root, rootMargin: FAR },
    );
    for (const el of this.cells.keys()) this.observe(el);
  }

  private drawWaitingWhenIdle(): void {
    if (this.cancelIdle || this.waiting.size === 0) return;
    const draw = () => {
      this.cancelIdle = null;
      const cells = [...this.waiting];
      this.waiting.clear();
      for (const el of cells) this.cells.get(el)?.(true);
    };
    if (typeof requestIdleCallback === "function") {
      const id = requestIdleCallback(draw, { timeout: NEAR_WITHIN_MS });
      this.cancelIdle = () => cancelIdleCallback(id);
    } else {
      const id = setTimeout(draw, 50);
      this.cancelIdle = () => clearTimeout(id);
    }
  }

  /** A cell reports whether it should draw its cards; returns what stops it. */
  watch(el: Element, report: Report): () => void {
    this.cells.set(el, report);
    this.observe(el);
    return () => {
      this.cells.delete(el);
      this.waiting.delete(el);
      this.inView?.unobserve(el);
      this.near?.unobserve(el);
      this.far?.unobserve(el);
    };
  }

  dispose(): void {
    this.cancelIdle?.();
    this.cancelIdle = null;
    this.inView?.disconnect();
    this.near?.disconnect();
    this.far?.disconnect();
    this.cells.clear();
    this.waiting.clear();
  }

  private observe(el: Element): void {
    this.inView?.observe(el);
    this.near?.observe(el);
    this.far?.observe(el);
  }
}

/** Whether a cell must keep its cards although far away: the focus is in it, or a drag runs. */
function holds(el: Element): boolean {
  return el.contains(document.activeElement) || boardDrag.get().kind !== "idle";
}

/** The board's window over its cells, or null when every card is drawn. */
export const CellWindowContext = createContext<CellWindow | null>(null);

/**
 * Whether the cell `key` (its element `el`) draws its content: always on a board that draws every
 * card, else while it is near the view (from the first render when it is on screen then). A cell
 * drawn when its board grows past DRAW_ALL_UP_TO stays drawn until the window lets it go (or never,
 * with `keep`), so nobody's focus or half-typed field goes with the change. Card cells also keep
 * their cards drawn while one is selected, edited or a search hit (CardCell); the cells of the
 * channel and metric lanes draw nothing until they first come near (`keep`: there are few of them,
 * and a lane letting go of its tiles would shrink above the view), so a large board's first render
 * does not make their pickers, tiles and number formats out of sight.
 */
export function useDrawnNearView(key: string, el: Element | null, keep = false): boolean {
  const win = useContext(CellWindowContext);
  const [near, setNear] = useState(() => !win || win.startsDrawn(key));
  useEffect(() => {
    if (!win || !el) return;
    return win.watch(el, keep ? (drawn) => drawn && setNear(true) : setNear);
  }, [win, el, keep]);
  return !win || near;
}

/**
 * One window per board while the map is large (and the browser can observe intersections).
 * `firstView` tells the cells on screen as the window is made (see firstView.ts).
 */
export function useCellWindow(
  scroller: RefObject<HTMLElement | null>,
  cards: number,
  firstView: () => FirstView,
): CellWindow | null {
  // Once large, the board stays virtualised while open: no flicker around the threshold.
  const wasLarge = useRef(false);
  wasLarge.current ||= cards > DRAW_ALL_UP_TO && typeof IntersectionObserver !== "undefined";
  const large = wasLarge.current;
  const guess = useRef(firstView);
  guess.current = firstView;
  const win = useMemo(() => (large ? new CellWindow(guess.current()) : null), [large]);
  useEffect(() => {
    if (!win) return;
    if (scroller.current) win.attach(scroller.current);
    return () => win.dispose();
  }, [win, scroller]);
  return win;
}
