// Zoom gestures and "fit": Ctrl/Cmd + mouse wheel (and trackpad pinch, which browsers report as
// Ctrl+wheel) zooms the board; fit picks the zoom at which every stage fits the view's width.
import { type RefObject, useEffect } from "react";

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

/** The zoom (≤ 1) at which all stage columns fit the scroller's width, or null if not mounted. */
export function fitZoom(
  scroller: HTMLElement | null,
  grid: HTMLElement | null,
  stages: number,
): number | null {
  if (!scroller || !grid) return null;
  // The columns' minimum widths (the grid itself stretches to fill the view at any zoom).
  const css = getComputedStyle(grid);
  const px = (name: string) => Number.parseFloat(css.getPropertyValue(name)) || 0;
  const natural = px("--lane-col") + stages * px("--stage-col") + 48;
  return Math.min(1, (scroller.clientWidth - 8) / natural);
}
