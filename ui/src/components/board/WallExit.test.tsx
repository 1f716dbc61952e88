// The wall's exit fades out once the pointer has rested a few seconds (a projector nobody touches
// sees the whole board) and comes back when the pointer moves; it leaves wall mode when clicked.
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { initI18n } from "../../i18n";
import { WALL_EXIT_IDLE_MS, WallExit } from "./WallExit";

initI18n("zh-TW");

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe("the wall's exit", () => {
  it("fades while the pointer rests, comes back when it moves, and leaves on a click", () => {
    vi.useFakeTimers();
    const leave = vi.fn();
    render(<WallExit wall={{ on: true, enter: () => {}, leave }} />);
    const exit = screen.getByTestId("wall-exit");
    expect(exit.textContent).toBe("離開投影模式（Esc）");
    expect(exit.classList.contains("idle")).toBe(false);
    act(() => vi.advanceTimersByTime(WALL_EXIT_IDLE_MS + 10));
    expect(exit.classList.contains("idle")).toBe(true);
    act(() => {
      fireEvent.pointerMove(window);
    });
    expect(exit.classList.contains("idle")).toBe(false);
    act(() => vi.advanceTimersByTime(WALL_EXIT_IDLE_MS - 100));
    expect(exit.classList.contains("idle")).toBe(false);
    fireEvent.click(exit);
    expect(leave).toHaveBeenCalledOnce();
  });

  it("is not there outside wall mode", () => {
    render(<WallExit wall={{ on: false, enter: () => {}, leave: () => {} }} />);
    expect(screen.queryByTestId("wall-exit")).toBeNull();
  });
});
