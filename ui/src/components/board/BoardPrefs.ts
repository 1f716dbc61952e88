// Per-user view state of the board, kept in this browser's storage and never in the shared
// document (map-document.md): the zoom level, per map the collapsed lanes, and whether the left
// rail and the map header are collapsed (to give a laptop screen more board).
import { useCallback, useState } from "react";

const ZOOM_KEY = "wayline.boardZoom";
const collapsedKey = (mapId: string) => `wayline.collapsedLanes.${mapId}`;
export const ZOOM_MIN = 0.4;
export const ZOOM_MAX = 2;

/** A value kept in this browser's storage, or null (none, or storage refused: a private window). */
export function readStored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

/** Keeps `value` in this browser's storage; `null` forgets it. */
export function writeStored(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // not persisted; still applies for this session
  }
}

/** Storage keys of the on/off view choices that hold for every map. */
export const RAIL_COLLAPSED_KEY = "wayline.railCollapsed";
export const MAP_HEADER_COLLAPSED_KEY = "wayline.mapHeaderCollapsed";

/** An on/off view choice of this person (a collapsed panel), remembered across reloads. */
export function useRememberedFlag(key: string): [boolean, () => void] {
  const [on, setOn] = useState(() => readStored(key) === "true");
  const toggle = useCallback(() => {
    setOn((old) => {
      writeStored(key, String(!old));
      return !old;
    });
  }, [key]);
  return [on, toggle];
}

export function clampZoom(z: number): number {
  if (!Number.isFinite(z)) return 1;
  return Math.round(Math.max(ZOOM_MIN, Math.min(ZOOM_MAX, z)) * 100) / 100;
}

export function useBoardPrefs(mapId: string) {
  const [zoom, setZoomState] = useState(() => clampZoom(Number(readStored(ZOOM_KEY) ?? "1")));
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => {
    try {
      const v: unknown = JSON.parse(readStored(collapsedKey(mapId)) ?? "[]");
      return new Set(Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
    } catch {
      return new Set();
    }
  });
  const setZoom = useCallback((z: number | ((old: number) => number)) => {
    setZoomState((old) => {
      const next = clampZoom(typeof z === "function" ? z(old) : z);
      writeStored(ZOOM_KEY, String(next));
      return next;
    });
  }, []);
  const toggleCollapsed = useCallback(
    (laneId: string) => {
      setCollapsed((old) => {
        const next = new Set(old);
        if (next.has(laneId)) next.delete(laneId);
        else next.add(laneId);
        writeStored(collapsedKey(mapId), JSON.stringify([...next]));
        return next;
      });
    },
    [mapId],
  );
  return { zoom, setZoom, collapsed, toggleCollapsed };
}
