// The map previews' refresh: a map edited all the time is drawn again at most once per interval,
// and the last change is never left out.
import { act, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { useThrottled } from "./useThrottled";

function Shown({ value }: { value: string }) {
  return <span data-testid="shown">{useThrottled(value, 30_000)}</span>;
}

describe("useThrottled", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("follows the first change at once, later ones at most once per interval, the last one always", () => {
    const { rerender } = render(<Shown value="v1" />);
    expect(screen.getByTestId("shown").textContent).toBe("v1");
    rerender(<Shown value="v2 客户" />);
    expect(screen.getByTestId("shown").textContent).toBe("v2 客户");
    // Inside the interval: held back, then the latest of them shows when it ends.
    act(() => vi.advanceTimersByTime(5_000));
    rerender(<Shown value="v3" />);
    act(() => vi.advanceTimersByTime(5_000));
    rerender(<Shown value="v4" />);
    expect(screen.getByTestId("shown").textContent).toBe("v2 客户");
    act(() => vi.advanceTimersByTime(19_999));
    expect(screen.getByTestId("shown").textContent).toBe("v2 客户");
    act(() => vi.advanceTimersByTime(1));
    expect(screen.getByTestId("shown").textContent).toBe("v4");
    // A change long after the last one shows at once again.
    act(() => vi.advanceTimersByTime(60_000));
    rerender(<Shown value="v5" />);
    expect(screen.getByTestId("shown").textContent).toBe("v5");
  });
});
