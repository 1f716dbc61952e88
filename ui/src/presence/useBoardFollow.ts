// Connects the board's scroller to presence: publishes this person's viewport as they scroll and
// zoom, and while following someone, zooms and scrolls to their viewport whenever it changes.
// Following stops on Escape, on the mouse wheel, on a zoom change made here, and on any scroll
// that is not the one follow mode made (scroll bar, keys, search, jump to a card).
import { type RefObject, useEffect, useLayoutEffect, useRef } from "react";
import { releaseView } from "../components/board/BoardKeys";
import { clampZoom } from "../components/board/BoardPrefs";
import { afterNextFrame } from "../components/shared/afterNextFrame";
import { scrollFor, viewportOf } from "./boardViewport";
import type { MapPresence } from "./mapPresence";

/** Pixels a scroll may differ from the one follow mode made before it counts as manual. */
const SLACK = 2;

export function useBoardFollow(
  presence: MapPresence | null,
  scrollRef: RefObject<HTMLElement | null>,
  zoom: number,
  setZoom: (z: number) => void,
  following: string | null,
): void {
  const zoomRef = useRef(zoom);
  zoomRef.current = zoom;
  /** Where follow mode last scrolled to; null when not following. */
  const made = useRef<{ left: number; top: number } | null>(null);
  /** A zoom follow mode asked for and the board has not rendered yet. */
  const pendingZoom = useRef<number | null>(null);

  const apply = useRef(() => {});
  apply.current = () => {
    const el = scrollRef.current;
    const v = presence?.follow.target()?.viewport;
    if (!el || !v) return;
    // The view is the followed person's now, not that of a card just revealed here.
    releaseView(el);
    const z = clampZoom(v.zoom);
    if (z !== zoomRef.current) {
      pendingZoom.current = z;
      setZoom(z);
      return; // scrolled once the new zoom is rendered (layout effect below)
    }
    const to = scrollFor(el, { ...v, zoom: z });
    el.scrollLeft = to.left;
    el.scrollTop = to.top;
    made.current = { left: el.scrollLeft, top: el.scrollTop };
  };

  // Publish this person's viewport; notice manual scrolling while following.
  useEffect(() => {
    const el = scrollRef.current;
    if (!el || !presence) return;
    const publish = () => presence.setViewport(viewportOf(el, zoomRef.current));
    const onScroll = () => {
      const m = made.current;
      if (
        m &&
        presence.follow.getState().target &&
        (Math.abs(el.scrollLeft - m.left) > SLACK || Math.abs(el.scrollTop - m.top) > SLACK)
      )
        presence.follow.stop();
      publish();
    };
    const onWheel = () => presence.follow.stop();
    el.addEventListener("scroll", onScroll, { passive: true });
    el.addEventListener("wheel", onWheel, { passive: true });
    el.addEventListener("touchstart", onWheel, { passive: true });
    // The observer's first call, once the board is laid out, publishes the first viewport:
    // reading it here would force a layout of the whole board in the middle of its first render.
    const resize = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(publish);
    if (resize) resize.observe(el);
    else publish();
    return () => {
      el.removeEventListener("scroll", onScroll);
      el.removeEventListener("wheel", onWheel);
      el.removeEventListener("touchstart", onWheel);
      resize?.disconnect();
      presence.setViewport(null);
    };
  }, [presence, scrollRef]);

  // A zoom change: follow mode's own (then scroll), or this person's (then stop following).
  const shownZoom = useRef(zoom);
  useLayoutEffect(() => {
    const el = scrollRef.current;
    // The board's first zoom is published by the observer above, once the board is laid out.
    const changed = shownZoom.current !== zoom;
    shownZoom.current = zoom;
    // Read once the frame that lays out the new zoom is done: a frame callback runs before that
    // layout, so reading there forced it early (the whole board, every time).
    const read =
      el && presence && changed
        ? afterNextFrame(() => presence.setViewport(viewportOf(el, zoom)))
        : null;
    if (pendingZoom.current === zoom) {
      pendingZoom.current = null;
      apply.current();
    } else if (presence?.follow.getState().target) presence.follow.stop();
    return () => read?.();
  }, [zoom, presence, scrollRef]);

  // While following: track the target's viewport, stop on Escape.
  useEffect(() => {
    const el = scrollRef.current;
    if (!presence || !following || !el) return;
    let last = presence.follow.target()?.viewport ?? null;
    apply.current();
    const unsubscribe = presence.sync.subscribe(() => {
      const v = presence.follow.target()?.viewport ?? null;
      if (v === last) return;
      last = v;
      apply.current();
    });
    const onKey = (e: KeyboardEvent) => {
      // An Escape something else took (leaving wall mode, closing a popover) is not this one.
      if (e.key === "Escape" && !e.defaultPrevented) presence.follow.stop();
    };
    window.addEventListener("keydown", onKey);
    // Content growing above the view must not move it (that would read as a manual scroll).
    const anchor = el.style.overflowAnchor;
    el.style.overflowAnchor = "none";
    return () => {
      unsubscribe();
      window.removeEventListener("keydown", onKey);
      el.style.overflowAnchor = anchor;
      made.current = null;
      pendingZoom.current = null;
    };
  }, [presence, following, scrollRef]);
}
