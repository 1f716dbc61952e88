// Wall mode: the board as the room's projector shows it. Everything that is for editing or
// finding one's way — the project list, the map's header, the board's toolbar, the inspector, the
// top bar's buttons — goes; the map's name, the workshop's timer and the board stay, larger
// (zoomed to fill the screen's width when the map is narrower than it), in full screen where the
// browser allows, and nothing on it can be edited by a stray click. Follow mode still moves it
// with the facilitator (and keeps its zoom: wall mode zooms only a board that follows no one).
// Escape (or leaving full screen) ends it and puts the zoom back.
//
// The page says it on its root element (`data-wall="on"`), which `wall.css` reads: the pieces it
// hides belong to the app's shell, not to the board.
import { useCallback, useEffect, useRef, useState } from "react";
import { afterNextFrame } from "../shared/afterNextFrame";
import "./wall.css";

/** The most wall mode zooms a narrow map in (text two times its size). */
export const WALL_MAX_ZOOM = 2;

export interface WallMode {
  on: boolean;
  enter: () => void;
  leave: () => void;
}

function setRootMark(on: boolean): void {
  if (on) document.documentElement.dataset.wall = "on";
  else delete document.documentElement.dataset.wall;
}

/** A dialog or popover is open: its Escape is its own. */
function somethingOpenOnTop(): boolean {
  return document.querySelector('[role="dialog"], [data-board-popover]') !== null;
}

export function useWallMode(): WallMode {
  const [on, setOn] = useState(false);
  const onRef = useRef(false);
  // Full screen this mode asked for (and so leaves again), as opposed to one the person chose.
  const ownFullscreen = useRef(false);
  const left = useRef(false);

  const leave = useCallback(() => {
    if (!onRef.current) return;
    onRef.current = false;
    left.current = true;
    setRootMark(false);
    if (ownFullscreen.current && document.fullscreenElement) {
      void document.exitFullscreen().catch(() => {});
    }
    ownFullscreen.current = false;
    setOn(false);
  }, []);

  const enter = useCallback(() => {
    if (onRef.current) return;
    onRef.current = true;
    left.current = false;
    setRootMark(true);
    setOn(true);
    const root = document.documentElement;
    if (!document.fullscreenElement && typeof root.requestFullscreen === "function") {
      // Refused without a user gesture, in a frame, or by the desktop window: the mode stands
      // without it. Left before the answer came: full screen is left again at once.
      root.requestFullscreen().then(
        () => {
          if (left.current) void document.exitFullscreen().catch(() => {});
          else ownFullscreen.current = true;
        },
        () => {},
      );
    }
  }, []);

  useEffect(() => {
    if (!on) return;
    // Before the board's own listeners (follow mode stops on Escape; leaving the wall must not).
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape" || e.isComposing || e.defaultPrevented || somethingOpenOnTop()) return;
      e.preventDefault();
      leave();
    };
    // The browser's own Escape ends full screen without a key event reaching the page.
    const onFullscreen = () => {
      if (!document.fullscreenElement && ownFullscreen.current) leave();
    };
    window.addEventListener("keydown", onKey, true);
    document.addEventListener("fullscreenchange", onFullscreen);
    return () => {
      window.removeEventListener("keydown", onKey, true);
      document.removeEventListener("fullscreenchange", onFullscreen);
    };
  }, [on, leave]);

  // A board that goes away (another map opened) takes its wall mode with it.
  useEffect(() => leave, [leave]);

  return { on, enter, leave };
}

/**
 * While wall mode is on, a board that follows no one is zoomed in to fill the screen's width when
 * the map is narrower than it (never out: a wide map keeps its size and scrolls), measured again
 * when the window changes size (full screen arrives a moment later); the zoom before is put back
 * when it ends. A board following the facilitator keeps the zoom follow mode gives it.
 */
export function useWallZoom(
  on: boolean,
  /** The largest zoom up to WALL_MAX_ZOOM at which the board's width fits (BoardZoom.ts). */
  fitZoomNow: () => number | null,
  following: () => boolean,
  zoom: number,
  setZoom: (zoom: number) => void,
): void {
  const latest = useRef({ fitZoomNow, following, zoom, setZoom });
  latest.current = { fitZoomNow, following, zoom, setZoom };
  useEffect(() => {
    if (!on || latest.current.following()) return;
    const before = latest.current.zoom;
    let zoomed = false;
    // Measured once the chrome is gone and the board has its new size.
    let cancel = () => {};
    const measure = () => {
      cancel();
      cancel = afterNextFrame(() => {
        if (latest.current.following()) return;
        const fit = latest.current.fitZoomNow();
        const next = fit !== null && fit > before ? fit : before;
        if (next !== latest.current.zoom) {
          zoomed = true;
          latest.current.setZoom(next);
        }
      });
    };
    measure();
    window.addEventListener("resize", measure);
    return () => {
      cancel();
      window.removeEventListener("resize", measure);
      if (zoomed && !latest.current.following()) latest.current.setZoom(before);
    };
  }, [on]);
}
