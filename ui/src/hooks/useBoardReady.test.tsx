// When the board says it is ready (data-ready, aria-busy, the "add lane" button): a map drawn from
// the host's copy at once, until its first join has an outcome; any map while it is joined and
// loaded.
import { act, renderHook } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { RoomSync } from "../sync/room";
import type { RoomStatus } from "../sync/types";
import { OFFLINE, type OpenMap, useBoardReady } from "./useOpenMap";

/** A room whose status the test sets, telling its subscribers. */
function fakeRoom() {
  let status = OFFLINE;
  const listeners = new Set<() => void>();
  const room = {
    getStatus: () => status,
    subscribe: (fn: () => void) => {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  } as unknown as RoomSync;
  const set = (next: Partial<RoomStatus>) =>
    act(() => {
      status = { ...status, ...next };
      for (const fn of listeners) fn();
    });
  return { room, set };
}

const openMap = (room: RoomSync, fromHostCopy: boolean) =>
  ({ mapId: "m", room, fromHostCopy }) as unknown as OpenMap;

describe("the board is ready", () => {
  it("once the join has brought a map opened without the copy, and not while it reconnects", () => {
    const { room, set } = fakeRoom();
    const open = openMap(room, false);
    const { result } = renderHook(() => useBoardReady(open));
    expect(result.current).toBe(false);
    set({ joined: true, loaded: true, state: "saved" });
    expect(result.current).toBe(true);
    set({ joined: false, state: "offline" });
    expect(result.current).toBe(false);
  });

  it("at once for a map drawn from the host's copy, then as its joins go", () => {
    const { room, set } = fakeRoom();
    const open = openMap(room, true);
    const { result } = renderHook(() => useBoardReady(open));
    expect(result.current).toBe(true);
    set({ joined: true, loaded: true, state: "saved" });
    expect(result.current).toBe(true);
    // The socket drops after the first join: busy while it reconnects, as any map.
    set({ joined: false, state: "offline" });
    expect(result.current).toBe(false);
  });

  it("not when the host refuses the join of a map drawn from the copy", () => {
    const { room, set } = fakeRoom();
    const open = openMap(room, true);
    const { result } = renderHook(() => useBoardReady(open));
    set({ error: { kind: "join", detail: "AuthFailed" } as RoomStatus["error"] });
    expect(result.current).toBe(false);
  });

  it("not without a map", () => {
    const { result } = renderHook(() => useBoardReady(null));
    expect(result.current).toBe(false);
  });
});
