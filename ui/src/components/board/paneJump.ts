// F6 between the board and the inspector: from a card to the inspector beside it, and back to that
// card, instead of tabbing through every cell of the board on the way (a map has hundreds). F6 is
// the usual key for "next pane" in desktop programs; CodeMirror and the Chinese input methods
// leave it alone, and the browser's own use of it (the address bar) gives way to the page.

import { reveal } from "./BoardKeys";
import { uncoveredEdges } from "./underHeaders";

const INSPECTOR = "[data-testid='inspector']";

/** The card the keyboard is on: the focused one on the board, else the only selected one. */
export function cardInFocus(
  board: HTMLElement,
  active: Element | null,
  selected: ReadonlySet<string>,
): string | null {
  const card = active && board.contains(active) ? active.closest("[data-card-id]") : null;
  const id = card?.getAttribute("data-card-id");
  if (id) return id;
  return selected.size === 1 ? ([...selected][0] ?? null) : null;
}

export function inInspector(el: Element | null): boolean {
  return el?.closest(INSPECTOR) != null;
}

/** Focuses the inspector itself (not its text field, which would start editing). */
export function focusInspector(): boolean {
  const el = document.querySelector<HTMLElement>(INSPECTOR);
  el?.focus();
  return !!el;
}

/** Focuses the card on the board and scrolls it into view; false if it is not on the board. */
export function focusCard(board: HTMLElement, id: string): boolean {
  const card = board.querySelector(`[data-card-id='${CSS.escape(id)}']`);
  const body = card?.querySelector<HTMLElement>(".card-body");
  if (!card || !body) return false;
  body.focus({ preventScroll: true });
  reveal(board, card, false);
  return true;
}

/**
 * Scrolls the card into the middle of the board once it is drawn: call it right after selecting
 * it (a selected card is drawn on the next render wherever it is, cellWindow.ts).
 */
export function centerCardSoon(board: HTMLElement, id: string): void {
  revealCardSoon(board, id, true);
}

/**
 * Scrolls the card into view once the next frame is laid out, as little as possible unless told to
 * centre it. A card opened for editing may have been pushed under the inspector's edge by the
 * inspector its first click opened, which narrowed the board.
 */
export function revealCardSoon(board: HTMLElement, id: string, center = false): void {
  requestAnimationFrame(() => {
    // A frame may come after the page (or a test's document) is gone: then there is nothing to show.
    if (!board.isConnected) return;
    const card = board.querySelector(`[data-card-id='${CSS.escape(id)}']`);
    if (card) reveal(board, card, center);
  });
}

/** Scrolls the board down or up so that lane `id` begins just under the stage headers, next frame. */
export function showLaneSoon(board: HTMLElement, id: string): void {
  requestAnimationFrame(() => {
    if (!board.isConnected) return;
    const title = board.querySelector(`.lane-title[data-lane-id='${CSS.escape(id)}']`);
    if (!title) return;
    board.scrollBy({ top: title.getBoundingClientRect().top - uncoveredEdges(board).top });
  });
}
