// Tests that the save indicator shows "Saving…" only once edits have waited, and every other state
// at once, while the page's data-state says the room's state as it is.
import { act, cleanup, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { SaveState } from "../../sync/types";
import { SAVING_SHOWN_AFTER_MS, shownAtOnce, useShownSaveState } from "./shownSaveState";

function Probe({ state }: { state: SaveState }) {
  return <span data-testid="shown">{useShownSaveState(state)}</span>;
}

const shown = () => screen.getByTestId("shown").textContent;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe("the save indicator", () => {
  it("stays Saved through an acknowledgement that comes quickly", () => {
    const { rerender } = render(<Probe state="saved" />);
    rerender(<Probe state="saving" />);
    expect(shown()).toBe("saved");
    act(() => vi.advanceTimersByTime(SAVING_SHOWN_AFTER_MS - 100));
    rerender(<Probe state="saved" />);
    act(() => vi.advanceTimersByTime(SAVING_SHOWN_AFTER_MS * 2));
    expect(shown()).toBe("saved");
  });

  it("says Saving… once edits have waited, and Saved as soon as they are acknowledged", () => {
    const { rerender } = render(<Probe state="saved" />);
    rerender(<Probe state="saving" />);
    act(() => vi.advanceTimersByTime(SAVING_SHOWN_AFTER_MS + 1));
    expect(shown()).toBe("saving");
    rerender(<Probe state="saved" />);
    expect(shown()).toBe("saved");
  });

  it("shows offline, errors and reconnecting at once", () => {
    const { rerender } = render(<Probe state="saved" />);
    rerender(<Probe state="offline" />);
    expect(shown()).toBe("offline");
    rerender(<Probe state="saving" />);
    expect(shown()).toBe("saving");
    rerender(<Probe state="error" />);
    expect(shown()).toBe("error");
  });

  it("starts as the room is (joining says Saving… at once)", () => {
    render(<Probe state="saving" />);
    expect(shown()).toBe("saving");
    expect(shownAtOnce("saved", "saving")).toBe("saved");
    expect(shownAtOnce("offline", "saving")).toBe("saving");
  });
});
