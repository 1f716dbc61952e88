// Draws the links between cards (hand-offs) as arrows on an SVG layer over the board grid,
// measured from the cards' boxes after layout (in the grid's own, unzoomed coordinates).
import { useLayoutEffect, useState } from "react";
import type { CardRec } from "../doc/schema";

interface Arrow {
  key: string;
  d: string;
}

interface Props {
  /** The board grid, once it is in the DOM. */
  grid: HTMLDivElement | null;
  cards: Record<string, CardRec>;
  zoom: number;
  /** Changes whenever the layout may have moved (view version, collapsed lanes, …). */
  layoutKey: string;
}

function measure(grid: HTMLDivElement, cards: Record<string, CardRec>, zoom: number): Arrow[] {
  const g = grid.getBoundingClientRect();
  const box = (id: string) => {
    const el = grid.querySelector(`[data-testid='card'][data-card-id='${CSS.escape(id)}']`);
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
  for (const c of Object.values(cards)) {
    if (c.links.length === 0) continue;
    const a = box(c.id);
    if (!a) continue;
    for (const to of c.links) {
      const b = box(to);
      if (!b) continue;
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
      out.push({ key: `${c.id}>${to}`, d });
    }
  }
  return out;
}

/** Arrows equal to `b` (same keys and paths, same order)? Saves a re-render per resize. */
function same(a: Arrow[], b: Arrow[]): boolean {
  return a.length === b.length && a.every((x, i) => x.key === b[i]?.key && x.d === b[i]?.d);
}

export function CardLinkLayer({ grid, cards, zoom, layoutKey }: Props) {
  const [arrows, setArrows] = useState<Arrow[]>([]);
  // Measured once the grid is in the DOM (the element, not a ref, so this re-runs when it is
  // attached), again whenever the cards, zoom or layout change, and whenever the grid or a linked
  // card changes size (fonts arriving, text wrapping, lanes growing).
  // biome-ignore lint/correctness/useExhaustiveDependencies: layoutKey is the re-measure trigger
  useLayoutEffect(() => {
    if (!grid) {
      setArrows((old) => (old.length === 0 ? old : []));
      return;
    }
    const run = () => {
      const next = measure(grid, cards, zoom);
      setArrows((old) => (same(old, next) ? old : next));
    };
    run();
    const ro = new ResizeObserver(run);
    ro.observe(grid);
    const linked = new Set<string>();
    for (const c of Object.values(cards)) {
      if (c.links.length === 0) continue;
      linked.add(c.id);
      for (const to of c.links) linked.add(to);
    }
    for (const id of linked) {
      const el = grid.querySelector(`[data-testid='card'][data-card-id='${CSS.escape(id)}']`);
      if (el) ro.observe(el);
    }
    return () => ro.disconnect();
  }, [grid, cards, zoom, layoutKey]);
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
