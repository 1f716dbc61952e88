// The rail's map preview: a map edited elsewhere is fetched again at most every 30 s; the map open
// in this tab is not fetched again until its board closes.
import { act, render } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { HostApi } from "../../api/http";
import type { MapSummary } from "../../wire/MapSummary";
import { MapThumbnail, THUMBNAIL_REFRESH_MS } from "./MapThumbnail";

const summary = (updated_at: number): MapSummary => ({
  id: "m1",
  project_id: "p1",
  title: "客户旅程",
  template: "blank",
  locale: "zh-CN",
  stage_count: 5,
  lane_count: 6,
  card_count: 12,
  updated_at,
});

describe("MapThumbnail", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    URL.createObjectURL = () => "blob:preview";
    URL.revokeObjectURL = () => {};
  });
  afterEach(() => vi.useRealTimers());

  it("is not fetched again while its map is open, and catches up once it closes", async () => {
    const thumbnail = vi.fn(async () => new Blob(["<svg/>"], { type: "image/svg+xml" }));
    const api = { thumbnail } as unknown as HostApi;
    const shown = (updated: number, open: boolean) => (
      <MapThumbnail api={api} map={summary(updated)} open={open} label="预览" />
    );
    const { rerender } = render(shown(1, false));
    await act(async () => {});
    expect(thumbnail).toHaveBeenCalledTimes(1);

    // Open and edited for two minutes: nothing is fetched.
    rerender(shown(1, true));
    for (let t = 2; t < 10; t++) {
      rerender(shown(t, true));
      await act(async () => vi.advanceTimersByTime(THUMBNAIL_REFRESH_MS / 2));
    }
    expect(thumbnail).toHaveBeenCalledTimes(1);

    // Closed: the latest version is fetched at once.
    rerender(shown(9, false));
    await act(async () => vi.advanceTimersByTime(0));
    expect(thumbnail).toHaveBeenCalledTimes(2);

    // Edited elsewhere while not open: at most once per interval.
    rerender(shown(10, false));
    await act(async () => vi.advanceTimersByTime(1_000));
    expect(thumbnail).toHaveBeenCalledTimes(2);
    await act(async () => vi.advanceTimersByTime(THUMBNAIL_REFRESH_MS));
    expect(thumbnail).toHaveBeenCalledTimes(3);
  });
});
