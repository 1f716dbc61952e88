// A participant whose room is down checks their seat every few seconds: an answer saying the
// workshop ended is final; no answer at all for about half a minute, while the browser has a
// network, is said as "the host is unreachable" (a workshop ended while this device was offline
// has closed its address); an answer again, or the room back, ends that.
import { act, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { HostError } from "../../api/http";
import type { RoomSync } from "../../sync/room";
import type { RoomStatus } from "../../sync/types";
import type { ParticipantSession } from "../../wire/ParticipantSession";
import { ParticipantApi } from "./api";
import {
  CHECK_EVERY_MS,
  FIRST_CHECK_MS,
  UNREACHABLE_AFTER_CHECKS,
  useSessionWatch,
} from "./useSessionWatch";

function fakeRoom(state: RoomStatus["state"]) {
  const listeners = new Set<() => void>();
  let status = {
    state,
    joined: false,
    loaded: true,
    pending: 0,
    error: null,
    notice: null,
    access: null,
  } as RoomStatus;
  const room = {
    getStatus: () => status,
    subscribe: (fn: () => void) => {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  } as unknown as RoomSync;
  const set = (next: RoomStatus["state"]) => {
    status = { ...status, state: next };
    for (const fn of listeners) fn();
  };
  return { room, set };
}

const noSession = () => undefined;

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

async function checks(n: number): Promise<void> {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(FIRST_CHECK_MS + (n - 1) * CHECK_EVERY_MS + 1);
  });
}

describe("useSessionWatch", () => {
  it("says the host is unreachable after half a minute without any answer, and not before", async () => {
    // The participant's own api, its requests failing as a closed address fails them.
    const api = new ParticipantApi("http://127.0.0.2:9", async () => {
      throw new TypeError("Failed to fetch");
    });
    const { room, set } = fakeRoom("offline");
    const { result } = renderHook(() => useSessionWatch(api, "t", room, noSession));
    await checks(UNREACHABLE_AFTER_CHECKS - 1);
    expect(result.current).toEqual({ finished: null, unreachable: false });
    await act(async () => {
      await vi.advanceTimersByTimeAsync(CHECK_EVERY_MS);
    });
    expect(result.current).toEqual({ finished: null, unreachable: true });
    // The room is back: nothing is said any more.
    act(() => set("saved"));
    expect(result.current.unreachable).toBe(false);
  });

  it("ends the seat on the host's word that the workshop ended", async () => {
    const session = vi.fn(async (): Promise<ParticipantSession> => {
      throw new HostError(410, { code: "workshop_ended", message: "the workshop has ended" });
    });
    const api = { session } as unknown as ParticipantApi;
    const { room } = fakeRoom("offline");
    const { result } = renderHook(() => useSessionWatch(api, "t", room, noSession));
    await checks(1);
    expect(result.current).toEqual({ finished: "ended", unreachable: false });
  });
});
