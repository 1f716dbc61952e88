// The join page's colour: the one offered follows what the host says is worn until the person
// picks, and a click on the colour already shown counts as their pick.
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { initI18n } from "../../i18n";
import { ProfileStep } from "./ProfileStep";
import { PARTICIPANT_COLORS } from "./palette";

afterEach(cleanup);
initI18n("en");

const hex = (id: string) => PARTICIPANT_COLORS.find((c) => c.id === id)?.hex ?? "";

function step(color: string, taken: string[]) {
  return (
    <ProfileStep
      initial={{ name: "Ana", color }}
      taken={taken}
      busy={false}
      problem={null}
      onJoin={() => {}}
    />
  );
}

const checked = (id: string) =>
  (screen.getByTestId(`participant-color-${id}`) as HTMLInputElement).checked;

describe("ProfileStep colour", () => {
  it("moves the offered colour when the host says it is worn, until the person picks", () => {
    const view = render(step(hex("purple"), []));
    expect(checked("purple")).toBe(true);
    view.rerender(step(hex("pink"), [hex("purple")]));
    expect(checked("pink")).toBe(true);
    expect(screen.getByTestId("participant-color-purple").getAttribute("data-taken")).toBe("true");
    expect(screen.getByLabelText(/Purple — someone here already wears it/)).toBeTruthy();
  });

  it("keeps a colour clicked while it was already shown", () => {
    const view = render(step(hex("purple"), []));
    fireEvent.click(screen.getByTestId("participant-color-purple"));
    view.rerender(step(hex("pink"), [hex("purple")]));
    expect(checked("purple")).toBe(true);
  });

  it("says in words, under the swatches, that the colour picked is worn already", () => {
    render(step(hex("teal"), []));
    expect(screen.queryByTestId("participant-color-taken")).toBeNull();
    cleanup();
    render(step(hex("teal"), [hex("teal"), hex("red")]));
    fireEvent.click(screen.getByTestId("participant-color-red"));
    expect(screen.getByTestId("participant-color-taken").textContent).toBe(
      "Red — someone here already wears it",
    );
    fireEvent.click(screen.getByTestId("participant-color-blue"));
    expect(screen.queryByTestId("participant-color-taken")).toBeNull();
  });
});
