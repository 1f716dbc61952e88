// Keyboard-first board: arrow keys move a visible focus between cells, Enter edits or adds in the
// focused cell, Escape leaves, Delete removes the selection, Ctrl/Cmd+F opens search. Never acts
// during an IME composition or while typing in a field.
import { type RefObject, useEffect, useRef } from "react";
import { popoverOpen } from "./BoardPopover";

export interface BoardKeyHandlers {
  stageIds: () => string[];
  laneIds: () => string[];
  onSearch: () => void;
  onEscape: () => void;
  onDelete: () => boolean;
  onEnterCell: (stageId: string, laneId: string) => void;
}

const CELL = "[data-testid='cell']";

function typing(el: Element | null): boolean {
  if (!(el instanceof HTMLElement)) return false;
  return el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName);
}

/**
 * Scrolls only the board's own scroller so `el` is visible (scrollIntoView would also scroll the
 * app shell). `center` centres it; otherwise it moves as little as possible, clear of the sticky
 * stage headers and lane titles.
 */
export function reveal(scroller: HTMLElement, el: Element, center: boolean): void {
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
  scroller.scrollBy({ left: dx, top: dy, behavior: center ? "smooth" : "auto" });
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
      if (!board) return;
      const mod = e.ctrlKey || e.metaKey;
      if (mod && !e.altKey && e.key.toLowerCase() === "f") {
        e.preventDefault();
        h.current.onSearch();
        return;
      }
      const active = document.activeElement;
      if (typing(active) || mod || e.altKey) return;
      if (active && active !== document.body && !board.contains(active)) return;
      if (document.querySelector(".dialog-backdrop")) return;
      // Keys pressed inside a popover (stage/lane menu, channel picker) belong to it.
      if (active instanceof Element && active.closest("[data-board-popover]")) return;
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
      const delta: Record<string, [number, number]> = {
        ArrowLeft: [-1, 0],
        ArrowRight: [1, 0],
        ArrowUp: [0, -1],
        ArrowDown: [0, 1],
      };
      const d = delta[e.key];
      if (!d) return;
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
        si = Math.max(0, Math.min(stages.length - 1, si + d[0]));
        li = Math.max(0, Math.min(lanes.length - 1, li + d[1]));
      }
      focusCell(board, stages[si] ?? "", lanes[li] ?? "");
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [root]);
}
