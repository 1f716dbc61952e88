// Moving a card without dragging it: the inspector's stage and lane lists put it at the end of the
// cell chosen, as one undo step, and list only the lanes that hold cards.
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { boardActionsOn } from "../../../test/board/boardActions";
import { makeMapDoc } from "../../../test/doc/fixture";
import { addCard } from "../../doc/actions";
import { readCard } from "../../doc/read";
import { MapStore } from "../../doc/store";
import { initI18n } from "../../i18n";
import { InspectorPlace } from "./InspectorPlace";

beforeEach(() => {
  initI18n("zh-CN");
});
afterEach(cleanup);

describe("InspectorPlace", () => {
  it("moves the card to the end of the stage and lane chosen, in one undo step", () => {
    const doc = makeMapDoc(
      ["s1", "s2"],
      [
        { id: "l1", title: "痛点", kind: "cards" },
        { id: "l2", title: "情绪", kind: "emotion" },
        { id: "l3", title: "机会点", kind: "cards" },
      ],
    );
    const card = (stage: string, lane: string, text: string) =>
      addCard(doc, { stage, lane, department: "", author: "小林", afterPos: null, text });
    const moving = card("s1", "l1", "找不到尺码表");
    const there = card("s2", "l3", "已在那里");
    const { undo, actions } = boardActionsOn(doc);
    const store = new MapStore(doc);
    const view = () => store.getView();
    const record = () => {
      const c = view().cards[moving];
      if (!c) throw new Error("the card is there");
      return c;
    };
    const { rerender } = render(<InspectorPlace card={record()} view={view()} actions={actions} />);
    const lanes = screen.getByTestId("place-lane") as HTMLSelectElement;
    expect([...lanes.options].map((o) => o.textContent)).toEqual(["痛点", "机会点"]);
    expect(lanes.getAttribute("aria-label")).toBe("泳道");

    fireEvent.change(screen.getByTestId("place-stage"), { target: { value: "s2" } });
    expect(readCard(doc, moving)?.placement).toMatchObject({ stage: "s2", lane: "l1" });
    rerender(<InspectorPlace card={record()} view={view()} actions={actions} />);
    fireEvent.change(screen.getByTestId("place-lane"), { target: { value: "l3" } });
    const moved = readCard(doc, moving)?.placement;
    expect(moved).toMatchObject({ stage: "s2", lane: "l3" });
    // after the card that was in that cell already
    expect((moved?.pos ?? "") > (readCard(doc, there)?.placement?.pos ?? "")).toBe(true);

    undo.undo();
    expect(readCard(doc, moving)?.placement).toMatchObject({ stage: "s2", lane: "l1" });
    store.dispose();
  });
});
