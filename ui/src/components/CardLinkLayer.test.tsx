// CardLinkLayer draws a saved link as soon as the board grid is attached (the layer is a child of
// the grid, so its first layout effect runs before the grid's ref is set), and again when the grid
// resizes.
import { act, cleanup, render, screen } from "@testing-library/react";
import { useCallback, useState } from "react";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { CardRec } from "../doc/schema";
import { CardLinkLayer } from "./CardLinkLayer";

const observers: { cb: ResizeObserverCallback; els: Element[] }[] = [];

class FakeResizeObserver {
  private entry: { cb: ResizeObserverCallback; els: Element[] };
  constructor(cb: ResizeObserverCallback) {
    this.entry = { cb, els: [] };
    observers.push(this.entry);
  }
  observe(el: Element) {
    this.entry.els.push(el);
  }
  unobserve() {}
  disconnect() {
    const i = observers.indexOf(this.entry);
    if (i >= 0) observers.splice(i, 1);
  }
}

/** Card boxes by id; everything else (the grid) sits at the origin. */
const boxes: Record<string, { left: number; top: number; width: number; height: number }> = {
  a: { left: 0, top: 0, width: 100, height: 40 },
  b: { left: 300, top: 0, width: 100, height: 40 },
};

const realRect = Element.prototype.getBoundingClientRect;
const realRO = globalThis.ResizeObserver;

beforeAll(() => {
  // jsdom has no CSS.escape; the test ids need no escaping.
  if (typeof CSS === "undefined" || !CSS.escape) {
    Object.assign(globalThis, { CSS: { ...(globalThis.CSS ?? {}), escape: (s: string) => s } });
  }
  globalThis.ResizeObserver = FakeResizeObserver as unknown as typeof ResizeObserver;
  Element.prototype.getBoundingClientRect = function (this: Element) {
    const id = this.getAttribute("data-card-id");
    const b = (id && boxes[id]) || { left: 0, top: 0, width: 1000, height: 500 };
    return DOMRect.fromRect({ x: b.left, y: b.top, width: b.width, height: b.height });
  };
});
afterAll(() => {
  Element.prototype.getBoundingClientRect = realRect;
  globalThis.ResizeObserver = realRO;
});
afterEach(cleanup);

function card(id: string, links: string[] = []): CardRec {
  return {
    id,
    text: id,
    color: "yellow",
    tags: [],
    department: "",
    confidence: "assumption",
    author: "",
    createdAt: 0,
    links,
    placement: null,
    example: false,
  };
}

/** The board's arrangement: the layer rendered inside the grid it measures. */
function Grid({ cards }: { cards: Record<string, CardRec> }) {
  const [grid, setGrid] = useState<HTMLDivElement | null>(null);
  const attach = useCallback((el: HTMLDivElement | null) => setGrid(el), []);
  return (
    <div ref={attach}>
      <CardLinkLayer grid={grid} cards={cards} zoom={1} layoutKey="" />
      {Object.values(cards).map((c) => (
        <div key={c.id} data-testid="card" data-card-id={c.id} />
      ))}
    </div>
  );
}

describe("CardLinkLayer", () => {
  it("draws a saved link when the map opens", () => {
    render(<Grid cards={{ a: card("a", ["b"]), b: card("b") }} />);
    const arrows = screen.getAllByTestId("link-arrow");
    expect(arrows).toHaveLength(1);
    expect(arrows[0]?.getAttribute("d")).toMatch(/^M100 20 C/);
  });

  it("draws nothing without a grid or without links", () => {
    render(<CardLinkLayer grid={null} cards={{ a: card("a", ["b"]) }} zoom={1} layoutKey="" />);
    expect(screen.queryByTestId("link-layer")).toBeNull();
    cleanup();
    render(<Grid cards={{ a: card("a"), b: card("b") }} />);
    expect(screen.queryByTestId("link-arrow")).toBeNull();
  });

  it("measures again when the grid or a linked card resizes", () => {
    render(<Grid cards={{ a: card("a", ["b"]), b: card("b") }} />);
    const observed = observers.flatMap((o) => o.els.map((el) => el.getAttribute("data-card-id")));
    expect(observed).toEqual(expect.arrayContaining([null, "a", "b"]));
    const before = screen.getByTestId("link-arrow").getAttribute("d");
    const saved = boxes.b;
    boxes.b = { left: 300, top: 200, width: 100, height: 40 };
    try {
      act(() => {
        for (const o of [...observers]) o.cb([], o as unknown as ResizeObserver);
      });
      const after = screen.getByTestId("link-arrow").getAttribute("d");
      expect(after).not.toBe(before);
      expect(after).toMatch(/ 300 220$/);
    } finally {
      if (saved) boxes.b = saved;
    }
  });
});
