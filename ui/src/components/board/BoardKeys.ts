// Keyboard-first board: arrow keys move a visible focus between cells, Enter edits or adds in the
// focused cell, Escape leaves, Delete removes the selection, Ctrl/Cmd+F opens search, Alt+arrows
// move the focused (or the one selected) card, F6 jumps between the card and the inspector, and "?"
// lists every shortcut (boardShortcuts.ts). Never acts during an IME composition, nor — F6 and
// search aside — while typing in a field.
import { type RefObject, useEffect, useRef } from "react";
import { popoverOpen } from "./BoardPopover";

export interface BoardKeyHandlers {
  stageIds: () => string[];
  laneIds: () => string[];
  onSearch: () => void;
  onEscape: () => void;
  onDelete: () => boolean;
  onEnterCell: (stageId: string, laneId: string) => void;
  /**
   * Alt+arrow: move `cardId` (the focused card; null: none has focus) one stage or one place.
   * Returns whether a card was there to move (the browser's own Alt+arrow, history back, is then
   * kept off even when the card cannot go further).
   */
  onMoveCard: (cardId: string | null, stages: number, lanes: number) => boolean;
  /** F6: between the selected card and the inspector; returns whether focus moved. */
  onPaneJump: () => boolean;
  /** "?": the list of shortcuts. */
  onHelp: () => void;
}

const CELL = "[data-testid='cell']";

/** Arrow keys as a step: [stages, lanes]. */
const ARROWS: Record<string, readonly [number, number]> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};

function typing(el: Element | null): boolean {
  if (!(el instanceof HTMLElement)) return false;
  return el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName);
}

/**
 * Scrolls only the board's own scroller so `el` is visible (scrollIntoView would also scroll the
 * app shell). `center` centres it (smoothly unless told); otherwise it moves as little as possible,
 * clear of the sticky stage headers and lane titles. On a large board the cells passed on the way
 * draw their cards as they come near (cellWindow.ts) and can push the target away, so once the
 * scroll has ended and they are drawn, it looks again and corrects without animation.
 */
export function reveal(
  scroller: HTMLElement,
  el: Element,
  center: boolean,
  smooth = center,
  tries = REVEAL_TRIES,
): void {
  const s = scroller.getBoundingClientRect();
  const r = el.getBoundingClientRect();
  const head = scroller.querySelector(".stage-header")?.getBoundingClientRect().height ?? 0;
  const side = scroller.querySelector(".lane-title")?.getBoundingClientRect().width ?? 0;
  const top = s.top + head;
  const left = s.left + side;
  let dx = 0;
  let dy = 0;
  if (center) {
    dx = r.left + r.width / 2 - (left + s.right) / 2;
    dy = r.top + r.height / 2 - (top + s.bottom) / 2;
  } else {
    if (r.left < left) dx = r.left - left;
    else if (r.right > s.right) dx = Math.min(r.right - s.right, r.left - left);
    if (r.top < top) dy = r.top - top;
    else if (r.bottom > s.bottom) dy = Math.min(r.bottom - s.bottom, r.top - top);
  }
  const before = [scroller.scrollLeft, scroller.scrollTop];
  scroller.scrollBy({ left: dx, top: dy, behavior: smooth ? "smooth" : "auto" });
  if (tries === REVEAL_TRIES) holdInView(scroller, el, top - s.top, left - s.left);
  if (Math.abs(dx) < 1 && Math.abs(dy) < 1) return;
  if (tries <= 1) return;
  afterScroll(scroller, smooth, () => {
    const moved = scroller.scrollLeft !== before[0] || scroller.scrollTop !== before[1];
    if (el.isConnected && moved && !inView(scroller, el, top - s.top, left - s.left))
      reveal(scroller, el, center, false, tries - 1);
  });
}

const REVEAL_TRIES = 3;
/** The hold (holdInView) of each board scroller, ended by the next one or by releaseView. */
const holds = new WeakMap<HTMLElement, () => void>();

/** Ends a hold on the scroller: something else (follow mode) decides what it shows now. */
export function releaseView(scroller: HTMLElement): void {
  holds.get(scroller)?.();
}
/** How long a revealed element is kept in view while the cells around it are drawn. */
const HOLD_MS = 2_000;

/**
 * For a while after a reveal, brings `el` back into view whenever the board's size changes under
 * it or something other than the person scrolls it away (cells drawing their cards, and the
 * browser's scroll anchoring that follows them, can take longer than a frame or two on a busy
 * machine). Stops at once when the person scrolls, clicks or types, or when `el` is gone.
 */
function holdInView(scroller: HTMLElement, el: Element, head: number, side: number): void {
  const grid = scroller.querySelector(".board-grid");
  if (!grid || typeof ResizeObserver === "undefined") return;
  releaseView(scroller);
  const events = ["wheel", "pointerdown", "touchstart", "keydown"] as const;
  const check = () => {
    if (!el.isConnected) return stop();
    if (!inView(scroller, el, head, side)) reveal(scroller, el, false, false, 1);
  };
  const stop = () => {
    observer.disconnect();
    clearTimeout(timer);
    scroller.removeEventListener("scroll", check);
    for (const e of events) scroller.removeEventListener(e, stop, true);
    if (holds.get(scroller) === stop) holds.delete(scroller);
  };
  holds.set(scroller, stop);
  const observer = new ResizeObserver(check);
  observer.observe(grid);
  const timer = setTimeout(stop, HOLD_MS);
  scroller.addEventListener("scroll", check, { passive: true });
  for (const e of events) scroller.addEventListener(e, stop, true);
}

