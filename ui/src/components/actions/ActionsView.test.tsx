// The action plan in one rendered Board, in Traditional Chinese: a pain point made into an action
// from the inspector opens the plan with the new action's title focused; its fields are edited in
// place (team, owner, status, due date, metric and effect); the card shows its badge; filters and
// sorting change what is listed; an action's card opens the board with the card selected; delete
// asks first.
import { act, cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { renderBoard, stubBoardDom } from "../../../test/board/harness";
import { makeMapDoc } from "../../../test/doc/fixture";
import { addAction, setActionDue } from "../../doc/actionPlan";
import { addCard } from "../../doc/actions";
import { addMetric } from "../../doc/metricActions";
import { mapUndoManager } from "../../doc/undoSteps";
import "../../../test/editor/jsdomLayout";
import { initI18n } from "../../i18n";

afterEach(cleanup);
initI18n("zh-TW");

stubBoardDom();

function renderPlan() {
  const doc = makeMapDoc(
    ["s1", "s2"],
    [
      { id: "l1", title: "痛點", kind: "cards", role: "pain_points" },
      { id: "l2", title: "指標", kind: "metrics" },
    ],
  );
  const pain = addCard(doc, {
    stage: "s1",
    lane: "l1",
    department: "service",
    author: "",
    afterPos: null,
    text: "客服回覆太慢\n等了三天",
  });
  const nps = addMetric(doc, "s2", "l2", "nps");
  const open = renderBoard(doc, "小林", { undo: mapUndoManager(doc) });
  return { open, pain, nps };
}

const byTestId = (id: string) => screen.getByTestId(id) as HTMLInputElement;

describe("the action plan", () => {
  it("turns a pain point into an action and edits it in place", async () => {
    const { open, pain, nps } = renderPlan();
    fireEvent.click(screen.getByText("客服回覆太慢", { exact: false }));
    fireEvent.click(await screen.findByTestId("make-action"));

    await screen.findByTestId("actions-view");
    const title = byTestId("action-title");
    expect(title.value).toBe("客服回覆太慢");
    await waitFor(() => expect(document.activeElement).toBe(title));
    expect(byTestId("pane-actions").textContent).toBe("行動（1）");
    const action = Object.values(open.store.getView().actions)[0];
    expect(action?.team).toBe("service");
    expect(action?.cards).toEqual([pain]);
    expect(action?.author).toBe("小林");

    fireEvent.change(title, { target: { value: "客服 24 小時內回覆" } });
    fireEvent.keyDown(title, { key: "Enter" });
    fireEvent.change(byTestId("action-owner"), { target: { value: "王小明" } });
    fireEvent.blur(byTestId("action-owner"));
    fireEvent.change(byTestId("action-status"), { target: { value: "in_progress" } });
    fireEvent.change(byTestId("action-due"), { target: { value: "2020-01-31" } });
    fireEvent.blur(byTestId("action-due"));
    fireEvent.change(byTestId("action-metric"), { target: { value: nps } });
    fireEvent.change(byTestId("action-effect"), { target: { value: "＋１０" } });
    fireEvent.blur(byTestId("action-effect"));
    const now = Object.values(open.store.getView().actions)[0];
    expect(now).toMatchObject({
      title: "客服 24 小時內回覆",
      owner: "王小明",
      status: "in_progress",
      due: "2020-01-31",
      metric: nps,
      effect: 10,
    });
    expect(screen.getByTestId("action-overdue").textContent).toBe("已逾期");
    // The effect is a change of the NPS: in its points, as the report writes it.
    expect(screen.getByTestId("action-unit").textContent).toBe("分");

    // not a number: refused and said, the stored effect stays
    fireEvent.change(byTestId("action-effect"), { target: { value: "很多" } });
    fireEvent.blur(byTestId("action-effect"));
    expect(byTestId("action-effect").getAttribute("aria-invalid")).toBe("true");
    expect(Object.values(open.store.getView().actions)[0]?.effect).toBe(10);
    // an empty title is refused too
    fireEvent.change(byTestId("action-title"), { target: { value: "  " } });
    fireEvent.blur(byTestId("action-title"));
    expect(Object.values(open.store.getView().actions)[0]?.title).toBe("客服 24 小時內回覆");

    // back to the board through the action's card: selected, with its badge
    fireEvent.click(screen.getByTestId("action-card"));
    await waitFor(() => expect(screen.queryByTestId("actions-view")).toBeNull());
    expect(screen.getByTestId("card-action-badge").textContent).toBe("1 項行動");
    expect(screen.getByTestId("card-action").textContent).toContain("進行中");
  });

  it("filters, sorts and deletes after asking", async () => {
    const { open } = renderPlan();
    act(() => {
      addAction(open.doc, { title: "甲", team: "sales", author: "", cards: [] });
      addAction(open.doc, { title: "乙", team: "marketing", author: "", cards: [] });
      addAction(open.doc, { title: "丙", team: "", author: "", cards: [], status: "done" });
    });
    fireEvent.click(screen.getByTestId("pane-actions"));
    const titles = () =>
      screen.getAllByTestId("action-title").map((el) => (el as HTMLInputElement).value);
    expect(titles()).toHaveLength(3);
    fireEvent.change(screen.getByTestId("actions-filter-team"), { target: { value: "sales" } });
    expect(titles()).toEqual(["甲"]);
    fireEvent.change(screen.getByTestId("actions-filter-team"), { target: { value: "*" } });
    fireEvent.change(screen.getByTestId("actions-filter-status"), { target: { value: "open" } });
    expect(titles().sort()).toEqual(["乙", "甲"]);
    expect(screen.getByTestId("actions-count").textContent).toBe("顯示 2 / 3 項行動");
    fireEvent.change(screen.getByTestId("actions-filter-status"), { target: { value: "*" } });
    fireEvent.change(screen.getByTestId("actions-sort"), { target: { value: "status" } });
    expect(titles().at(-1)).toBe("丙");

    fireEvent.click(screen.getAllByTestId("action-delete")[0] as HTMLElement);
    expect(screen.getByTestId("confirm-dialog").textContent).toContain("刪除行動「");
    fireEvent.click(screen.getByTestId("confirm-ok"));
    expect(titles()).toHaveLength(2);
  });

  it("keeps a row in place while its due date is changed, and sorts again when the focus leaves", () => {
    const { open } = renderPlan();
    act(() => {
      const first = addAction(open.doc, { title: "甲", team: "sales", author: "", cards: [] });
      const second = addAction(open.doc, { title: "乙", team: "sales", author: "", cards: [] });
      setActionDue(open.doc, first, "2026-12-01");
      setActionDue(open.doc, second, "2026-12-10");
    });
    fireEvent.click(screen.getByTestId("pane-actions"));
    const titles = () =>
      screen.getAllByTestId("action-title").map((el) => (el as HTMLInputElement).value);
    expect(titles()).toEqual(["甲", "乙"]);
    const firstDue = screen.getAllByTestId("action-due")[0] as HTMLInputElement;
    act(() => firstDue.focus());
    fireEvent.change(firstDue, { target: { value: "2026-12-20" } });
    // 甲 is now due after 乙, but stays where the person is working.
    expect(titles()).toEqual(["甲", "乙"]);
    act(() => firstDue.blur());
    expect(titles()).toEqual(["乙", "甲"]);
  });

  it("writes a due date typed from the keyboard once, when the field is left: one undo step", () => {
    const { open } = renderPlan();
    let id = "";
    act(() => {
      id = addAction(open.doc, { title: "訪客結帳試辦", team: "sales", author: "", cards: [] });
      setActionDue(open.doc, id, "2027-01-15");
    });
    open.undo.clear();
    fireEvent.click(screen.getByTestId("pane-actions"));
    const due = byTestId("action-due");
    act(() => due.focus());
    // What Chromium's date field reports as the year 2027 is typed over 2027-01-15, digit by digit.
    for (const year of ["0002", "0020", "0202", "2027"]) {
      fireEvent.change(due, { target: { value: `${year}-03-20` } });
    }
    expect(open.store.getView().actions[id]?.due).toBe("2027-01-15");
    act(() => due.blur());
    expect(open.store.getView().actions[id]?.due).toBe("2027-03-20");
    act(() => {
      open.undo.undo();
    });
    expect(open.store.getView().actions[id]?.due).toBe("2027-01-15");
    expect(open.undo.canUndo()).toBe(false);

    // Left with the year half typed: refused and said, the stored date kept; emptied: cleared.
    act(() => due.focus());
    fireEvent.change(due, { target: { value: "0202-03-20" } });
    act(() => due.blur());
    expect(due.getAttribute("aria-invalid")).toBe("true");
    expect(due.value).toBe("2027-01-15");
    expect(open.store.getView().actions[id]?.due).toBe("2027-01-15");
    fireEvent.change(due, { target: { value: "" } });
    fireEvent.keyDown(due, { key: "Enter" });
    expect(open.store.getView().actions[id]?.due).toBeNull();
  });

  it("adds a card to an action already in the plan and takes it off again", async () => {
    const { open, pain } = renderPlan();
    act(() => {
      addAction(open.doc, { title: "縮短回覆時間", team: "service", author: "", cards: [] });
    });
    fireEvent.click(screen.getByText("客服回覆太慢", { exact: false }));
    fireEvent.change(await screen.findByTestId("card-action-link"), {
      target: { value: Object.keys(open.store.getView().actions)[0] },
    });
    expect(Object.values(open.store.getView().actions)[0]?.cards).toEqual([pain]);
    expect(screen.getByTestId("card-action").textContent).toContain("縮短回覆時間");
    // every action answers it now: nothing left to add it to
    expect(screen.queryByTestId("card-action-link")).toBeNull();

    fireEvent.click(screen.getByTestId("pane-actions"));
    fireEvent.click(screen.getByTestId("action-card-unlink"));
    expect(Object.values(open.store.getView().actions)[0]?.cards).toEqual([]);
    expect(screen.queryByTestId("action-card")).toBeNull();
  });

  it("says how to start when the plan is empty and adds an action with its title focused", async () => {
    const { open } = renderPlan();
    fireEvent.click(screen.getByTestId("pane-actions"));
    expect(screen.getByTestId("actions-empty").textContent).toContain("轉為行動");
    fireEvent.click(screen.getByTestId("action-add"));
    const title = await screen.findByTestId("action-title");
    await waitFor(() => expect(document.activeElement).toBe(title));
    expect(Object.values(open.store.getView().actions)[0]?.title).toBe("新行動");
  });
});
