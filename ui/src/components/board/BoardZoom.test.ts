// Tests "Fit": the search for the largest zoom at which the board fits, and fitZoom on a board
// whose size follows its zoom (jsdom has no layout, so the sizes are given).
import { describe, expect, it } from "vitest";
import { FIT_MIN, fitZoom, largestFittingZoom } from "./BoardZoom";

describe("largestFittingZoom", () => {
  it("keeps 100% when the board fits at 100%", () => {
    expect(largestFittingZoom(() => true, 0.5, 1)).toBe(1);
  });
  it("finds the largest fitting zoom to the hundredth, never rounding up", () => {
    expect(largestFittingZoom((z) => z <= 0.734, 0.5, 1)).toBe(0.73);
    expect(largestFittingZoom((z) => z <= 0.5, 0.5, 1)).toBe(0.5);
    expect(largestFittingZoom((z) => 1200 * z <= 650, 0.5, 1)).toBe(0.54);
  });
  it("says so when nothing fits at the minimum", () => {
    expect(largestFittingZoom((z) => z <= 0.3, 0.5, 1)).toBeNull();
  });
});

/** A scroller of the given size around a grid of the given size at 100%. */
function board(view: { w: number; h: number }, content: { w: number; h: number }) {
  const scroller = document.createElement("section");
  const grid = document.createElement("div");
  scroller.append(grid);
  grid.style.zoom = "1";
  const zoom = () => Number(grid.style.zoom || "1");
  const sizes = {
    clientWidth: () => view.w,
    clientHeight: () => view.h,
    // The grid fills the view's width at least (its columns stretch).
    scrollWidth: () => Math.max(view.w, content.w * zoom()),
    scrollHeight: () => Math.max(view.h, content.h * zoom()),
  };
  for (const [name, get] of Object.entries(sizes)) {
    Object.defineProperty(scroller, name, { get, configurable: true });
  }
  return { scroller, grid };
}

describe("fitZoom", () => {
  it("fits the height when the height is what overflows", () => {
    const { scroller, grid } = board({ w: 1300, h: 800 }, { w: 1200, h: 1000 });
    expect(fitZoom(scroller, grid)).toBe(0.8);
  });
  it("fits the width when the width is what overflows", () => {
    const { scroller, grid } = board({ w: 900, h: 650 }, { w: 1200, h: 500 });
    expect(fitZoom(scroller, grid)).toBe(0.75);
  });
  it("never zooms in past 100%", () => {
    const { scroller, grid } = board({ w: 1900, h: 1000 }, { w: 1200, h: 500 });
    expect(fitZoom(scroller, grid)).toBe(1);
  });
  it("stops at the readable minimum when even that does not fit", () => {
    const { scroller, grid } = board({ w: 1100, h: 650 }, { w: 1200, h: 3000 });
    expect(FIT_MIN).toBe(0.75);
    expect(fitZoom(scroller, grid)).toBe(FIT_MIN);
  });
  it("puts the grid's zoom back after measuring", () => {
    const { scroller, grid } = board({ w: 1300, h: 650 }, { w: 1200, h: 1000 });
    grid.style.zoom = "0.8";
    fitZoom(scroller, grid);
    expect(grid.style.zoom).toBe("0.8");
  });
  it("is null before the board is mounted", () => {
    expect(fitZoom(null, null)).toBeNull();
  });
});
