// Dot voting in the top bar: the facilitator opens a round from its form (pain points and
// opportunities chosen already) and closes it; a participant sees nothing until a round is open,
// then their dots left, and no way to open or close rounds; once it is closed, both see its results.
import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import type { LoroDoc } from "loro-crdt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeMapDoc } from "../../../test/doc/fixture";
import { addCard } from "../../doc/actions";
import { MapStore } from "../../doc/store";
import { castDot, readVoting } from "../../doc/voting";
import { initI18n } from "../../i18n";
import { DotVoting } from "./DotVoting";

beforeEach(() => {
  initI18n("en");
});
afterEach(cleanup);

function sync(from: LoroDoc, to: LoroDoc): void {
  to.import(from.export({ mode: "update", from: to.oplogVersion() }));
}

const lanes = [
  { id: "acts", title: "Actions", kind: "cards" },
  { id: "pain", title: "Pain points", kind: "cards", role: "pain_points" },
  { id: "opp", title: "Opportunities", kind: "cards", role: "opportunities" },
];

describe("DotVoting", () => {
  it("opens a round for everyone, counts a participant's dots left, and closes it", () => {
    const facilitator = makeMapDoc(["s1"], lanes);
    const card = addCard(facilitator, {
      stage: "s1",
      lane: "pain",
      text: "排队太久",
      department: "",
      author: "T",
      afterPos: null,
    });
    const participant = makeMapDoc(["s1"], lanes);
    sync(facilitator, participant);
    const facilitatorStore = new MapStore(facilitator);
    const participantStore = new MapStore(participant);
    render(
      <>
        <div data-testid="fac">
          <DotVoting
            doc={facilitator}
            store={facilitatorStore}
            participant="p-fac"
            canRun
            hostNow={() => 1_800_000_000_000}
          />
        </div>
        <div data-testid="par">
          <DotVoting
            doc={participant}
            store={participantStore}
            participant="p-ann"
            canRun={false}
            hostNow={() => 1_800_000_000_000}
          />
        </div>
      </>,
    );
    const fac = within(screen.getByTestId("fac"));
    const par = within(screen.getByTestId("par"));
    expect(par.queryByTestId("voting")).toBeNull();

    fireEvent.click(fac.getByTestId("voting"));
    expect(fac.getByTestId("voting-lane-pain")).toHaveProperty("checked", true);
    expect(fac.getByTestId("voting-lane-opp")).toHaveProperty("checked", true);
    expect(fac.getByTestId("voting-lane-acts")).toHaveProperty("checked", false);
    // Nothing chosen: it cannot start.
    fireEvent.click(fac.getByTestId("voting-lane-pain"));
    fireEvent.click(fac.getByTestId("voting-lane-opp"));
    expect(fac.getByTestId("voting-start")).toHaveProperty("disabled", true);
    fireEvent.click(fac.getByTestId("voting-lane-pain"));
    // More per card than each person has: it cannot start either.
    fireEvent.change(fac.getByTestId("voting-per-card"), { target: { value: "4" } });
    expect(fac.getByTestId("voting-start")).toHaveProperty("disabled", true);
    fireEvent.change(fac.getByTestId("voting-per-card"), { target: { value: "2" } });
    fireEvent.change(fac.getByTestId("voting-label-input"), { target: { value: "Worst pain" } });
    act(() => fac.getByTestId("voting-start").focus());
    fireEvent.click(fac.getByTestId("voting-start"));
    expect(fac.queryByTestId("voting-panel")).toBeNull();
    // The panel went with the focus in it: the focus is back on the chip, not on the page's body.
    expect(document.activeElement).toBe(fac.getByTestId("voting"));

    act(() => sync(facilitator, participant));
    expect(par.getByTestId("voting").getAttribute("aria-label")).toBe(
      "Worst pain Voting: 3 of 3 dots left",
    );
    act(() => {
      castDot(participant, card, "pain", { id: "p-ann", name: "Ann", color: "#333" }, 1);
    });
    expect(par.getByTestId("voting-left").textContent).toContain("2/3");
    // The participant's panel says the rules, with no way to end the round.
    fireEvent.click(par.getByTestId("voting"));
    const rules = par.getByTestId("voting-rules").textContent ?? "";
    expect(rules).toContain("3 dots each, at most 2 on one card");
    expect(rules).toContain("Pain points");
    expect(par.queryByTestId("voting-end")).toBeNull();

    act(() => sync(participant, facilitator));
    fireEvent.click(fac.getByTestId("voting"));
    expect(fac.getByTestId("voting-voters").textContent).toContain("1 person has voted");
    fireEvent.click(fac.getByTestId("voting-end"));
    // Asked twice: nothing is closed yet. The focus is on the question's answer, and back on
    // "End voting" when the round is kept open.
    expect(readVoting(facilitator)?.open).toBe(true);
    expect(document.activeElement).toBe(fac.getByTestId("voting-end-confirm"));
    fireEvent.click(fac.getByTestId("voting-keep-open"));
    expect(document.activeElement).toBe(fac.getByTestId("voting-end"));
    fireEvent.click(fac.getByTestId("voting-end"));
    fireEvent.click(fac.getByTestId("voting-end-confirm"));
    expect(document.activeElement).toBe(fac.getByTestId("voting"));
    act(() => sync(facilitator, participant));
    expect(fac.getByTestId("voting").getAttribute("data-look")).toBe("idle");
    expect(readVoting(facilitator)).toMatchObject({ open: false, closed_at: 1_800_000_000_000 });

    // The round is over: the participant is told, and both see its results, ranked.
    expect(par.getByTestId("voting-ended").textContent).toContain("Voting has ended");
    expect(par.getByTestId("voting-left").textContent).toBe("Results");
    // (Their panel was left open on the rules: it now holds the results.)
    expect(par.getByTestId("voting-results").textContent).toContain("Results: Worst pain");
    expect(par.getAllByTestId("voting-result").map((r) => r.textContent)).toEqual([
      "1排队太久1 dot",
    ]);
    expect(par.queryByTestId("voting-start")).toBeNull();
    fireEvent.click(fac.getByTestId("voting"));
    expect(fac.getAllByTestId("voting-result")).toHaveLength(1);
    // The facilitator can open the next round from the same panel.
    expect(fac.getByTestId("voting-start")).toBeTruthy();
  });
});
