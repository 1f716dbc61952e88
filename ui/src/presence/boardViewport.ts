// The board's viewport as presence publishes it (the centre of the visible board in unzoomed
// pixels, and the zoom), and the scroll position that shows someone else's viewport here — the
// same centre whatever the size of this window.
import type { Viewport } from "./state";

export interface ScrollBox {
  scrollLeft: number;
  scrollTop: number;
  clientWidth: number;
  clientHeight: number;
}

/** To a hundredth of a pixel: whole pixels, divided by the zoom, would move a follower by one. */
const exact = (v: number) => Math.round(v * 100) / 100;

export function viewportOf(el: ScrollBox, zoom: number): Viewport {
  return {
    x: exact((el.scrollLeft + el.clientWidth / 2) / zoom),
    y: exact((el.scrollTop + el.clientHeight / 2) / zoom),
    zoom,
  };
}

/** Where to scroll `el`, already at `v.zoom`, so its centre is `v`'s centre. */
export function scrollFor(el: ScrollBox, v: Viewport): { left: number; top: number } {
  return {
    left: Math.max(0, Math.round(v.x * v.zoom - el.clientWidth / 2)),
    top: Math.max(0, Math.round(v.y * v.zoom - el.clientHeight / 2)),
  };
}
