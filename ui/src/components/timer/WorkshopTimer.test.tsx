// The timer in the top bar: the facilitator starts, pauses and stops it from its popover; a
// participant sees the same countdown and no controls; the last 30 seconds and the end are said.
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { LoroDoc } from "loro-crdt";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { renderTimerPair } from "../../../test/timer/pair";
import { startTimer } from "../../doc/timer";
import { initI18n } from "../../i18n";
import { WorkshopTimer } from "./WorkshopTimer";

const T0 = 1_800_000_000_000;
let now = T0;
const hostNow = () => now;

beforeEach(() => {
  initI18n("en");
  now = T0;
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

function sync(from: LoroDoc, to: LoroDoc): void {
  to.import(from.export({ mode: "update", from: to.oplogVersion() }));
}

describe("WorkshopTimer", () => {
  it("lets the facilitator start a preset and pause it; a participant sees it without controls", () => {
    const { facilitator, participant } = renderTimerPair(hostNow);
    // Nothing runs: the facilitator has the button, the participant sees nothing.
    expect(screen.getAllByTestId("timer")).toHaveLength(1);
    fireEvent.click(screen.getByTestId("timer"));
    fireEvent.change(screen.getByTestId("timer-label-input"), { target: { value: "Brainstorm" } });
    fireEvent.click(screen.getByTestId("timer-preset-5"));
    expect(screen.queryByTestId("timer-controls")).toBeNull();
    act(() => sync(facilitator, participant));
    const [fac, par] = screen.getAllByTestId("timer");
    expect(fac?.tagName).toBe("BUTTON");
    for (const chip of [fac, par]) {
      expect(chip?.querySelector("[data-testid='timer-left']")?.textContent).toBe("5:00");
      expect(chip?.textContent).toContain("Brainstorm");
      expect(chip?.getAttribute("aria-label")).toBe("Brainstorm 5:00 left");
    }
    // Paused at 1:30 in: both show the same time left.
    now = T0 + 90_000;
    fireEvent.click(screen.getAllByTestId("timer")[0] as HTMLElement);
    fireEvent.click(screen.getByTestId("timer-pause"));
    act(() => sync(facilitator, participant));
    for (const chip of screen.getAllByTestId("timer")) {
      expect(chip.dataset.look).toBe("paused");
      expect(chip.querySelector("[data-testid='timer-left']")?.textContent).toBe("3:30");
    }
    expect(screen.getByTestId("timer-resume")).toBeTruthy();
    // The participant's chip says its words whole when tapped (a long label is cut on the chip,
    // a phone shows no tooltip), with no control.
    fireEvent.click(screen.getAllByTestId("timer")[1] as HTMLElement);
    expect(screen.getByTestId("timer-words").textContent).toBe("Brainstorm paused at 3:30");
    expect(screen.getAllByTestId("timer-controls")).toHaveLength(1);
  });

  it("ticks each second, warns in the last 30 seconds and says when time is up", () => {
    vi.useFakeTimers();
    const doc = new LoroDoc();
    startTimer(doc, 1, "", T0);
    render(<WorkshopTimer doc={doc} hostNow={hostNow} canRun={false} />);
    const chip = () => screen.getByTestId("timer");
    expect(chip().dataset.look).toBe("running");
    now = T0 + 31_000;
    act(() => {
      vi.advanceTimersByTime(1_100);
    });
    expect(chip().textContent).toContain("0:29");
    expect(chip().dataset.look).toBe("warning");
    expect(chip().getAttribute("aria-label")).toBe("only 0:29 left");
    expect(screen.getByTestId("timer-announce").textContent).toBe("Less than 30 seconds left");
    now = T0 + 60_000;
    act(() => {
      vi.advanceTimersByTime(30_000);
    });
    expect(chip().dataset.look).toBe("done");
    expect(chip().textContent).toContain("Time's up");
    expect(screen.getByTestId("timer-announce").textContent).toBe("Time's up");
  });

  it("refuses a typed length over the longest timer, and stops the timer for everyone", () => {
    const doc = new LoroDoc();
    render(<WorkshopTimer doc={doc} hostNow={hostNow} canRun />);
    fireEvent.click(screen.getByTestId("timer"));
    fireEvent.change(screen.getByTestId("timer-minutes"), { target: { value: "999" } });
    expect((screen.getByTestId("timer-start") as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByTestId("timer-minutes"), { target: { value: "2.5" } });
    fireEvent.click(screen.getByTestId("timer-start"));
    expect(screen.getByTestId("timer-left").textContent).toBe("2:30");
    fireEvent.click(screen.getByTestId("timer"));
    fireEvent.click(screen.getByTestId("timer-stop"));
    expect(screen.getByTestId("timer").dataset.look).toBe("idle");
  });
});
