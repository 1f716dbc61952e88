// Where each card of the board is in the DOM, kept by the cards themselves as they mount and
// unmount, and one ResizeObserver over all of them (and the grid). The link layer looks cards up
// here instead of querying a page of thousands of nodes, and re-measures only when a card's box
// changes. Cells are kept too: on a large board a card out of view is not drawn (cellWindow.ts),
// and its arrow then ends at its cell.
import { createContext } from "react";

/**
 * Why the cards' boxes may have changed: `resized` comes from the ResizeObserver, after the
 * browser laid the page out (measuring then costs no layout, and what is drawn from it still
 * reaches the frame being made); `mounted` while React adds or removes a card, before layout.
 */
export type BoxChange = "resized" | "mounted";

export class CardElements {
  private readonly byId = new Map<string, HTMLElement>();
  private readonly cells = new Map<string, HTMLElement>();
  private readonly listeners = new Set<(change: BoxChange) => void>();
  // One observer for every card and the grid: one callback per frame, however many boxes changed.
  private readonly observer: ResizeObserver | null =
    typeof ResizeObserver === "undefined"
      ? null
      : new ResizeObserver(() => this.changed("resized"));

  /** A card's element appeared (or was replaced); returns what undoes it. */
  add(id: string, el: HTMLElement): () => void {
    this.byId.set(id, el);
    this.observer?.observe(el);
    this.changed("mounted");
    return () => {
      if (this.byId.get(id) === el) this.byId.delete(id);
      this.observer?.unobserve(el);
      this.changed("mounted");
    };
  }

  /** Reports `el` changing size too (the board grid: the window, fonts, rows growing). */
  observe(el: HTMLElement): { reports: boolean; stop: () => void } {
    this.observer?.observe(el);
    // An observer reports every element it starts observing once, after the next layout.
    return { reports: this.observer !== null, stop: () => this.observer?.unobserve(el) };
  }

  get(id: string): HTMLElement | undefined {
    return this.byId.get(id);
  }

  /** A cell's element appeared (keyed by `cellKey`); returns what undoes it. */
  addCell(key: string, el: HTMLElement): () => void {
    this.cells.set(key, el);
    return () => {
      if (this.cells.get(key) === el) this.cells.delete(key);
    };
  }

  cell(key: string): HTMLElement | undefined {
    return this.cells.get(key);
  }

  /** Called when a card appears, goes, or changes size, or an observed element changes size. */
  subscribe(fn: (change: BoxChange) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  dispose(): void {
    this.observer?.disconnect();
    this.listeners.clear();
    this.byId.clear();
    this.cells.clear();
  }

  private changed(change: BoxChange): void {
    for (const fn of this.listeners) fn(change);
  }
}

export const CardElementsContext = createContext<CardElements | null>(null);
