// Draws the links between cards (hand-offs) as arrows on an SVG layer over the board grid,
// measured from the cards' boxes (in the grid's own, unzoomed coordinates). Measuring is cheap and
// rare: cards are looked up in the board's element registry (cardElements.ts), never by a query
// over the whole page, and the arrows are measured again — at most once a frame — only when a link
// changes, a card changes size or appears, a cell's order changes around a linked card, or the
// layout around the cards changes (stages, lanes, channel/metric/emotion rows, zoom, collapsing).
// A card not drawn (out of view on a large board, cellWindow.ts) is stood in for by its cell.
// The arrows are drawn in the frame they were measured for: a card that grows a line as someone
// types moves everything below it, and arrows drawn a frame later cost a second frame each time.
import { useEffect, useState } from "react";
import { flushSync } from "react-dom";
import type { CardRec } from "../../doc/schema";
import { cellKey, type MapStore, type MapView } from "../../doc/store";
import type { CardElements } from "./cardElements";

interface Arrow {
  key: string;
  d: string;
}

interface Props {
  /** The board grid, once it is in the DOM. */
  grid: HTMLDivElement | null;
  store: MapStore;
  elements: CardElements;
  zoom: number;
  /** Changes when lanes collapse or open (their cards leave or return). */
  collapsedKey: string;
}

type Link = readonly [from: string, to: string];

function linksOf(cards: Record<string, CardRec>): Link[] {
  const out: Link[] = [];
  for (const c of Object.values(cards)) for (const to of c.links) out.push([c.id, to]);
  return out;
}

function sameLinks(a: Link[], b: Link[]): boolean {
  return a.length === b.length && a.every((l, i) => l[0] === b[i]?.[0] && l[1] === b[i]?.[1]);
}

function sameIds(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  return a.every((id, i) => id === b[i]);
}

/** Whether the change from `prev` to `next` may have changed any card's links. */
function linksMayHaveChanged(prev: MapView, next: MapView): boolean {
  if (next.version === prev.version) return false;
  const before = next.cardsBefore;
  if (before === null) return true;
  for (const [id, was] of before) if (!sameIds(was?.links, next.cards[id]?.links)) return true;
  return false;
}

/** Whether a cell holding a linked card changed which cards it holds or their order. */
function cellOrderChanged(prev: MapView, next: MapView, linked: ReadonlySet<string>): boolean {
  if (prev.cells === next.cells) return false;
  const keys = new Set([...prev.cells.keys(), ...next.cells.keys()]);
  for (const key of keys) {
    const a = prev.cells.get(key);
    const b = next.cells.get(key);
    if (a === b) continue;
    const ids = (list: CardRec[] | undefined) => (list ?? []).map((c) => c.id);
    const before = ids(a);
    const after = ids(b);
    const reordered = before.length !== after.length || before.some((id, i) => id !== after[i]);
    if (reordered && [...before, ...after].some((id) => linked.has(id))) return true;
  }
  return false;
}

function layoutAroundChanged(prev: MapView, next: MapView): boolean {
  return (
    prev.stages !== next.stages ||
    prev.lanes !== next.lanes ||
    prev.channels !== next.channels ||
    prev.metrics !== next.metrics ||
    prev.emotions !== next.emotions
  );
}

export function measureArrows(
  grid: HTMLElement,
  links: Link[],
  elementOf: (id: string) => HTMLElement | undefined,
  zoom: number,
): Arrow[] {
  const g = grid.getBoundingClientRect();
  const box = (id: string) => {
    const el = elementOf(id);
    if (!el) return null;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return null;
    return {
      l: (r.left - g.left) / zoom,
      r: (r.right - g.left) / zoom,
      t: (r.top - g.top) / zoom,
      b: (r.bottom - g.top) / zoom,
    };
  };
  const out: Arrow[] = [];
  for (const [from, to] of links) {
    const a = box(from);
    const b = a && box(to);
    if (!a || !b) continue;
    const ay = (a.t + a.b) / 2;
    const by = (b.t + b.b) / 2;
    let d: string;
    if (b.l >= a.r - 4) {
      const dx = Math.max(30, (b.l - a.r) / 2);
      d = `M${a.r} ${ay} C${a.r + dx} ${ay} ${b.l - dx} ${by} ${b.l} ${by}`;
    } else if (a.l >= b.r - 4) {
      const dx = Math.max(30, (a.l - b.r) / 2);
      d = `M${a.l} ${ay} C${a.l - dx} ${ay} ${b.r + dx} ${by} ${b.r} ${by}`;
    } else {
      // same column: from the bottom of the upper card to the top of the lower one
      const ax = (a.l + a.r) / 2;
      const bx = (b.l + b.r) / 2;
      const down = b.t >= a.b;
      const y1 = down ? a.b : a.t;
      const y2 = down ? b.t : b.b;
      d = `M${ax} ${y1} C${ax + 40} ${(y1 + y2) / 2} ${bx + 40} ${(y1 + y2) / 2} ${bx} ${y2}`;
    }
    out.push({ key: `${from}>${to}`, d });
  }
  return out;
}

