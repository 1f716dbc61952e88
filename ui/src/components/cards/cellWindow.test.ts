// The board's window over its cells: a cell coming into view draws at once; one only near the view
// waits for an idle moment (its render and layout would otherwise hold up the frames right after
// the board opens); one past FAR lets its cards go.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CellWindow } from "./cellWindow";

type Callback = (entries: Partial<IntersectionObserverEntry>[]) => void;
const observers: { margin: string; callback: Callback }[] = [];

class FakeObserver {
  constructor(callback: Callback, options: IntersectionObserverInit) {
    observers.push({ margin: options.rootMargin ?? "", callback });
  }
  observe() {}
  unobserve() {}
  disconnect() {}
}

const observer = (margin: string) => {
  const found = observers.find((o) => o.margin === margin);
  if (!found) throw new Error(`no observer with margin "${margin}"`);
  return found.callback;
};

describe("the cell window", () => {
  beforeEach(() => {
    observers.length = 0;
    vi.useFakeTimers();
    vi.stubGlobal("IntersectionObserver", FakeObserver);
    vi.stubGlobal("requestIdleCallback", (cb: () => void) => setTimeout(cb, 20));
    vi.stubGlobal("cancelIdleCallback", (id: number) => clearTimeout(id));
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it("draws a cell in view at once and one near it once the browser is idle", () => {
    const win = new CellWindow();
    const seen = document.createElement("div");
    const near = document.createElement("div");
    const reports: string[] = [];
    win.watch(seen, (drawn) => reports.push(`seen ${drawn}`));
    win.watch(near, (drawn) => reports.push(`near ${drawn}`));
    win.attach(document.createElement("section"));
    observer("100% 60%")([
      { target: seen, isIntersecting: true },
      { target: near, isIntersecting: true },
    ]);
    observer("")([{ target: seen, isIntersecting: true }]);
    expect(reports).toEqual(["seen true"]);
    vi.advanceTimersByTime(20);
    // `seen` was drawn already: asked again only for what still waited.
    expect(reports).toEqual(["seen true", "near true"]);
  });

  it("forgets a waiting cell that left the margin, or went past FAR, before the idle moment", () => {
    const win = new CellWindow();
    const gone = document.createElement("div");
    const far = document.createElement("div");
    const reports: string[] = [];
    win.watch(gone, (drawn) => reports.push(`gone ${drawn}`));
    win.watch(far, (drawn) => reports.push(`far ${drawn}`));
    win.attach(document.createElement("section"));
    observer("100% 60%")([
      { target: gone, isIntersecting: true },
      { target: far, isIntersecting: true },
    ]);
    observer("100% 60%")([{ target: gone, isIntersecting: false }]);
    observer("250% 150%")([{ target: far, isIntersecting: false }]);
    vi.advanceTimersByTime(50);
    expect(reports).toEqual(["far false"]);
    win.dispose();
  });
});