/** Calls `then` once a scroll has ended and the cells it brought near have been drawn. */
function afterScroll(scroller: HTMLElement, smooth: boolean, then: () => void): void {
  let done = false;
  const settle = () => {
    if (done) return;
    done = true;
    scroller.removeEventListener("scrollend", settle);
    // Two frames: the intersection observers report, then the drawn cells are laid out.
    requestAnimationFrame(() => requestAnimationFrame(then));
  };
  if (smooth) {
    scroller.addEventListener("scrollend", settle);
    setTimeout(settle, 1_000);
  } else settle();
}

/** Whether `el` is wholly inside the scroller, clear of its sticky headers (`head`, `side` px). */
function inView(scroller: HTMLElement, el: Element, head: number, side: number): boolean {
  const s = scroller.getBoundingClientRect();
  const r = el.getBoundingClientRect();
  return (
    r.top >= s.top + head - 1 &&
    r.bottom <= s.bottom + 1 &&
    r.left >= s.left + side - 1 &&
    r.right <= s.right + 1
  );
}

export function focusCell(root: HTMLElement, stageId: string, laneId: string): void {
  const el = root.querySelector<HTMLElement>(
    `${CELL}[data-stage-id='${CSS.escape(stageId)}'][data-lane-id='${CSS.escape(laneId)}']`,
  );
  if (!el) return;
  el.focus({ preventScroll: true });
  reveal(root, el, false);
}

export function useBoardKeys(root: RefObject<HTMLElement | null>, handlers: BoardKeyHandlers) {
  const h = useRef(handlers);
  h.current = handlers;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.isComposing || e.keyCode === 229 || e.defaultPrevented) return;
      const board = root.current;
      // The board is hidden while its action plan shows: its keys are not the plan's.
      if (!board || board.closest("[hidden]")) return;
      const mod = e.ctrlKey || e.metaKey;
      if (mod && !e.altKey && e.key.toLowerCase() === "f") {
        e.preventDefault();
        h.current.onSearch();
        return;
      }
      const active = document.activeElement;
      // F6 also leaves a field of the inspector (the board's handler checks where the focus is).
      if (e.key === "F6" && !mod && !e.altKey) {
        if (!document.querySelector(".dialog-backdrop") && h.current.onPaneJump())
          e.preventDefault();
        return;
      }
      if (typing(active) || mod) return;
      if (document.querySelector(".dialog-backdrop")) return;
      // "?" from anywhere around the board (its toolbar, the top bar), not only from inside it.
      // (Not while a menu or popover is open: the key is theirs, or nobody's.)
      const inMenu =
        active instanceof Element &&
        active.closest("[data-board-popover], [role='menu'], [role='listbox']") !== null;
      if (e.key === "?" && !inMenu && !popoverOpen()) {
        e.preventDefault();
        h.current.onHelp();
        return;
      }
      if (active && active !== document.body && !board.contains(active)) return;
      // Keys pressed inside a popover (stage/lane menu, channel picker) belong to it.
      if (active instanceof Element && active.closest("[data-board-popover]")) return;
      const step = ARROWS[e.key];
      if (e.altKey) {
        if (!step || e.shiftKey) return;
        const card =
          active instanceof Element ? active.closest<HTMLElement>("[data-card-id]") : null;
        if (h.current.onMoveCard(card?.dataset.cardId ?? null, step[0], step[1]))
          e.preventDefault();
        return;
      }
      if (e.key === "Escape") {
        // An open popover closes on Escape first; the selection stays until the next Escape.
        if (popoverOpen()) return;
        h.current.onEscape();
        return;
      }
      if ((e.key === "Delete" || e.key === "Backspace") && h.current.onDelete()) {
        e.preventDefault();
        return;
      }
      const cell = active instanceof Element ? active.closest<HTMLElement>(CELL) : null;
      if (e.key === "Enter" && cell && active === cell) {
        e.preventDefault();
        h.current.onEnterCell(cell.dataset.stageId ?? "", cell.dataset.laneId ?? "");
        return;
      }
      if (!step) return;
      const stages = h.current.stageIds();
      const lanes = h.current.laneIds();
      if (stages.length === 0 || lanes.length === 0) return;
      e.preventDefault();
      let si = cell ? stages.indexOf(cell.dataset.stageId ?? "") : -1;
      let li = cell ? lanes.indexOf(cell.dataset.laneId ?? "") : -1;
      if (si < 0 || li < 0) {
        si = 0;
        li = 0;
      } else {
        si = Math.max(0, Math.min(stages.length - 1, si + step[0]));
        li = Math.max(0, Math.min(lanes.length - 1, li + step[1]));
      }
      focusCell(board, stages[si] ?? "", lanes[li] ?? "");
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [root]);
}
