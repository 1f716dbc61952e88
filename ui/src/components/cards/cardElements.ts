// Where each card of the board is in the DOM, kept by the cards themselves as they mount and
// unmount, and one ResizeObserver over all of them. The link layer looks cards up here instead of
// querying a page of thousands of nodes, and re-measures only when a card's box changes. Cells are
// kept too: on a large board a card out of view is not drawn (cellWindow.ts), and its arrow then
// ends at its cell.
import { createContext } from "react";

export class CardElements {
  private readonly byId = new Map<string, HTMLElement>();
  private readonly cells = new Map<string, HTMLElement>();
  private readonly listeners = new Set<() => void>();
  private readonly observer: ResizeObserver | null =
    typeof ResizeObserver === "undefined" ? null : new ResizeObserver(() => this.changed());

  /** A card's element appeared (or was replaced); returns what undoes it. */
  add(id: string, el: HTMLElement): () => void {
    this.byId.set(id, el);
    this.observer?.observe(el);
    this.changed();
    return () => {
      if (this.byId.get(id) === el) this.byId.delete(id);
      this.observer?.unobserve(el);
      this.changed();
    };
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

  /** Called when a card appears, goes, or changes size. */
  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  dispose(): void {
    this.observer?.disconnect();
    this.listeners.clear();
    this.byId.clear();
    this.cells.clear();
  }

  private changed(): void {
    for (const fn of this.listeners) fn();
  }
}

export const CardElementsContext = createContext<CardElements | null>(null);
