// Comparing with the live map in a busy room: one request at a time, and edits made meanwhile
// bring one more request per 0.8 s at most — never one per edit, never an answer dropped.
import { act, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { HostApi } from "../../api/http";
import type { MapChanges } from "../../wire/MapChanges";
import { useChanges } from "./useChanges";

const EMPTY: MapChanges = {
  cards_added: [],
  cards_removed: [],
  cards_edited: [],
  cards_moved: [],
  emotions: [],
  metrics: [],
  actions: [],
};

function fakeApi() {
  const pending: ((c: MapChanges) => void)[] = [];
  const mapChanges = vi.fn(
    () =>
      new Promise<MapChanges>((resolve) => {
        pending.push(resolve);
      }),
  );
  return { api: { mapChanges } as unknown as HostApi, mapChanges, pending };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("useChanges", () => {
  it("asks once, keeps one request in flight, and follows a busy live map at most every 0.8 s", async () => {
    const { api, mapChanges, pending } = fakeApi();
    const { result, rerender } = renderHook(
      ({ live, ready }) => useChanges(api, "m", "v1", null, ready, live),
      { initialProps: { live: 1, ready: true } },
    );
    expect(mapChanges).toHaveBeenCalledTimes(1);
    // Twenty remote edits while the first answer is on its way.
    for (let live = 2; live < 22; live++) rerender({ live, ready: true });
    await act(async () => vi.advanceTimersByTime(2_000));
    expect(mapChanges).toHaveBeenCalledTimes(1);
    await act(async () => pending.shift()?.({ ...EMPTY }));
    expect(result.current.changes).toEqual(EMPTY);
    // The edits made meanwhile bring exactly one more request, a moment later.
    await act(async () => vi.advanceTimersByTime(800));
    expect(mapChanges).toHaveBeenCalledTimes(2);
    await act(async () => pending.shift()?.({ ...EMPTY }));
    await act(async () => vi.advanceTimersByTime(5_000));
    expect(mapChanges).toHaveBeenCalledTimes(2);
  });

  it("waits for this window's own edits to be stored, and compares two versions once", async () => {
    const { api, mapChanges, pending } = fakeApi();
    const { rerender } = renderHook(
      ({ ready, live }) => useChanges(api, "m", "v1", "v2", ready, live),
      {
        initialProps: { ready: false, live: 1 },
      },
    );
    expect(mapChanges).not.toHaveBeenCalled();
    rerender({ ready: true, live: 1 });
    expect(mapChanges).toHaveBeenCalledTimes(1);
    await act(async () => pending.shift()?.({ ...EMPTY }));
    for (let live = 2; live < 6; live++) rerender({ ready: true, live });
    await act(async () => vi.advanceTimersByTime(5_000));
    expect(mapChanges).toHaveBeenCalledTimes(1);
  });
});
