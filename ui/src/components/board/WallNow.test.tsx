// On the projected board the room reads what it is asked now: the open voting round and the open
// brainstorm's question (the top bar's chips are hidden in wall mode), in the map's words; once
// both are over, nothing.
import { act, cleanup, fireEvent, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { renderBoard, stubBoardDom } from "../../../test/board/harness";
import { makeMapDoc } from "../../../test/doc/fixture";
import { BRAINSTORM_KEY } from "../../doc/brainstorm";
import { endVoting, startVoting } from "../../doc/voting";
import "../../../test/editor/jsdomLayout";
import { initI18n } from "../../i18n";
import { ROOT } from "../../wire/schema";

afterEach(() => {
  cleanup();
  delete document.documentElement.dataset.wall;
});
initI18n("zh-TW");
stubBoardDom();

describe("the wall's band", () => {
  it("says the open voting round and the brainstorm's question, and goes when they end", () => {
    const doc = makeMapDoc(
      ["s1"],
      [
        { id: "pain", title: "痛點", kind: "cards", role: "pain_points" },
        { id: "opp", title: "機會點", kind: "cards", role: "opportunities" },
      ],
    );
    renderBoard(doc, "主持人");
    fireEvent.click(screen.getByTestId("wall-enter"));
    expect(screen.queryByTestId("wall-now")).toBeNull();
    act(() => {
      startVoting(doc, {
        label: "哪個痛點最痛？",
        lanes: ["pain", "opp"],
        perPerson: 3,
        perCard: 2,
      });
      doc.getMap(ROOT.workshop).set(BRAINSTORM_KEY, {
        round: 1,
        prompt: "結帳時最讓客戶沮喪的是什麼？",
        lane: "pain",
        open: true,
        revealed: 0,
      });
      doc.commit();
    });
    expect(screen.getByTestId("wall-voting").textContent).toBe(
      "●哪個痛點最痛？每人 3 票，每張卡片最多 2 票，可投：痛點、機會點。",
    );
    expect(screen.getByTestId("wall-brainstorm").textContent).toContain(
      "結帳時最讓客戶沮喪的是什麼？",
    );
    act(() => {
      endVoting(doc, 1);
      doc.getMap(ROOT.workshop).set(BRAINSTORM_KEY, {
        round: 1,
        prompt: "結帳時最讓客戶沮喪的是什麼？",
        lane: "pain",
        open: false,
        revealed: 4,
      });
      doc.commit();
    });
    expect(screen.queryByTestId("wall-now")).toBeNull();
  });
});
