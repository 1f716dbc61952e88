// The channel and metric cells of a large board draw their content only near the view, as card
// cells do (cellWindow.ts): from the first render when the first view holds them, else once the
// board's window reports them near; on a board that draws every card, always.
import { act, cleanup, render, screen } from "@testing-library/react";
import type { ReactNode } from "react";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { cellKey } from "../../doc/store";
import { initI18n } from "../../i18n";
import type { BoardActions } from "../board/boardActions";
import { CellWindow, CellWindowContext } from "../cards/cellWindow";
import { ChannelCell } from "./ChannelCell";
import { MetricCell } from "./MetricCell";

type Callback = (entries: Partial<IntersectionObserverEntry>[]) => void;
/** The window's observers by their margin: "" in view, the others near and far. */
const observers = new Map<string, Callback>();

class FakeObserver {
  constructor(callback: Callback, options: IntersectionObserverInit) {
    observers.set(options.rootMargin ?? "", callback);
  }
  observe() {}
  unobserve() {}
  disconnect() {}
}

const actions = {} as BoardActions;

/** The observer with `margin` reports every cell as within it or not. */
function report(margin: string, isIntersecting: boolean) {
  act(() => {
    observers.get(margin)?.(
      screen.getAllByTestId("cell").map((target) => ({ target, isIntersecting })),
    );
  });
}

function windowOver(firstCells: string[]): CellWindow {
  const perCell = new Map(firstCells.map((key) => [key, 0]));
  const win = new CellWindow({ perCell, cardsPerCell: 1 });
  win.attach(document.createElement("section"));
  return win;
}

function within(win: CellWindow | null, children: ReactNode) {
  return render(<CellWindowContext.Provider value={win}>{children}</CellWindowContext.Provider>);
}

const cells = (
  <>
    <MetricCell stageId="s1" laneId="metrics" metrics={[]} actions={actions} />
    <ChannelCell stageId="s1" laneId="channels" active={[]} actions={actions} />
  </>
);

describe("the channel and metric cells of a large board", () => {
  beforeAll(() => {
    initI18n("en");
  });
  beforeEach(() => {
    observers.clear();
    vi.stubGlobal("IntersectionObserver", FakeObserver);
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it("draw nothing out of view, and their pickers once the window reports them", () => {
    within(windowOver([]), cells);
    expect(screen.queryByTestId("add-metric")).toBeNull();
    expect(screen.queryByTestId("channel-picker")).toBeNull();
    // Still in the grid: a cell to focus and to navigate to.
    expect(screen.getAllByTestId("cell")).toHaveLength(2);
    report("", true);
    expect(screen.getByTestId("add-metric")).toBeTruthy();
    expect(screen.getByTestId("channel-picker")).toBeTruthy();
    // Past FAR they keep what they drew: a lane letting go of its tiles would shrink above the view.
    report("250% 150%", false);
    expect(screen.getByTestId("add-metric")).toBeTruthy();
    expect(screen.getByTestId("channel-picker")).toBeTruthy();
  });

  it("stay drawn when their board grows past the cards it draws whole", () => {
    const { rerender } = within(null, cells);
    const field = screen.getByTestId("add-metric-kind");
    field.focus();
    rerender(
      <CellWindowContext.Provider value={windowOver([])}>{cells}</CellWindowContext.Provider>,
    );
    expect(screen.getByTestId("add-metric-kind")).toBe(field);
    expect(document.activeElement).toBe(field);
  });

  it("draw from the first render when the first view holds them", () => {
    within(windowOver([cellKey("s1", "metrics"), cellKey("s1", "channels")]), cells);
    expect(screen.getByTestId("add-metric")).toBeTruthy();
    expect(screen.getByTestId("channel-picker")).toBeTruthy();
  });

  it("always draw on a board that draws every card", () => {
    within(null, cells);
    expect(screen.getByTestId("add-metric")).toBeTruthy();
    expect(screen.getByTestId("channel-picker")).toBeTruthy();
  });
});