/** A card's element, or its cell's while the card is not drawn. */
function drawnOrCell(elements: CardElements, view: MapView, id: string): HTMLElement | undefined {
  const drawn = elements.get(id);
  if (drawn) return drawn;
  const at = view.cards[id]?.placement;
  return at ? elements.cell(cellKey(at.stage, at.lane)) : undefined;
}

/** Arrows equal to `b` (same keys and paths, same order)? Saves a re-render per resize. */
function same(a: Arrow[], b: Arrow[]): boolean {
  return a.length === b.length && a.every((x, i) => x.key === b[i]?.key && x.d === b[i]?.d);
}

export function CardLinkLayer({ grid, store, elements, zoom, collapsedKey }: Props) {
  const [arrows, setArrows] = useState<Arrow[]>([]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: collapsedKey is a re-measure trigger
  useEffect(() => {
    if (!grid) {
      setArrows((old) => (old.length === 0 ? old : []));
      return;
    }
    let view = store.getView();
    let links = linksOf(view.cards);
    let linked = new Set(links.flat());
    let frame = 0;
    // Called from a frame callback or the ResizeObserver, never while React renders: the arrows
    // are committed at once, so the frame about to be painted shows them.
    const measure = () => {
      if (frame !== 0) cancelAnimationFrame(frame);
      frame = 0;
      const next =
        links.length === 0
          ? []
          : measureArrows(grid, links, (id) => drawnOrCell(elements, view, id), zoom);
      flushSync(() => setArrows((old) => (same(old, next) ? old : next)));
    };
    const schedule = () => {
      if (frame === 0) frame = requestAnimationFrame(measure);
    };
    const onStore = () => {
      const next = store.getView();
      let due = layoutAroundChanged(view, next);
      // Typing into a card changes that card only: its links are compared, not every card's.
      if (linksMayHaveChanged(view, next)) {
        const nextLinks = linksOf(next.cards);
        if (!sameLinks(links, nextLinks)) {
          links = nextLinks;
          linked = new Set(links.flat());
          due = true;
        }
      }
      if (!due && linked.size > 0) due = cellOrderChanged(view, next, linked);
      view = next;
      if (due) schedule();
    };
    const unsubscribeStore = store.subscribe(onStore);
    // Cards appearing, going or changing size; the grid changing size (the window, fonts). A
    // resize is reported after layout: measured there and then, before the frame is painted.
    const unsubscribeCards = elements.subscribe((change) => {
      if (links.length === 0) return;
      if (change === "resized") measure();
      else schedule();
    });
    // The first measure: the observer's first report of the grid, once the board is laid out
    // (measuring here, or in a frame callback, forced the whole board's first layout early).
    const observing = elements.observe(grid);
    if (!observing.reports) schedule();
    const unobserveGrid = observing.stop;
    return () => {
      unsubscribeStore();
      unsubscribeCards();
      unobserveGrid();
      if (frame !== 0) cancelAnimationFrame(frame);
    };
  }, [grid, store, elements, zoom, collapsedKey]);
  if (arrows.length === 0) return null;
  return (
    <svg className="link-layer" aria-hidden="true" data-testid="link-layer">
      <defs>
        <marker
          id="link-arrow"
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="7"
          markerHeight="7"
          orient="auto-start-reverse"
        >
          <path d="M0 0 L10 5 L0 10 z" className="link-head" />
        </marker>
      </defs>
      {arrows.map((a) => (
        <path
          key={a.key}
          className="link-path"
          data-testid="link-arrow"
          d={a.d}
          markerEnd="url(#link-arrow)"
        />
      ))}
    </svg>
  );
}
