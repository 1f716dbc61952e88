// The parking lot in one rendered Board, in Simplified Chinese: the toolbar's tab counts the
// topics, Enter parks one and leaves the field ready for the next, a topic is corrected in place
// and taken off the list after a question, or put back on the board in a cell picked (one undo
// step); a reader sees the topics and no way to change them.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { openMapOf, renderBoard, stubBoardDom } from "../../../test/board/harness";
import { makeMapDoc } from "../../../test/doc/fixture";
import { addCard } from "../../doc/actions";
import { parkTopic } from "../../doc/parkingLot";
import { mapUndoManager } from "../../doc/undoSteps";
import "../../../test/editor/jsdomLayout";
import { initI18n } from "../../i18n";
import { Board } from "../board/Board";
import { ReadOnlyContext } from "../shared/readOnly";

afterEach(cleanup);
initI18n("zh-CN");
stubBoardDom();

const map = () => makeMapDoc(["s1"], [{ id: "l1", title: "痛点", kind: "cards" }]);
const input = (id: string) => screen.getByTestId(id) as HTMLInputElement;

describe("the parking lot", () => {
  it("parks topics from its field, corrects one in place and takes one off after asking", async () => {
    const open = renderBoard(map(), "小林");
    expect(screen.getByTestId("pane-parking").textContent).toBe("停车场（0）");
    fireEvent.click(screen.getByTestId("pane-parking"));
    expect(screen.getByTestId("parking-empty")).toBeTruthy();

    const field = input("parking-input");
    fireEvent.change(field, { target: { value: "会员积分能否跨店使用？" } });
    fireEvent.submit(field);
    expect(field.value).toBe("");
    expect(document.activeElement).toBe(field);
    fireEvent.change(field, { target: { value: "售后电话转接太多次" } });
    fireEvent.submit(field);
    // nothing blank is parked
    fireEvent.change(field, { target: { value: "   " } });
    fireEvent.submit(field);

    const rows = screen.getAllByTestId("parked-topic");
    expect(
      rows.map((r) => (within(r).getByTestId("parked-text") as HTMLInputElement).value),
    ).toEqual(["会员积分能否跨店使用？", "售后电话转接太多次"]);
    expect(rows[0]?.textContent).toContain("小林 · ");
    expect(screen.getByTestId("pane-parking").textContent).toBe("停车场（2）");
    expect(screen.getByTestId("parking-count").textContent).toBe("2 个事项");

    const first = within(rows[0] as HTMLElement).getByTestId("parked-text");
    fireEvent.change(first, { target: { value: "会员积分能否跨店、跨渠道使用？" } });
    fireEvent.keyDown(first, { key: "Enter" });
    expect(open.store.getView().parking[0]?.text).toBe("会员积分能否跨店、跨渠道使用？");

    fireEvent.click(within(rows[1] as HTMLElement).getByTestId("parked-remove"));
    expect(screen.getByTestId("confirm-dialog").textContent).toContain("售后电话转接太多次");
    fireEvent.click(screen.getByTestId("confirm-ok"));
    expect(open.store.getView().parking.map((t) => t.text)).toEqual([
      "会员积分能否跨店、跨渠道使用？",
    ]);
    expect(screen.getAllByTestId("parked-topic")).toHaveLength(1);
    // The row went with the focus: it is on the topic now last in the list, not the page's body.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("parked-text")));
  });

  it("puts a topic back on the board as a card in the cell picked, as one undo step", async () => {
    const doc = makeMapDoc(
      ["s1", "s2"],
      [
        { id: "l1", title: "痛点", kind: "cards", role: "pain_points" },
        { id: "emo", title: "情绪", kind: "emotion" },
        { id: "l2", title: "机会点", kind: "cards", role: "opportunities" },
      ],
    );
    addCard(doc, {
      stage: "s2",
      lane: "l2",
      department: "",
      author: "",
      afterPos: null,
      text: "已有的机会点",
    });
    parkTopic(doc, "会员积分能否跨店使用？", "陈");
    const open = renderBoard(doc, "小林", { undo: mapUndoManager(doc) });
    open.undo.clear();
    fireEvent.click(screen.getByTestId("pane-parking"));
    fireEvent.click(screen.getByTestId("parked-to-board"));
    const stage = screen.getByTestId("parked-to-board-stage") as HTMLSelectElement;
    expect(document.activeElement).toBe(stage);
    // Only lanes that hold cards are offered.
    const lanes = screen.getByTestId("parked-to-board-lane") as HTMLSelectElement;
    expect([...lanes.options].map((o) => o.textContent)).toEqual(["痛点", "机会点"]);
    fireEvent.change(stage, { target: { value: "s2" } });
    fireEvent.change(lanes, { target: { value: "l2" } });
    fireEvent.click(screen.getByTestId("parked-to-board-put"));

    const view = open.store.getView();
    expect(view.parking).toEqual([]);
    const cell = view.cells.get("s2\u0000l2") ?? [];
    expect(cell.map((c) => c.text)).toEqual(["已有的机会点", "会员积分能否跨店使用？"]);
    expect(cell[1]?.author).toBe("陈");
    expect(cell[1]?.color).toBe("green");
    // The board is shown with the card selected.
    await waitFor(() => expect(screen.queryByTestId("parking-view")).toBeNull());
    const card = screen.getAllByTestId("card").find((c) => c.textContent?.includes("跨店"));
    expect(card?.classList.contains("selected")).toBe(true);

    // One step back: parked again, no card.
    act(() => {
      open.undo.undo();
    });
    expect(open.store.getView().parking.map((t) => t.text)).toEqual(["会员积分能否跨店使用？"]);
    expect(
      open.store
        .getView()
        .cells.get("s2\u0000l2")
        ?.map((c) => c.text),
    ).toEqual(["已有的机会点"]);
  });

  it("shows a reader the topics and no way to change them", () => {
    const doc = map();
    parkTopic(doc, "定价页要不要做 A/B 测试？", "陈");
    const open = openMapOf(doc);
    render(
      <ReadOnlyContext.Provider value>
        <Board
          open={open}
          ready
          author="Vic"
          rater={{ id: "p-vic", name: "Vic", color: "#2f6fde" }}
        />
      </ReadOnlyContext.Provider>,
    );
    fireEvent.click(screen.getByTestId("pane-parking"));
    expect(screen.getByTestId("parked-text").textContent).toBe("定价页要不要做 A/B 测试？");
    expect(screen.getByTestId("parked-text").tagName).not.toBe("INPUT");
    expect(screen.queryByTestId("parking-input")).toBeNull();
    expect(screen.queryByTestId("parked-remove")).toBeNull();
  });
});
