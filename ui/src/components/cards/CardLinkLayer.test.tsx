// CardLinkLayer draws a saved link as soon as the board grid is attached, measures again when a
// linked card changes size (drawing the arrows before that frame is painted) or a link is added,
// and does nothing for an edit that moves nothing (typing into a card on a 2,000-card board must
// not measure every arrow).
import { act, cleanup, render, screen } from "@testing-library/react";
import { useCallback, useState } from "react";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { CardRec } from "../../doc/schema";
import type { MapStore, MapView } from "../../doc/store";
import { CardLinkLayer } from "./CardLinkLayer";
import { CardElements } from "./cardElements";

const observers: { cb: ResizeObserverCallback; els: Element[] }[] = [];

class FakeResizeObserver {
  private entry: { cb: ResizeObserverCallback; els: Element[] };
  constructor(cb: ResizeObserverCallback) {
    this.entry = { cb, els: [] };
    observers.push(this.entry);
  }
  observe(el: Element) {
    this.entry.els.push(el);
    // As a browser does: every element newly observed is reported once, after the next layout.
    const entry = this.entry;
    setTimeout(() => {
      if (observers.includes(entry)) entry.cb([], this as unknown as ResizeObserver);
    }, 0);
  }
  unobserve() {}
  disconnect() {
    const i = observers.indexOf(this.entry);
    if (i >= 0) observers.splice(i, 1);
  }
}

/** Card boxes by id; everything else (the grid) sits at the origin. */
const boxes: Record<string, { left: number; top: number; width: number; height: number }> = {};
let measured = 0;

const realRect = Element.prototype.getBoundingClientRect;
const realRO = globalThis.ResizeObserver;
const realRaf = globalThis.requestAnimationFrame;

beforeAll(() => {
  globalThis.ResizeObserver = FakeResizeObserver as unknown as typeof ResizeObserver;
  globalThis.requestAnimationFrame = (cb) => setTimeout(() => cb(0), 0) as unknown as number;
  Element.prototype.getBoundingClientRect = function (this: Element) {
    measured++;
    const id = this.getAttribute("data-card-id");
    const b = (id && boxes[id]) || { left: 0, top: 0, width: 1000, height: 500 };
    return DOMRect.fromRect({ x: b.left, y: b.top, width: b.width, height: b.height });
  };
});
afterAll(() => {
  Element.prototype.getBoundingClientRect = realRect;
  globalThis.ResizeObserver = realRO;
  globalThis.requestAnimationFrame = realRaf;
});
beforeEach(() => {
  observers.length = 0;
  boxes.a = { left: 0, top: 0, width: 100, height: 40 };
  boxes.b = { left: 300, top: 0, width: 100, height: 40 };
  boxes.c = { left: 0, top: 100, width: 100, height: 40 };
});
afterEach(cleanup);

function card(id: string, links: string[] = [], text = id): CardRec {
  return {
    id,
    text,
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

/** A store holding only cards, whose view can be replaced as an edit would. */
function fakeStore(cards: Record<string, CardRec>) {
  const listeners = new Set<() => void>();
  let view = {
    cards,
    cells: new Map(),
    stages: [],
    lanes: [],
    channels: new Set(),
    metrics: {},
    emotions: {},
    version: 0,
    cardsBefore: null,
  } as unknown as MapView;
  return {
    store: {
      getView: () => view,
      subscribe: (fn: () => void) => {
        listeners.add(fn);
        return () => listeners.delete(fn);
      },
    } as unknown as MapStore,
    setCards(next: Record<string, CardRec>) {
      // As the store says it: the cards whose record changed, with their records before.
      const ids = new Set([...Object.keys(view.cards), ...Object.keys(next)]);
      const changed = [...ids].filter((id) => view.cards[id] !== next[id]);
      const cardsBefore = new Map(changed.map((id) => [id, view.cards[id]]));
      view = { ...view, version: view.version + 1, cards: next, cardsBefore };
      for (const fn of listeners) fn();
    },
  };
}

/** The board's arrangement: the layer inside the grid, cards registering their elements. */
function Grid(p: { cards: Record<string, CardRec>; store: MapStore; elements: CardElements }) {
  const [grid, setGrid] = useState<HTMLDivElement | null>(null);
  const attach = useCallback((el: HTMLDivElement | null) => setGrid(el), []);
  return (
    <div ref={attach}>
      <CardLinkLayer grid={grid} store={p.store} elements={p.elements} zoom={1} collapsedKey="" />
      {Object.values(p.cards).map((c) => (
        <div
          key={c.id}
          data-testid="card"
          data-card-id={c.id}
          ref={(el) => (el ? p.elements.add(c.id, el) : undefined)}
        />
      ))}
    </div>
  );
}

const nextFrame = () => act(() => new Promise((r) => setTimeout(r, 5)));

describe("CardLinkLayer", () => {
  it("draws a saved link when the map opens", async () => {
    const cards = { a: card("a", ["b"]), b: card("b") };
    render(<Grid cards={cards} store={fakeStore(cards).store} elements={new CardElements()} />);
    await nextFrame();
    const arrows = screen.getAllByTestId("link-arrow");
    expect(arrows).toHaveLength(1);
    expect(arrows[0]?.getAttribute("d")).toMatch(/^M100 20 C/);
  });

  it("draws nothing without a grid or without links", async () => {
    const { store } = fakeStore({ a: card("a", ["b"]) });
    render(
      <CardLinkLayer
        grid={null}
        store={store}
        elements={new CardElements()}
        zoom={1}
        collapsedKey=""
      />,
    );
    expect(screen.queryByTestId("link-layer")).toBeNull();
    cleanup();
    const cards = { a: card("a"), b: card("b") };
    render(<Grid cards={cards} store={fakeStore(cards).store} elements={new CardElements()} />);
    await nextFrame();
    expect(screen.queryByTestId("link-arrow")).toBeNull();
  });

  it("measures again when a linked card resizes, in the frame the resize is reported in", async () => {
    const cards = { a: card("a", ["b"]), b: card("b") };
    const elements = new CardElements();
    render(<Grid cards={cards} store={fakeStore(cards).store} elements={elements} />);
    await nextFrame();
    const before = screen.getByTestId("link-arrow").getAttribute("d");
    boxes.b = { left: 300, top: 200, width: 100, height: 40 };
    measured = 0;
    // The browser reports resizes once per frame, after layout, to one observer for cards and grid.
    expect(observers).toHaveLength(1);
    act(() => {
      for (const o of [...observers]) o.cb([], o as unknown as ResizeObserver);
    });
    // Drawn before that frame is painted, not in the next one.
    const after = screen.getByTestId("link-arrow").getAttribute("d");
    expect(after).not.toBe(before);
    expect(after).toMatch(/ 300 220$/);
    // The grid and the two cards of the one arrow.
    expect(measured).toBe(3);
    await nextFrame();
    expect(measured).toBe(3);
  });

  it("measures nothing for an edit that changes no link and moves no card", async () => {
    const cards = { a: card("a", ["b"]), b: card("b"), c: card("c") };
    const fake = fakeStore(cards);
    render(<Grid cards={cards} store={fake.store} elements={new CardElements()} />);
    await nextFrame();
    measured = 0;
    act(() => fake.setCards({ ...cards, c: card("c", [], "客户说太慢") }));
    await nextFrame();
    expect(measured).toBe(0);
    act(() => fake.setCards({ ...cards, c: card("c", ["a"]) }));
    await nextFrame();
    expect(screen.getAllByTestId("link-arrow")).toHaveLength(2);
  });
});
