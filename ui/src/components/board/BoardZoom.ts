// Zoom gestures and "fit": Ctrl/Cmd + mouse wheel (and trackpad pinch, which browsers report as
// Ctrl+wheel) zooms the board; fit picks the largest zoom at which the whole board (every stage and
// every lane) fits the view, but never below a zoom at which cards are still readable.
import { type RefObject, useEffect } from "react";
import { ZOOM_MIN } from "./BoardPrefs";

export function useZoomGestures(
  root: RefObject<HTMLElement | null>,
  setZoom: (f: (old: number) => number) => void,
): void {
  useEffect(() => {
    const el = root.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      if (!(e.ctrlKey || e.metaKey)) return;
      e.preventDefault();
      const step = Math.max(-0.2, Math.min(0.2, -e.deltaY / 500));
      setZoom((z) => z + step);
    };
    el.addEventListener("wheel", onWheel, { passive: false });
    return () => el.removeEventListener("wheel", onWheel);
  }, [root, setZoom]);
}

/**
 * Below this, card text is too small to read on a laptop (12 px text drawn at 9 px): Fit stops
 * here. At 50% the text was 6 px, which nobody in the room could read.
 */
export const FIT_MIN = Math.max(ZOOM_MIN, 0.75);

/**
 * The largest zoom in [min, max], to the hundredth, at which `fits` holds; `fits` must hold for
 * every zoom below one at which it holds (a smaller board never stops fitting). Null when the
 * board does not fit even at `min`.
 */
export function largestFittingZoom(
  fits: (zoom: number) => boolean,
  min: number,
  max: number,
): number | null {
  // Searched in whole hundredths, the steps the zoom is kept in (BoardPrefs clampZoom).
  let lo = Math.ceil(min * 100 - 1e-9);
  let hi = Math.floor(max * 100 + 1e-9);
  if (fits(hi / 100)) return hi / 100;
  if (!fits(lo / 100)) return null;
  while (hi - lo > 1) {
    // invariant: lo fits, hi does not
    const mid = Math.floor((lo + hi) / 2);
    if (fits(mid / 100)) lo = mid;
    else hi = mid;
  }
  return lo / 100;
}

/**
 * The zoom for "Fit": the largest (at most 100%) at which the whole grid fits the scroller's
 * width and height; when it does not fit even at FIT_MIN, FIT_MIN: as much of the board as can
 * still be read (the rest scrolls). Null if the board is not mounted.
 *
 * Narrower columns wrap card text onto more lines, so the board's height is not proportional to
 * the zoom: each candidate is laid out for real (the grid's zoom set for the measurement and put
 * back before returning; the caller then applies the result).
 */
export function fitZoom(scroller: HTMLElement | null, grid: HTMLElement | null): number | null {
  return largestZoomThatFits(scroller, grid, "whole", FIT_MIN, 1, FIT_MIN);
}

/**
 * The largest zoom in [1, max] at which the grid's width fits the scroller (wall mode, on a
 * projector: a narrow map is drawn larger); null when it does not fit even at 100%.
 */
export function fitWidthZoom(
  scroller: HTMLElement | null,
  grid: HTMLElement | null,
  max: number,
): number | null {
  return largestZoomThatFits(scroller, grid, "width", 1, max, null);
}

function largestZoomThatFits(
  scroller: HTMLElement | null,
  grid: HTMLElement | null,
  what: "whole" | "width",
  min: number,
  max: number,
  otherwise: number | null,
): number | null {
  if (!scroller || !grid) return null;
  const before = grid.style.zoom;
  const fits = (zoom: number) => {
    grid.style.zoom = String(zoom);
    // Reading the sizes lays the board out at this zoom (the scrollbars go when it fits).
    const wide = scroller.scrollWidth <= scroller.clientWidth + 1;
    return what === "width" ? wide : wide && scroller.scrollHeight <= scroller.clientHeight + 1;
  };
  try {
    return largestFittingZoom(fits, min, max) ?? otherwise;
  } finally {
    grid.style.zoom = before;
  }
}
