// The board from the keyboard, in one rendered Board: "+ Add card" then Escape leaves no empty
// card; Alt+arrows move the selected card; "?" lists the shortcuts in a dialog that Escape closes,
// giving the focus back; Escape in the channel picker's "other channel" field closes the picker.
import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { makeMapDoc } from "../../../test/doc/fixture";
import { addCard } from "../../doc/actions";
import { ROOT } from "../../doc/schema";
import { MapStore } from "../../doc/store";
import { mapUndoManager, UndoSteps } from "../../doc/undoSteps";
import "../../../test/editor/jsdomLayout";
import type { OpenMap } from "../../hooks/useOpenMap";
import { initI18n } from "../../i18n";
import type { RoomSync } from "../../sync/room";
import type { RoomStatus } from "../../sync/types";
import { Board } from "./Board";

afterEach(cleanup);
initI18n("zh-TW");

class NoResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
const realRO = globalThis.ResizeObserver;
// jsdom has no CSS.escape, which the board uses to find a card or cell by id (ids here need none),
// nor scrolling. Kept to the end: focus moves a frame after the test's last step.
if (typeof CSS === "undefined") Object.assign(globalThis, { CSS: { escape: (s: string) => s } });
if (!Element.prototype.scrollBy) Element.prototype.scrollBy = () => {};
beforeAll(() => {
  globalThis.ResizeObserver = NoResizeObserver as unknown as typeof ResizeObserver;
});
afterAll(() => {
  globalThis.ResizeObserver = realRO;
});

const STATUS: RoomStatus = {
  state: "saved",
  joined: true,
  loaded: true,
  pending: 0,
  error: null,
  access: null,
};

function renderBoard(): OpenMap {
  const doc = makeMapDoc(
    ["s1", "s2"],
    [
      { id: "l1", title: "行為", kind: "cards" },
      { id: "l2", title: "管道", kind: "channels" },
    ],
  );
  addCard(doc, { stage: "s1", lane: "l1", department: "", author: "", afterPos: null, text: "甲" });
  const undo = mapUndoManager(doc);
  const open: OpenMap = {
    mapId: "m1",
    doc,
    store: new MapStore(doc),
    room: {} as unknown as RoomSync,
    undo,
    steps: new UndoSteps(undo),
  };
  render(
    <Board
      open={open}
      status={STATUS}
      author="小林"
      rater={{ id: "p1", name: "小林", color: "#2f6fde" }}
    />,
  );
  return open;
}

const cardsIn = (stage: string) =>
  Array.from(
    document.querySelectorAll(
      `[data-testid='cell'][data-stage-id='${stage}'] [data-testid='card']`,
    ),
  ).map((c) => c.textContent ?? "");

describe("the board from the keyboard", () => {
  it("removes a card added and left empty", async () => {
    const open = renderBoard();
    const add = screen.getAllByTestId("add-card")[1];
    if (!add) throw new Error("no add button");
    fireEvent.click(add);
    const editor = screen.getByTestId("card-editor");
    fireEvent.keyDown(editor, { key: "Escape" });
    await waitFor(() => expect(open.doc.getMap(ROOT.cards).size).toBe(1));
  });

  it("moves the selected card to the next stage with Alt+ArrowRight", () => {
    renderBoard();
    const body = document.querySelector<HTMLElement>("[data-testid='card'] .card-body");
    if (!body) throw new Error("no card");
    fireEvent.click(body);
    body.focus();
    act(() => {
      fireEvent.keyDown(body, { key: "ArrowRight", altKey: true });
    });
    expect(cardsIn("s1")).toEqual([]);
    expect(cardsIn("s2")).toHaveLength(1);
  });

  it("opens the shortcuts with ? and closes them with Escape, focus back where it was", () => {
    renderBoard();
    const body = document.querySelector<HTMLElement>("[data-testid='card'] .card-body");
    body?.focus();
    act(() => {
      fireEvent.keyDown(window, { key: "?" });
    });
    const dialog = screen.getByRole("dialog", { name: "鍵盤快速鍵" });
    expect(dialog.getAttribute("aria-modal")).toBe("true");
    expect(dialog.textContent).toContain("F6");
    expect(document.activeElement).toBe(screen.getByTestId("shortcuts-close"));
    fireEvent.keyDown(screen.getByTestId("shortcuts-close"), { key: "Escape" });
    expect(screen.queryByTestId("shortcuts-dialog")).toBeNull();
    expect(document.activeElement).toBe(body);
  });

  it("closes the channel picker on Escape in its other-channel field, changing nothing", () => {
    const open = renderBoard();
    const before = open.doc.oplogVersion().toJSON();
    const picker = screen.getAllByTestId("channel-picker")[0];
    if (!picker) throw new Error("no picker");
    fireEvent.click(picker);
    const input = screen.getByTestId("channel-custom-input");
    input.focus();
    fireEvent.change(input, { target: { value: "小程式" } });
    fireEvent.keyDown(input, { key: "Escape" });
    expect(screen.queryByTestId("channel-popover")).toBeNull();
    expect(document.activeElement).toBe(picker);
    expect(open.doc.oplogVersion().toJSON()).toEqual(before);
  });
});
