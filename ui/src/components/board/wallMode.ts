// Wall mode: the board as the room's projector shows it. Everything that is for editing or
// finding one's way — the project list, the map's header, the board's toolbar, the inspector, the
// top bar's buttons — goes; the map's name, the workshop's timer and the board stay, larger
// (zoomed to fill the screen's width when the map is narrower than it), in full screen where the
// browser allows, and nothing on it can be edited by a stray click. Follow mode still moves it
// with the facilitator. Escape (or leaving full screen) ends it and puts the zoom back.
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

export function useWallMode(): WallMode {
  const [on, setOn] = useState(false);
  // Full screen this mode asked for (and so leaves again), as opposed to one the person chose.
  const ownFullscreen = useRef(false);

  const leave = useCallback(() => {
    setOn((was) => {
      if (!was) return was;
      setRootMark(false);
      if (ownFullscreen.current && document.fullscreenElement) {
        void document.exitFullscreen().catch(() => {});
      }
      ownFullscreen.current = false;
      return false;
    });
  }, []);

  const enter = useCallback(() => {
    setRootMark(true);
    setOn(true);
    const root = document.documentElement;
    if (!document.fullscreenElement && typeof root.requestFullscreen === "function") {
      // Refused without a user gesture, in a frame, or by the desktop window: the mode stands
      // without it.
      root.requestFullscreen().then(
        () => {
          ownFullscreen.current = true;
        },
        () => {},
      );
    }
  }, []);

  useEffect(() => {
    if (!on) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape" || e.isComposing || e.defaultPrevented) return;
      e.preventDefault();
      leave();
    };
    // The browser's own Escape ends full screen without a key event reaching the page.
    const onFullscreen = () => {
      if (!document.fullscreenElement && ownFullscreen.current) leave();
    };
    window.addEventListener("keydown", onKey);
    document.addEventListener("fullscreenchange", onFullscreen);
    return () => {
      window.removeEventListener("keydown", onKey);
      document.removeEventListener("fullscreenchange", onFullscreen);
    };
  }, [on, leave]);

  // A board that goes away (another map opened) takes the mode with it.
  useEffect(
    () => () => {
      setRootMark(false);
    },
    [],
  );

  return { on, enter, leave };
}

/**
 * While wall mode is on, the board is zoomed in to fill the screen's width when the map is
 * narrower than it (never out: a wide map keeps its size and scrolls, or follows the
 * facilitator); the zoom before is put back when it ends.
 */
export function useWallZoom(
  on: boolean,
  /** The largest zoom up to WALL_MAX_ZOOM at which the board's width fits (BoardZoom.ts). */
  fitZoomNow: () => number | null,
  zoom: number,
  setZoom: (zoom: number) => void,
): void {
  const latest = useRef({ fitZoomNow, zoom, setZoom });
  latest.current = { fitZoomNow, zoom, setZoom };
  useEffect(() => {
    if (!on) return;
    const before = latest.current.zoom;
    // Measured once the chrome is gone and the board has its new size.
    const cancel = afterNextFrame(() => {
      const fit = latest.current.fitZoomNow();
      if (fit !== null && fit > before) latest.current.setZoom(fit);
    });
    return () => {
      cancel();
      latest.current.setZoom(before);
    };
  }, [on]);
}
