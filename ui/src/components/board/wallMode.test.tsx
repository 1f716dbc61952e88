// Wall mode marks the page while it is on (what wall.css reads), ends with Escape — but not with
// an Escape an input method or an open popover takes — and never outlives its board; the zoom it
// set is put back when it ends, and a board following the facilitator keeps its zoom.
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useWallMode, useWallZoom } from "./wallMode";

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

function Probe({
  fit,
  setZoom,
  following = false,
}: {
  fit: number | null;
  setZoom: (z: number) => void;
  following?: boolean;
}) {
  const wall = useWallMode();
  useWallZoom(
    wall.on,
    () => fit,
    () => following,
    0.9,
    setZoom,
  );
  return (
    <button type="button" onClick={wall.on ? wall.leave : wall.enter}>
      {wall.on ? "on" : "off"}
    </button>
  );
}

const marked = () => document.documentElement.dataset.wall === "on";

describe("wall mode", () => {
  it("marks the page, zooms a narrow map in, and Escape ends it and puts the zoom back", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const setZoom = vi.fn();
    render(<Probe fit={1.6} setZoom={setZoom} />);
    fireEvent.click(screen.getByRole("button"));
    expect(marked()).toBe(true);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(50);
    });
    expect(setZoom).toHaveBeenLastCalledWith(1.6);

    // An Escape that finished an input method's composition is not the person leaving.
    fireEvent.keyDown(window, { key: "Escape", isComposing: true });
    expect(marked()).toBe(true);
    // A popover open on the wall (the timer's) takes its own Escape.
    const popover = document.createElement("div");
    popover.dataset.boardPopover = "";
    document.body.append(popover);
    fireEvent.keyDown(window, { key: "Escape" });
    expect(marked()).toBe(true);
    popover.remove();
    fireEvent.keyDown(window, { key: "Escape" });
    expect(marked()).toBe(false);
    expect(screen.getByRole("button").textContent).toBe("off");
    expect(setZoom).toHaveBeenLastCalledWith(0.9);
  });

  it("keeps the zoom of a board that follows the facilitator", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const setZoom = vi.fn();
    render(<Probe fit={1.6} setZoom={setZoom} following />);
    fireEvent.click(screen.getByRole("button"));
    await act(async () => {
      await vi.advanceTimersByTimeAsync(50);
    });
    fireEvent.keyDown(window, { key: "Escape" });
    expect(marked()).toBe(false);
    expect(setZoom).not.toHaveBeenCalled();
  });

  it("leaves a wide map's zoom alone and goes with its board", () => {
    const setZoom = vi.fn();
    const { unmount } = render(<Probe fit={null} setZoom={setZoom} />);
    fireEvent.click(screen.getByRole("button"));
    expect(marked()).toBe(true);
    unmount();
    expect(marked()).toBe(false);
    expect(setZoom.mock.calls.every(([z]) => z === 0.9)).toBe(true);
  });
});
