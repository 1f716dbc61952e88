// The agenda from the timer's panel: the facilitator adds and names sections, starts one (the
// timer runs with its title and the chip says 1/2), moves on with "Next"; a participant sees the
// step and opens the agenda read-only.
import { act, cleanup, fireEvent, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { renderTimerPair } from "../../../test/timer/pair";
import { readAgenda } from "../../doc/agenda";
import { readTimer } from "../../doc/timer";
import { initI18n } from "../../i18n";

const T0 = 1_800_000_000_000;
const hostNow = () => T0;
const i18n = initI18n("en");

beforeEach(async () => {
  await i18n.changeLanguage("en");
});
afterEach(cleanup);

function nameSection(row: HTMLElement, title: string, minutes: string): void {
  const input = within(row).getByTestId("agenda-title");
  fireEvent.change(input, { target: { value: title } });
  fireEvent.blur(input);
  const field = within(row).getByTestId("agenda-minutes");
  fireEvent.change(field, { target: { value: minutes } });
  fireEvent.blur(field);
}

describe("Agenda", () => {
  it("is planned and run by the facilitator and followed by everyone", async () => {
    const { facilitator, sync } = renderTimerPair(hostNow);
    const fac = within(screen.getByTestId("fac"));
    fireEvent.click(fac.getByTestId("timer"));
    fireEvent.click(fac.getByTestId("agenda-add"));
    fireEvent.click(fac.getByTestId("agenda-add"));
    const [first, second] = fac.getAllByTestId("agenda-row");
    if (!first || !second) throw new Error("no rows");
    nameSection(first, "暖场 Warm-up", "5");
    nameSection(second, "梳理痛点", "15");
    expect(readAgenda(facilitator)?.sections.map((s) => [s.title, s.minutes])).toEqual([
      ["暖场 Warm-up", 5],
      ["梳理痛点", 15],
    ]);

    fireEvent.click(within(first).getByTestId("agenda-start"));
    // the panel closes; the timer runs for the section, and the chip says where we are
    expect(fac.queryByTestId("timer-controls")).toBeNull();
    expect(readTimer(facilitator)?.label).toBe("暖场 Warm-up");
    expect(fac.getByTestId("agenda-step").textContent).toBe("1/2");

    act(() => sync());
    const par = within(screen.getByTestId("par"));
    expect(par.getByTestId("agenda-step").textContent).toBe("1/2");
    fireEvent.click(par.getByTestId("timer"));
    const rows = within(par.getByTestId("agenda-list")).getAllByRole("listitem");
    expect(rows.map((r) => r.getAttribute("data-place"))).toEqual(["current", "upcoming"]);
    expect(rows[0]?.getAttribute("aria-current")).toBe("step");
    expect(par.queryByTestId("agenda-editor")).toBeNull();

    fireEvent.click(fac.getByTestId("timer"));
    fireEvent.click(fac.getByTestId("agenda-next"));
    expect(readTimer(facilitator)?.label).toBe("梳理痛点");
    expect(readTimer(facilitator)?.duration_ms).toBe(15 * 60_000);
    act(() => sync());
    expect(par.getByTestId("agenda-step").textContent).toBe("2/2");
    expect(
      within(par.getByTestId("agenda-list"))
        .getAllByRole("listitem")
        .map((r) => r.getAttribute("data-place")),
    ).toEqual(["done", "current"]);
    await i18n.changeLanguage("zh-TW");
    expect(par.getByTestId("agenda-list").textContent).toContain("進行中");
  });

  it("keeps the workshop's place when the section under way is removed, and what was typed when the panel closes", () => {
    const { facilitator } = renderTimerPair(hostNow);
    const fac = within(screen.getByTestId("fac"));
    fireEvent.click(fac.getByTestId("timer"));
    for (let i = 0; i < 3; i++) fireEvent.click(fac.getByTestId("agenda-add"));
    fireEvent.click(fac.getAllByTestId("agenda-start")[1] as HTMLElement);
    fireEvent.click(fac.getByTestId("timer"));
    fireEvent.click(fac.getAllByTestId("agenda-remove")[1] as HTMLElement);
    // The focus goes to the ✕ of the row now in its place, not to the page.
    expect(document.activeElement).toBe(fac.getAllByTestId("agenda-remove")[1]);
    const agenda = readAgenda(facilitator);
    expect(agenda?.sections).toHaveLength(2);
    expect(agenda?.current).toBe(agenda?.sections[0]?.id);
    // Next goes on after it, named by its number when it has no title
    expect(fac.getByTestId("agenda-next").textContent).toBe("Next: Section 2");
    // typed, and the panel closed before leaving the field: written all the same
    fireEvent.change(fac.getAllByTestId("agenda-title")[1] as HTMLElement, {
      target: { value: "Wrap-up / 总结" },
    });
    fireEvent.keyDown(document, { key: "Escape" });
    expect(fac.queryByTestId("timer-controls")).toBeNull();
    expect(readAgenda(facilitator)?.sections[1]?.title).toBe("Wrap-up / 总结");
    // The last section removed: the focus goes to "Add a section".
    fireEvent.click(fac.getByTestId("timer"));
    for (const _ of [0, 1]) fireEvent.click(fac.getAllByTestId("agenda-remove")[0] as HTMLElement);
    expect(document.activeElement).toBe(fac.getByTestId("agenda-add"));
  });
});
